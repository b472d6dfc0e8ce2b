"""The grid's page cache without Qt: rows by number, keys for the next page, bounded memory."""

from __future__ import annotations

from guiapp.core.data.pagecache import PageCache
from guiapp.core.data.paging import Page


def page(no: int, size: int = 10, rows: int | None = None) -> Page:
    count = size if rows is None else rows
    return Page(offset=no * size, rows=[(no * size + i,) for i in range(count)], method="test",
                last_key=(no * size + count - 1,))


def test_rows_come_from_their_page_and_a_missing_page_says_so() -> None:
    cache = PageCache(page_size=10, max_pages=4)
    cache.store(2, page(2))
    assert cache.row(25) == (25,) and cache.row(5) is None and 2 in cache and 1 not in cache
    assert cache.last_key(2) == (29,) and cache.last_key(1) is None


def test_pages_far_from_the_newest_go_first_and_memory_stays_bounded() -> None:
    cache = PageCache(page_size=10, max_pages=3)
    for no in (0, 1, 2, 50, 51):
        cache.store(no, page(no))
    assert [no for no in (0, 1, 2, 50, 51) if no in cache] == [2, 50, 51]
    assert cache.rows == 30 and cache.last_key(0) is None


def test_a_shrunk_table_drops_the_pages_past_its_end() -> None:
    cache = PageCache(page_size=10, max_pages=5)
    for no in range(4):
        cache.store(no, page(no))
    cache.drop_from_row(20)
    assert [no for no in range(4) if no in cache] == [0, 1] and cache.last_key(3) is None
    cache.store(1, page(1, rows=4))  # a short last page: rows past it are simply absent
    assert cache.row(13) == (13,) and cache.row(15) is None

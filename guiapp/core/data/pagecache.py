"""The grid's page cache, without Qt: pages by number, evicted far from where the user looks.

Like DB Browser for SQLite's RowCache beside its RowLoader: the model asks it for rows and
tells it what arrived; the loader asks it for the last key of a page, to read the next one
by keyset. Memory stays bounded by ``max_pages`` pages of ``page_size`` rows.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from guiapp.core.data.paging import Page


class PageCache:
    """Pages of one table view, at most ``max_pages`` of them."""

    def __init__(self, page_size: int, max_pages: int) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self._pages: OrderedDict[int, Page] = OrderedDict()
        self._last_keys: dict[int, tuple[Any, ...]] = {}

    def __contains__(self, page_no: int) -> bool:
        return page_no in self._pages

    @property
    def rows(self) -> int:
        """Rows held now (what bounds memory)."""
        return sum(len(p.rows) for p in self._pages.values())

    def page_of(self, row: int) -> int:
        return row // self.page_size

    def row(self, row: int) -> tuple[Any, ...] | None:
        """A row's values if its page is here, else None."""
        page = self._pages.get(row // self.page_size)
        if page is None:
            return None
        i = row - page.offset
        return page.rows[i] if 0 <= i < len(page.rows) else None

    def last_key(self, page_no: int) -> tuple[Any, ...] | None:
        """The sort key of a page's last row, so the next page can be read after it.
        Called from the loader's thread: a dict lookup, safe without a lock."""
        return self._last_keys.get(page_no)

    def store(self, page_no: int, page: Page) -> None:
        """Keep a page that arrived; evict the pages farthest from it beyond the limit."""
        self._pages[page_no] = page
        self._pages.move_to_end(page_no)
        if page.last_key is not None:
            self._last_keys[page_no] = page.last_key
        while len(self._pages) > self.max_pages:
            far = max(self._pages, key=lambda p: abs(p - page_no))
            del self._pages[far]
            self._last_keys.pop(far, None)

    def drop_from_row(self, total: int) -> None:
        """Forget pages that start at or after row ``total`` (the table shrank)."""
        for page_no in [p for p in self._pages if p * self.page_size >= total]:
            del self._pages[page_no]
            self._last_keys.pop(page_no, None)

    def clear(self) -> None:
        self._pages.clear()
        self._last_keys.clear()

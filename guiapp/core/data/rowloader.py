"""A worker thread that alone reads a table's pages (DB Browser for SQLite's RowLoader).

The grid asks for the pages it needs now; a newer request replaces the older
one, and pages no longer wanted are reported as dropped. Each page is read as
a Job on a connection checked out for that page and returned after it (a table
without a key is read forward from one server-side cursor instead). Every
request carries the grid's *life* number so results from before a reset
(new sort, new filter) are ignored by the grid.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from guiapp.core.errors import GuiappError, QueryCancelledError, report_bug
from guiapp.core.run.jobs import Job
from guiapp.core.data.paging import Page, StreamCursor, TablePager
from guiapp.core.run.worker import Workers

Deliver = Callable[[int, int, "Page | None", "str | None"], None]
"""deliver(life, page_no, page or None, error text or None); page None and error None: dropped."""


class RowLoader:
    """Loads pages for one grid on one ordered worker of its own."""

    def __init__(self, pager: TablePager, page_size: int, deliver: Deliver,
                 after_key: Callable[[int], tuple[Any, ...] | None]) -> None:
        self.pager = pager
        self.page_size = page_size
        self._deliver = deliver
        self._after_key = after_key
        self._cond = threading.Condition()
        self._pending: list[int] = []
        self._life = 0
        self._job: Job | StreamCursor | None = None
        self._stopped = False
        # Tables without a key are read forward from one server-side cursor, per life.
        self._stream: StreamCursor | None = None
        self._stream_life = -1
        self._worker = Workers(f"guiapp-rows-{pager.info.name}", on_bug=report_bug)

    def request(self, life: int, pages: list[int]) -> None:
        """Load ``pages`` (first first) for ``life``; forget what was asked before."""
        with self._cond:
            dropped = [p for p in self._pending if p not in pages] if life == self._life else []
            if life != self._life and self._job is not None:
                self._job.cancel_async()  # a reset: the running page is stale
            self._life, self._pending = life, list(pages)
        self._worker.submit(self._serve)
        for page_no in dropped:
            self._deliver(life, page_no, None, None)

    def cancel(self) -> None:
        """Stop the page being read and forget the waiting ones (the user pressed Cancel)."""
        with self._cond:
            life, dropped, self._pending = self._life, self._pending, []
            if self._job is not None:
                self._job.cancel_async()
        for page_no in dropped:
            self._deliver(life, page_no, None, None)

    def stop(self) -> None:
        """Forget every page, stop the one being read, and give the cursor's connection back."""
        with self._cond:
            self._stopped = True
            self._pending = []
            if self._job is not None:
                self._job.cancel_async()
        self._worker.submit(self._close_stream)
        self._worker.shutdown()

    def join(self, timeout: float | None = None) -> None:
        self._worker.join(timeout)

    def _stream_for(self, life: int) -> StreamCursor:
        """The forward cursor of this life (a reset means a new sort or filter: a new cursor)."""
        if self._stream is None or self._stream_life != life:
            if self._stream is not None:
                self._stream.close()
            self._stream, self._stream_life = StreamCursor(self.pager), life
        return self._stream

    def _close_stream(self) -> None:
        if self._stream is not None:  # whatever ended the reads, the cursor's connection goes back
            self._stream.close()
            self._stream = None

    def _serve(self) -> None:
        """Read the pending pages, newest request first (runs on the worker)."""
        while True:
            with self._cond:
                if self._stopped or not self._pending:
                    return
                life, page_no = self._life, self._pending.pop(0)
                # What cancel() stops: the page's job, or the forward cursor of a keyless table.
                job = Job(self.pager.db) if self.pager.has_key else None
                self._job = job if job is not None else self._stream_for(life)
            try:
                if job is not None:
                    after = self._after_key(page_no - 1) if page_no > 0 else None
                    page = job.run(lambda conn: self.pager.read(conn, page_no * self.page_size,
                                                                self.page_size, after))
                else:
                    page = self._stream_for(life).read(page_no * self.page_size, self.page_size)
                self._deliver(life, page_no, page, None)
            except QueryCancelledError:
                self._deliver(life, page_no, None, None)  # not loaded, and not an error
            except BaseException as exc:  # reported to the grid, never raised on this thread
                self._deliver(life, page_no, None, str(exc if isinstance(exc, GuiappError) else report_bug(exc)))
            finally:
                with self._cond:
                    self._job = None

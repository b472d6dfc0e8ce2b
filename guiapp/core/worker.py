"""One ordered worker thread: what a console's session or a grid's loader runs, one job at a time.

The window's other jobs (schema reads, counts, connects) go to the task runner's thread pool;
work that must never overlap on one connection goes to a SerialWorker of its own.
"""

from __future__ import annotations

import queue
import threading
from typing import Any, Callable


class SerialWorker:
    """One daemon thread running submitted calls in order, so a session's statements, fetches
    and commits never overlap. A daemon thread, unlike concurrent.futures', is never joined at
    interpreter exit: quitting cannot hang behind a server that stopped answering."""

    def __init__(self, name: str, on_bug: Callable[[BaseException], None]) -> None:
        self._queue: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]] | None] = queue.SimpleQueue()
        self._on_bug = on_bug
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        self._queue.put((fn, args))

    def shutdown(self) -> None:
        self._queue.put(None)

    def join(self, seconds: float | None = None) -> bool:
        """Wait until the queued work is done; False if it is still running after ``seconds``."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            fn, args = item
            try:
                fn(*args)
            except BaseException as exc:  # every job reports its own errors; never kill the worker
                self._on_bug(exc)

"""Run core jobs on worker threads and hand their results back on the GUI thread.

Every job runs on the core's worker pool (``guiapp.core.run.worker``, the one mechanism the CLI and
the consoles use too); its result or error comes back through a queued Qt signal. Jobs may belong
to a *group*: a new job of the group takes the place of one still waiting, and the result of a
superseded job is dropped (harlequin's ``exclusive=True``, DB Browser for SQLite's life counter).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from guiapp.core.run.worker import Ticket, Workers


@dataclass
class _Pending:
    group: str | None
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Any], None] | None
    owner: QObject | None
    ticket: Ticket | None = None
    on_stale: Callable[[Any], None] | None = None


class TaskRunner(QObject):
    """Submit callables; get their results back on the GUI thread.

    Signals:
        busyChanged(bool): True while any job is running or waiting.
    """

    _finished = Signal(int, object, object)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._workers = Workers("guiapp-tasks", threads=max_threads)
        self._closed = False
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(self, fn: Callable[[], Any], *, group: str | None = None,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Any], None] | None = None,
               owner: QObject | None = None, on_stale: Callable[[Any], None] | None = None) -> int:
        """Run ``fn()`` on a worker. ``owner``: drop the result if it was deleted meanwhile.
        ``on_stale(result)`` gets a superseded job's result, to release what it holds."""
        job_id = next(self._ids)
        if self._closed:
            return job_id  # the window is closing: nothing new starts
        if group is not None:
            previous = self._latest.get(group)
            waiting = self._pending.get(previous) if previous is not None else None
            if waiting is not None and waiting.ticket is not None and waiting.ticket.withdraw():
                del self._pending[previous]  # never started: it will never report
            self._latest[group] = job_id
        was_busy = self.busy
        pending = self._pending[job_id] = _Pending(group, on_done, on_error, owner, on_stale=on_stale)
        pending.ticket = self._workers.submit(self._run, job_id, fn)
        if not was_busy:
            self.busyChanged.emit(True)
        return job_id

    def _run(self, job_id: int, fn: Callable[[], Any]) -> None:
        """On a worker: run the job, and post its outcome to the GUI thread as a value."""
        try:
            result, error = fn(), None
        except BaseException as exc:
            from guiapp.core.errors import GuiappError, report_bug
            result, error = None, exc if isinstance(exc, GuiappError) else report_bug(exc)
        if shiboken6.isValid(self):
            self._finished.emit(job_id, result, error)

    def is_current(self, job_id: int, group: str) -> bool:
        return self._latest.get(group) == job_id

    def _deliver(self, job_id: int, result: Any, error: BaseException | None) -> None:
        pending = self._pending.pop(job_id, None)
        if not self._pending:
            self.busyChanged.emit(False)
        if pending is None:
            return
        if pending.group is not None and self._latest.get(pending.group) != job_id:
            if error is None and pending.on_stale is not None:
                pending.on_stale(result)
            return  # superseded by a newer job of the same group
        if pending.owner is not None and not shiboken6.isValid(pending.owner):
            return
        if error is None:
            if pending.on_done is not None:
                pending.on_done(result)
        elif pending.on_error is not None:
            pending.on_error(error)

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Forget waiting jobs and give running ones a moment to finish."""
        self._closed = True
        self._workers.clear()
        self._workers.shutdown()
        self._workers.join(timeout_ms / 1000)

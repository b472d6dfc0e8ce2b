"""guiapp's one way to run work off the calling thread: a small pool of daemon threads.

The window's task runner is a pool of four (schema reads, counts, connects, exports); a
console's runner and a grid's row loader each have a pool of one, so a session's statements,
fetches and commits never overlap on its connection; the CLI runs a command on a pool of one so
that its main thread stays free to take Ctrl-C. Daemon threads, unlike concurrent.futures' or
QThreadPool's, are never joined at interpreter exit: quitting cannot hang behind a server that
stopped answering.
"""

from __future__ import annotations

import collections
import contextvars
import enum
import threading
import time
from typing import Any, Callable


def _done() -> None:
    """What a ticket's call becomes once it has run."""


class _State(enum.Enum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    WITHDRAWN = "withdrawn"


class Ticket:
    """One submitted call: withdraw it before it starts, or wait for its outcome."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._fn, self._args = fn, args
        # The submitter's context variables go with the call: current_database, and a host
        # application's own (Flask's current_app inside `flask guiapp`), in signal receivers too.
        self._context: contextvars.Context | None = contextvars.copy_context()
        self._state = _State.WAITING
        self._lock = threading.Lock()
        self._ended = threading.Event()
        self._value: Any = None
        self._error: BaseException | None = None

    def withdraw(self) -> bool:
        """True if the call had not started: it never will."""
        with self._lock:
            if self._state is not _State.WAITING:
                return False
            self._state = _State.WITHDRAWN
        self._ended.set()
        return True

    def wait(self, seconds: float | None = None) -> bool:
        """True once the call has ended (or was withdrawn). A wait that Ctrl-C interrupts raises
        KeyboardInterrupt and leaves the ticket as it was."""
        return self._ended.wait(seconds)

    def result(self) -> Any:
        """The call's return value; its exception is raised here, on the waiting thread."""
        if self._error is not None:
            raise self._error
        return self._value

    def _claim(self) -> bool:
        with self._lock:
            if self._state is not _State.WAITING:
                return False
            self._state = _State.RUNNING
            return True

    def _run(self, on_bug: Callable[[BaseException], Any] | None) -> None:
        try:
            self._value = self._context.run(self._fn, *self._args)  # type: ignore[union-attr]
        except BaseException as exc:  # never kill the worker: report, or hand to the waiter
            if on_bug is not None:
                on_bug(exc)
            else:
                self._error = exc
        finally:
            self._fn, self._args, self._context = _done, (), None  # let go of what the call held
            self._state = _State.DONE
            self._ended.set()


class Workers:
    """Up to ``threads`` daemon threads taking submitted calls in order from one queue.

    With one thread the calls run one after another in the order given. Threads start when work
    comes and end after ``idle_seconds`` without any. ``on_bug`` gets what a call raised; without
    it the exception waits in the ticket for ``result()``.
    """

    def __init__(self, name: str, threads: int = 1, on_bug: Callable[[BaseException], Any] | None = None,
                 idle_seconds: float = 30.0) -> None:
        self.name = name
        self._max = max(1, threads)
        self._on_bug = on_bug
        self._idle_seconds = idle_seconds
        self._jobs: collections.deque[Ticket] = collections.deque()
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._closing = False
        self._cond = threading.Condition()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Ticket:
        """Queue ``fn(*args)``. After shutdown() the call is refused: its ticket comes back withdrawn."""
        ticket = Ticket(fn, args)
        with self._cond:
            if self._closing:
                ticket.withdraw()
                return ticket
            self._jobs.append(ticket)
            if self._idle < len(self._jobs) and len(self._threads) < self._max:
                self._start_thread()
            else:
                self._cond.notify()
        return ticket

    def clear(self) -> int:
        """Withdraw every call that has not started; how many were."""
        with self._cond:
            waiting, self._jobs = list(self._jobs), collections.deque()
        return sum(ticket.withdraw() for ticket in waiting)

    def shutdown(self) -> None:
        """Refuse new calls; the threads end once the queued ones are done."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()

    def join(self, seconds: float | None = None) -> bool:
        """After shutdown(): wait for the queued work to end; False if some still runs after ``seconds``."""
        with self._cond:
            threads = list(self._threads)
        deadline = None if seconds is None else time.monotonic() + seconds
        for thread in threads:
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in threads)

    def _start_thread(self) -> None:
        number = len(self._threads) + 1
        name = self.name if self._max == 1 else f"{self.name}-{number}"
        thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _loop(self) -> None:
        me = threading.current_thread()
        with self._cond:
            while True:
                while not self._jobs and not self._closing:
                    self._idle += 1
                    woken = self._cond.wait(self._idle_seconds)
                    self._idle -= 1
                    if not woken and not self._jobs:
                        break  # idle too long: end; the next submit starts a thread again
                if not self._jobs:
                    self._threads.remove(me)
                    return
                ticket = self._jobs.popleft()
                if not ticket._claim():
                    continue
                self._cond.release()
                try:
                    ticket._run(self._on_bug)
                finally:
                    self._cond.acquire()


def in_background(name: str, fn: Callable[..., Any], *args: Any, report: bool = True) -> Ticket:
    """Call ``fn(*args)`` on a thread of its own and do not wait: for a call that may block on the
    network (a cancel opens a connection) from a thread that must not (the GUI's, a fetch's).
    What it raises is logged as a bug, since nobody waits for it; ``report=False`` keeps it in the
    ticket instead, for a caller that does wait."""
    from guiapp.core.errors import report_bug
    workers = Workers(name, on_bug=report_bug if report else None)
    ticket = workers.submit(fn, *args)
    workers.shutdown()
    return ticket

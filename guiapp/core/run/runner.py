"""Run scripts the way a console does, without Qt: one worker thread per runner, typed messages out.

The console and ``guiapp query`` both hold a ScriptRunner. It splits the script, runs each
statement on its QuerySession, streams rows in batches and posts frozen messages (in the
manner of harlequin's ``messages.py``) to one callback, in order, from its worker thread. The
window relays that callback to the GUI thread with one Qt signal; the CLI writes as they come.
Everything a runner does to its session happens on its worker, one job at a time; only
``stop()`` acts from another thread (a cancel on the server).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from guiapp.core.connect.context import set_database
from guiapp.core.errors import BugError, GuiappError, QueryCancelledError
from guiapp.core.run.query import QuerySession, Result
from guiapp.core.script import Statement, script_statements
from guiapp.core.run.worker import Workers, in_background
from guiapp.core.wording import counted

FIRST_BATCH = 500
BATCH = 2000


# -- messages ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatementStarted:
    run: int
    statement: Statement


@dataclass(frozen=True)
class ResultStarted:
    """A statement returned rows; ``index`` counts the result sets of the run from 0."""
    run: int
    index: int
    columns: tuple[str, ...]


@dataclass(frozen=True)
class RowsFetched:
    run: int
    index: int
    rows: list[tuple[Any, ...]]
    done: bool


@dataclass(frozen=True)
class StatementFinished:
    """``statement`` is None for Commit and Rollback; ``summary`` says rows and time."""
    run: int
    statement: Statement | None
    summary: str
    rowcount: int = -1
    seconds: float = 0.0


@dataclass(frozen=True)
class Notice:
    """Something the user should read: a server warning, an implicit commit, rows left unread.

    ``index``: the result set it concerns, if the statement returned rows; ``server``: the
    server's own warning (a result it says may be incomplete is marked)."""
    run: int
    text: str
    index: int | None = None
    server: bool = False


@dataclass(frozen=True)
class StatementFailed:
    run: int
    error: GuiappError

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, QueryCancelledError)


@dataclass(frozen=True)
class RunFinished:
    run: int
    in_transaction: bool
    seconds: float
    failed: bool = False


Message = Union[StatementStarted, ResultStarted, RowsFetched, StatementFinished, Notice, StatementFailed,
                RunFinished]


# -- the runner ------------------------------------------------------------------------------------
@dataclass
class _Open:
    """A result whose rows are still on the server, fetched as the viewer scrolls."""
    result: Result
    statement: Statement
    fetched: int = 0
    notices_seen: tuple[str, ...] = ()  # posted when the statement finished


@dataclass
class ScriptRunner:
    """Runs scripts on one QuerySession, posting messages to ``post`` from its own thread.

    ``row_cap``: rows a result keeps before the rest is left on the server (None: every row,
    as the CLI wants). ``keep_last_open``: the last statement's rows stay open for fetch_more()
    (the console's grid fetches on scroll) instead of being read up to the cap.
    """

    session_factory: Callable[[], QuerySession]
    post: Callable[[Message], None]
    name: str = "guiapp-runner"
    row_cap: int | None = 10_000
    keep_last_open: bool = True
    first_batch: int = FIRST_BATCH
    batch: int = BATCH
    _session: QuerySession | None = field(default=None, init=False)
    _open: dict[tuple[int, int], _Open] = field(default_factory=dict, init=False)
    _run: int = field(default=0, init=False)
    _busy: bool = field(default=False, init=False)
    _stopped: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._worker = Workers(self.name, on_bug=self._bug)
        self._lock = threading.Lock()

    # -- asked from any thread ---------------------------------------------------------------------
    @property
    def session(self) -> QuerySession | None:
        return self._session

    @property
    def busy(self) -> bool:
        return self._busy

    def run(self, text: str) -> int:
        """Queue ``text`` to run; the id its messages carry."""
        with self._lock:
            self._run += 1
            run = self._run
            self._busy = True
        self._worker.submit(self._run_script, run, text)
        return run

    def fetch_more(self, run: int, index: int, size: int) -> None:
        """Queue reading up to ``size`` more rows of an open result; RowsFetched follows."""
        self._worker.submit(self._fetch_more, run, index, size)

    def commit(self) -> int:
        return self._queue_end("commit")

    def rollback(self) -> int:
        return self._queue_end("rollback")

    def set_autocommit(self, on: bool) -> None:
        self._worker.submit(lambda: self._session_now().set_autocommit(on))

    def stop(self) -> bool:
        """Cancel the running statement on the server. Blocks up to the backend's side timeout:
        call it from a thread that may wait (never the GUI thread). False if nothing ran."""
        self._stopped = self._run  # a run still queued stops before its first statement
        session = self._session
        return bool(session is not None and session.cancel())

    def stop_async(self) -> None:
        """stop() on a thread of its own, errors ignored: for a thread that must not wait."""
        def stop_quietly() -> None:
            try:
                self.stop()
            except Exception:  # the server is gone: nothing left to stop
                pass
        in_background(f"{self.name}-stop", stop_quietly)

    def shutdown(self, commit: bool = False) -> None:
        """End the session (commit or roll back) once queued work is done, then stop the worker."""
        def close() -> None:
            self._discard_open()
            session = self._session
            if session is not None:
                if commit:
                    session.commit()
                session.close()
        self._worker.submit(close)
        self._worker.shutdown()

    def wait(self, seconds: float | None = None) -> bool:
        """After shutdown(): wait for the worker to finish; False if it had not within ``seconds``."""
        return self._worker.join(seconds)

    # -- on the worker -------------------------------------------------------------------------------
    def _session_now(self) -> QuerySession:
        if self._session is None:
            self._session = self.session_factory()
        return self._session

    def _run_script(self, run: int, text: str) -> None:
        started = time.perf_counter()
        post, failed = self.post, False
        session: QuerySession | None = None
        try:
            self._discard_open()
            session = self._session_now()
            session.arm()
            set_database(session.db)  # current_database for receivers of the query signals
            statements = script_statements(text, session.db.backend.flavour)
            results = 0
            for position, statement in enumerate(statements):
                if self._stopped == run:
                    raise QueryCancelledError("Query cancelled.")
                post(StatementStarted(run, statement))
                result = session.execute(statement)
                index = results if result.has_rows else None
                if result.has_rows:
                    self._stream(run, results, result, last=position == len(statements) - 1)
                    results += 1
                post(StatementFinished(run, statement, summary(result), result.rowcount,
                                       result.elapsed + result.fetch_elapsed))
                for text_notice in result.notices:
                    post(Notice(run, f"Statement {statement.number}: {text_notice}", index))
                for warning in result.warnings:
                    post(Notice(run, f"Statement {statement.number}: {warning}", index, server=True))
        except GuiappError as exc:
            failed = True
            post(StatementFailed(run, exc))
        except Exception as exc:
            failed = True
            post(StatementFailed(run, self._bug(exc)))
        finally:
            if session is not None:
                session.disarm()
            self._busy = False
            in_tx = bool(session is not None and session.in_transaction)
            post(RunFinished(run, in_tx, time.perf_counter() - started, failed))

    def _stream(self, run: int, index: int, result: Result, last: bool) -> None:
        self.post(ResultStarted(run, index, result.columns))
        rows = result.fetch(self._within_cap(self.first_batch, 0))
        self.post(RowsFetched(run, index, rows, result.done))
        fetched = len(rows)
        if not result.done and last and self.keep_last_open:
            self._open[(run, index)] = _Open(result, result.statement, fetched, tuple(result.notices))
            return
        while not result.done and (self.row_cap is None or fetched < self.row_cap):
            batch = result.fetch(self._within_cap(self.batch, fetched))
            fetched += len(batch)
            self.post(RowsFetched(run, index, batch, result.done))
        if not result.done:
            result.close()
            self.post(Notice(run, f"Statement {result.statement.number}: only the first {fetched:,} rows were "
                                  "kept; run it alone to page through all."))

    def _within_cap(self, size: int, fetched: int) -> int:
        """A batch that never takes a result past ``row_cap``."""
        return size if self.row_cap is None else max(1, min(size, self.row_cap - fetched))

    def _fetch_more(self, run: int, index: int, size: int) -> None:
        held = self._open.get((run, index))
        if held is None:
            self.post(RowsFetched(run, index, [], True))
            return
        try:
            rows = held.result.fetch(size)
        except GuiappError as exc:
            self._open.pop((run, index), None)
            self.post(RowsFetched(run, index, [], True))
            self.post(StatementFailed(run, exc))
            return
        held.fetched += len(rows)
        if held.result.done:
            self._open.pop((run, index), None)
        self.post(RowsFetched(run, index, rows, held.result.done))
        if held.result.done:  # the server's warnings come with the last row
            number = held.statement.number
            for text_notice in held.result.notices[len(held.notices_seen):]:
                self.post(Notice(run, f"Statement {number}: {text_notice}", index))
            for warning in held.result.warnings:
                self.post(Notice(run, f"Statement {number}: {warning}", index, server=True))

    def _queue_end(self, action: str) -> int:
        with self._lock:
            self._run += 1
            run = self._run
            self._busy = True
        self._worker.submit(self._end, run, action)
        return run

    def _end(self, run: int, action: str) -> None:
        session = self._session
        failed = False
        try:
            if session is not None:
                self._discard_open()
                getattr(session, action)()
                self.post(StatementFinished(run, None, f"{action.capitalize()} done."))
        except GuiappError as exc:
            failed = True
            self.post(StatementFailed(run, exc))
        finally:
            self._busy = False
            self.post(RunFinished(run, bool(session is not None and session.in_transaction), 0.0, failed))

    def _discard_open(self) -> None:
        """Close results still streaming from an earlier run: cancel first, so closing does not
        read a huge rest."""
        held, self._open = self._open, {}
        for item in held.values():
            if not item.result.done:
                if self._session is not None:
                    try:
                        self._session.cancel()
                    except GuiappError:
                        pass
                try:
                    item.result.close()
                except GuiappError:
                    pass

    def _bug(self, exc: BaseException) -> BugError:
        from guiapp.core.errors import report_bug
        return report_bug(exc)


def summary(result: Result) -> str:
    """'12 rows, 3.1 ms', '1 row affected, 0.4 ms', 'done, 2.0 ms'."""
    took = f"{(result.elapsed + result.fetch_elapsed) * 1000:.1f} ms"
    if result.has_rows:
        if not result.done:
            return f"{result.rowcount:,}+ rows, {took}"
        return f"{counted(result.rowcount, 'row')}, {took}"
    if result.rowcount >= 0:
        return f"{counted(result.rowcount, 'row')} affected, {took}"
    return f"done, {took}"

"""Run raw SQL: statements or scripts, results streamed in batches, explicit transactions, cancel.

A QuerySession is what a console tab or ``guiapp query`` holds. It checks a
connection out of the pool for a job and gives it back after, unless a
transaction is open, which the caller ends with commit() or rollback(). Only
one thread runs statements on a session at a time; ``cancel()`` may be called
from any other thread.
"""

from __future__ import annotations

import threading
from contextlib import nullcontext
import time
from typing import Any, Iterator

from sqlalchemy.engine import Connection

from guiapp import signals
from guiapp.core.run.cancel import RunningStatement, server_id
from guiapp.core.connect.database import Database
from guiapp.core.errors import (ConnectionLostError, GuiappError, QueryCancelledError, QueryError,
                                 ReadOnlyError)
from guiapp.core.run.result import DEFAULT_BATCH, Result
from guiapp.core.run.schemanews import SchemaNews
from guiapp.core.script import Statement, script_statements
from guiapp.core.run.transactions import (TRANSACTION_CONTROL, ends_transaction, starts_transaction,  # noqa: F401
                                          typed_end as _typed_end)

# Statements a read-only connection still runs: they change the session, never the data.
_SESSION_ONLY = TRANSACTION_CONTROL | {"SET", "USE", "SAVEPOINT", "RELEASE", "RESET", "DISCARD"}

class QuerySession:
    """Raw SQL over one Database, with explicit transactions and cancel.

    Attributes:
        db: the Database.
        autocommit: when False (the default) changes stay in a transaction until
            commit() or rollback(); when True every statement commits at once.
        dedicated: the session keeps a connection of its own, outside the pool, until
            close() (a console): its USE, SET and PRAGMA stay its own. Otherwise a
            pooled connection is held only while a statement or transaction needs it.
        ends_by_hand: a person ends the transaction with Commit or Rollback (a console), so a
            change that waits for one is announced; a script that ends its own transaction
            (``guiapp query``) speaks of no buttons it does not have.
    """

    IDLE_PING = 1.0  # seconds idle after which a kept connection is checked before use (one round trip)

    def __init__(self, db: Database, *, autocommit: bool = False, dedicated: bool = False,
                 ends_by_hand: bool = True) -> None:
        self.db = db
        self.autocommit = autocommit
        self.dedicated = dedicated
        self.ends_by_hand = ends_by_hand
        self._last_used = time.monotonic()
        self._reconnected = False
        self._conn: Connection | None = None
        self._conn_auto = False      # the connection is in AUTOCOMMIT mode now
        self._dirty = False          # a write ran in the open transaction
        self._news = SchemaNews(db)  # what DDL typed here changed, announced now or on commit
        self._lock = threading.Lock()  # guards _conn for cancel
        self._statement = RunningStatement(db)
        self._probe: tuple[Statement, Any] | None = None  # a read that may write through a function

    # -- state ---------------------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        """True when uncommitted changes are held on this session's connection."""
        return self._dirty

    def receiver_context(self) -> Any:
        """The session's Database as ``current_database`` while its signals run receivers."""
        return self.db.receiver_context()

    def set_autocommit(self, on: bool) -> None:
        """Switch mode; refused while a transaction holds changes (commit or roll back first)."""
        if on == self.autocommit:
            return
        if self._dirty:
            raise QueryError("Commit or roll back the open transaction before switching autocommit.")
        self._release()
        self.autocommit = on

    # -- running -------------------------------------------------------------
    def run(self, text: str) -> Iterator[Result]:
        """Run a script statement by statement; each Result must be consumed or closed
        before the next is produced. Stops at the first error (raised)."""
        self.arm()
        try:
            for statement in script_statements(text, self.db.backend.flavour):
                result = self.execute(statement)
                try:
                    yield result
                finally:
                    result.close()
        finally:
            self.disarm()

    def execute(self, statement: Statement | str) -> Result:
        """Run one statement. Queries come back open for fetching; others come back done."""
        if isinstance(statement, str):
            statement = Statement(statement)
        backend = self.db.backend
        keyword = statement.keyword
        if self.db.options.read_only and not statement.is_read_only and keyword not in _SESSION_ONLY:
            raise self._statement_failed(statement, ReadOnlyError(
                f"This connection is read-only: {keyword or 'the statement'} was not run."))
        stream = backend.can_stream(statement)
        notices: list[str] = []
        typed_end = None if self.autocommit else _typed_end(statement)
        implicit_commit = not self.autocommit and typed_end is None and \
            backend.commits_implicitly(keyword, statement.sql)
        if implicit_commit and self._dirty:
            notices.append(f"{keyword} commits the open transaction at once on {backend.name}: the "
                           "changes made before it are committed now, and Rollback cannot undo them.")
        conn = self._connection()
        if self._reconnected:
            self._reconnected = False
            notices.append("The server had closed this console's idle connection; a new one was opened "
                           "(USE, SET and temporary tables start afresh).")
        try:
            self._set_mode(conn, stream)
            tables_before = SchemaNews.tables(conn) if statement.is_ddl else None
            typed_begin = not self.autocommit and not self._dirty and starts_transaction(statement)
            if typed_begin:
                # BEGIN ... COMMIT typed (a dump, `guiapp diff`): the user's BEGIN opens the transaction
                # guiapp would have opened, so that the script runs as written.
                if conn.in_transaction():
                    conn.rollback()  # holds nothing: a read's snapshot at most
        except Exception as exc:  # the connection failed before the statement even ran
            raise self._statement_failed(statement, exc) from None
        if tables_before is not None:
            self._news.before(statement, tables_before)
        holds = backend.holds_changes(statement)
        self._probe = None
        if not (holds or self.autocommit or self._dirty or implicit_commit or typed_end) and "(" in statement.sql \
                and not backend.server_autocommits(conn.connection.dbapi_connection):
            # SELECT f(), SET @x = f(): only a function call can write here; ask afterwards whether one did.
            before = backend.writes_before(conn)
            self._probe = None if before is None else (statement, before)
        signals.query_started.send(self, sql=statement.sql, statement_no=statement.number)
        try:
            self._statement.attach(conn)
        except Exception as exc:
            raise self._statement_failed(statement, exc) from None
        start = time.perf_counter()
        try:
            # Options for this statement only: Connection.execution_options() would change the
            # connection for every later statement (a CREATE run through a server-side cursor).
            opts: dict[str, Any] = {"no_parameters": True}
            if stream:
                opts.update(stream_results=True, max_row_buffer=DEFAULT_BATCH)
            with backend.typed_begin(conn) if typed_begin else nullcontext():
                cursor = conn.exec_driver_sql(statement.sql, execution_options=opts)
        except BaseException as exc:
            raise self._statement_failed(statement, exc) from None
        elapsed = time.perf_counter() - start
        if implicit_commit:
            # The server committed by itself: say so, and offer no Rollback that cannot undo it.
            self._dirty = False
            if cursor.returns_rows:
                cursor.fetchall()
            conn.commit()
        elif typed_end is not None:
            # COMMIT or ROLLBACK typed: the server ended the transaction; end SQLAlchemy's as well,
            # so that the console offers Commit and Rollback only while there is something to end.
            self._dirty = False
            if cursor.returns_rows:
                cursor.fetchall()
            if conn.in_transaction():
                conn.commit() if typed_end == "commit" else conn.rollback()
        elif holds and not self.autocommit and backend.server_autocommits(conn.connection.dbapi_connection):
            # SET autocommit=1 was typed: the server committed this by itself, whatever guiapp began.
            conn.commit()
            notices.append(f"{keyword} was committed at once: autocommit is on on the server for this "
                           "connection (SET autocommit), so Rollback cannot undo it.")
        elif holds:
            self._dirty = self._dirty or (not self.autocommit and conn.in_transaction())
            if statement.is_ddl and self._dirty and self.ends_by_hand:
                notices.append(f"{keyword} is part of the open transaction: Commit makes it real "
                               "for everyone else, Rollback undoes it.")
        result = Result(statement=statement, elapsed=elapsed, notices=notices, _session=self)
        if cursor.returns_rows and not cursor.closed:
            result.columns = tuple(cursor.keys())
            result._cursor = cursor
            result.rowcount = 0
            result.done = False
        else:
            result.rowcount = cursor.rowcount if cursor.rowcount is not None else -1
            cursor.close()
        signals.query_finished.send(self, sql=statement.sql, statement_no=statement.number,
                                    rowcount=-1 if result.has_rows else result.rowcount, elapsed=elapsed,
                                    has_rows=result.has_rows)
        if tables_before is not None:
            self._news.after(statement, tables_before, SchemaNews.tables(conn), held=self._dirty)
        if implicit_commit:
            self._news.end("commit")
        elif typed_end is not None:
            signals.transaction_ended.send(self, action=typed_end)
            self._news.end(typed_end)
        if result.done:
            result._finish()
        return result

    def arm(self) -> None:
        """A script begins: a Stop from now on stops it, even before a statement reaches the server."""
        self._statement.arm()

    def disarm(self) -> None:
        """The script ended: a Stop until the next one does nothing."""
        self._statement.disarm()

    def cancel(self) -> bool:
        """Stop the running statement, from any thread, or the next one before it reaches the
        server if it is still on its way. False if no statement was on the server."""
        try:
            return self._statement.cancel()
        except Exception as exc:
            raise self.db.error(exc) from None

    # -- transactions ----------------------------------------------------------
    def commit(self) -> None:
        self._end("commit")

    def rollback(self) -> None:
        self._end("rollback")

    def close(self) -> None:
        """Roll back whatever is open and give the connection back (or close a dedicated one)."""
        if self._conn is not None:
            self._end("rollback", announce=self._dirty)
            self._release(final=True)

    def _end(self, action: str, announce: bool = True) -> None:
        conn = self._conn
        self._dirty = False
        if conn is not None:
            try:
                if conn.in_transaction():
                    conn.commit() if action == "commit" else conn.rollback()
            except Exception as exc:
                self._drop_connection()
                self._news.end("rollback")
                raise self.db.error(exc) from None
            finally:
                self._release()
        if announce:
            signals.transaction_ended.send(self, action=action)
        self._news.end(action)

    # -- internals ---------------------------------------------------------------
    def _set_mode(self, conn: Connection, stream: bool) -> None:
        """AUTOCOMMIT for an autocommit session, except around a cursor that needs a transaction."""
        want = self.autocommit and not (stream and self.db.backend.stream_needs_transaction())
        if want == self._conn_auto:
            return
        if conn.in_transaction():
            conn.commit()  # autocommit sessions hold nothing uncommitted
        conn.execution_options(isolation_level="AUTOCOMMIT" if want else conn.default_isolation_level)
        self._conn_auto = want

    def _connection(self) -> Connection:
        if self._conn is not None and self.dedicated and not self._dirty \
                and time.monotonic() - self._last_used > self.IDLE_PING and not self._alive(self._conn):
            self._drop_connection()  # the server closed it (wait_timeout, a restart): open another
            self._reconnected = True
        self._last_used = time.monotonic()
        if self._conn is None:
            if self.dedicated:
                conn = self.db.dedicated_connection()
            else:
                conn = self.db.checkout()
            self._conn_auto = False
            try:
                server_id(self.db, conn)
            except Exception as exc:
                conn.invalidate()
                conn.close()
                raise self.db.error(exc) from None
            with self._lock:
                self._conn = conn
        return self._conn

    def _finish_statement(self, result: Result) -> None:
        """Called when a statement's rows are all read or discarded: its warnings, and whether a
        statement that reads by its keyword wrote after all (its change then waits for Commit)."""
        self._statement.detach()
        result.warnings.extend(self._warnings())
        probe, self._probe = self._probe, None
        conn = self._conn
        if probe is not None and probe[0] is result.statement and conn is not None \
                and self.db.backend.wrote_since(conn, probe[1]):
            self._dirty = True
            fate = ("the change waits in the open transaction; Commit keeps it, Rollback undoes it"
                    if self.ends_by_hand else "the change is kept or undone with the script's other changes")
            result.notices.append(f"{result.statement.keyword} wrote (a function it calls changed data): {fate}.")
        if self.autocommit and conn is not None and not self._conn_auto and conn.in_transaction():
            try:
                conn.commit()  # the short transaction a streamed read needed
            except Exception:
                pass
        if not self._dirty:
            self._release()

    def _statement_failed(self, statement: Statement, exc: BaseException) -> GuiappError:
        cancelled = self._statement.attached and self._statement.cancelled
        self._statement.detach()
        error = self.db.error(exc)
        if cancelled and not isinstance(error, ConnectionLostError):
            error = QueryCancelledError("Query cancelled.", code=error.code)
        elif isinstance(error, ConnectionLostError):
            error = self._lost(error, cancelled)
        if error.line is not None:
            error.line = statement.line + error.line - 1
        elif isinstance(error, QueryError):
            error.line = statement.line
        signals.query_failed.send(self, sql=statement.sql, statement_no=statement.number,
                                  message=str(error), cancelled=isinstance(error, QueryCancelledError))
        conn = self._conn
        if isinstance(error, ConnectionLostError) or (conn is not None and conn.invalidated):
            self._drop_connection()
        elif (isinstance(error, QueryCancelledError) and self._dirty
              and self.db.backend.cancel_rolls_back_transaction):
            # An interrupted write rolls the whole SQLite transaction back.
            self._end("rollback")
        elif not self._dirty:
            self._release()
        return error

    def _lost(self, error: ConnectionLostError, cancelled: bool) -> ConnectionLostError:
        """Say what a lost connection cost: a stop that had to close it, an open transaction gone."""
        text = str(error).rstrip(".") + "."
        if cancelled:
            text = (f"Stopped by closing the connection: the server at {self.db.where} did not answer "
                    f"the request to cancel within {self.db.backend.side_timeout:g} s.")
        if self._dirty:
            text += (" The open transaction was lost: the server rolled back its uncommitted changes.")
        text += " The next statement opens a new connection."
        return ConnectionLostError(text, code=error.code)

    def _warnings(self) -> list[str]:
        if self._conn is None:
            return []
        return self.db.backend.warnings(self._conn.connection.dbapi_connection)

    def _alive(self, conn: Connection) -> bool:
        try:
            return bool(self.db.engine.dialect.do_ping(conn.connection.dbapi_connection))
        except Exception:
            return False

    def _release(self, final: bool = False) -> None:
        """End what the statement left open; give the connection back unless it is the session's own."""
        if self.dedicated and not final:
            conn = self._conn
            if conn is not None and conn.in_transaction():
                try:
                    conn.rollback()  # end the read's snapshot; the connection stays this session's
                except Exception:
                    self._drop_connection()
            return
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                if conn.in_transaction():
                    conn.rollback()
                conn.close()
            except Exception:
                self._invalidate(conn)

    def _drop_connection(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        self._dirty = False
        if conn is not None:
            self._invalidate(conn)

    @staticmethod
    def _invalidate(conn: Connection) -> None:
        try:
            conn.invalidate()
            conn.close()
        except Exception:
            pass


def run_one(db: Database, sql: str) -> list[tuple[Any, ...]]:
    """Convenience for tests and scripts: run a read statement, return all its rows."""
    session = QuerySession(db, autocommit=True)
    try:
        rows: list[tuple[Any, ...]] = []
        for result in session.run(sql):
            for batch in result.batches():
                rows.extend(batch)
        return rows
    finally:
        session.close()

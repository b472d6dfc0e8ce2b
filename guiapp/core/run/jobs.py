"""One unit of database work on its own pooled connection, cancellable from another thread.

In the spirit of Flask's per-request context: a job checks a connection out of
the pool when it starts and gives it back when it ends, so no connection is
ever shared between threads. ``cancel()`` may be called from any thread; it
only reaches the server while the job says its statement is running.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from sqlalchemy.engine import Connection

from guiapp.core.run.cancel import RunningStatement
from guiapp.core.connect.database import Database
from guiapp.core.errors import ConnectionLostError, GuiappError, QueryCancelledError

T = TypeVar("T")


class Job:
    """Run a function on a fresh pooled connection; cancel it from elsewhere."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.statement = RunningStatement(db, armed=True)  # one job, one unit of work

    @property
    def cancelled(self) -> bool:
        return self.statement.cancelled

    def run(self, fn: Callable[[Connection], T], *, stream: bool = False) -> T:
        """``fn(connection)`` with errors translated; a cancel turns into QueryCancelledError."""
        if self.cancelled:
            raise QueryCancelledError("Cancelled.")
        with self.db.connect() as conn:
            try:
                self.statement.attach(conn)
            except Exception as exc:
                raise self.db.error(exc) from None
            if stream:
                conn = conn.execution_options(stream_results=True, max_row_buffer=1000)
            try:
                return fn(conn)
            except (GuiappError, OSError, KeyboardInterrupt):
                raise  # ours, or the caller's own I/O (SQLAlchemy wraps the driver's socket errors)
            except BaseException as exc:
                error = self.db.error(exc)
                if self.cancelled and not isinstance(error, ConnectionLostError):
                    raise QueryCancelledError("Cancelled.") from None
                if isinstance(error, ConnectionLostError) or conn.invalidated:
                    conn.invalidate()
                raise error from None
            finally:
                self.statement.detach()
                if conn.in_transaction():
                    conn.rollback()

    def check(self) -> None:
        """Raise QueryCancelledError if cancel() was called (for loops between batches)."""
        if self.cancelled:
            raise QueryCancelledError("Cancelled.")

    def cancel(self) -> bool:
        """Stop the job: mark it and, if a statement is running, ask the server to stop it.
        Blocks for a round trip; cancel_async() does not."""
        return self.statement.cancel_quietly()

    def cancel_async(self) -> None:
        self.statement.cancel_async()


def run_job(db: Database, fn: Callable[[Connection], T]) -> T:
    """Run ``fn`` once on its own connection (no cancel)."""
    return Job(db).run(fn)


__all__ = ["Job", "run_job"]

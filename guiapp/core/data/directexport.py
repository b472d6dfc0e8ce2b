"""A command-line CSV export on the database's driver alone, without SQLAlchemy or a pool.

``guiapp export`` is a process of its own: importing SQLAlchemy costs more than a 10,000-row
export, and a quarter of what ``psql \\copy`` takes for a million rows. Where the URL is
plain (a SQLite file, a PostgreSQL server) the backend opens its driver's connection as
the pool would, and the file is the same as the pooled export writes: the same CsvWriter,
or the same COPY, into the same PartialFile. Anything else returns None, and the caller
takes the pooled path, which also says what is wrong with a URL or a table.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

from guiapp.core.backends import backend_for
from guiapp.core.connect.urls import split_url
from guiapp.core.data.export import BATCH, ExportResult, Progress, one_query
from guiapp.core.data.exportfile import PartialFile, resolve_target
from guiapp.core.data.output import CsvWriter
from guiapp.core.errors import GuiappError, QueryCancelledError, UndecodableTextError


#: Rows a fetch of the driver's own rows holds here: a batch's tuples, and the text the csv module
#: makes of them, stay in the processor's cache while they are written (5,000 rows: a third more
#: cache misses, 2% more instructions).
ROWS_BATCH = 1000


def receivers_listening() -> bool:
    """Whether a receiver listens to a signal the pooled export sends (the pool's): then the export
    takes that path, so the user's receivers hear it, as the README promises."""
    from guiapp import signals
    sent = (signals.database_opened, signals.connection_created, signals.pool_checkout, signals.pool_checkin,
            signals.pool_waiting, signals.connection_invalidated, signals.database_closed)
    return any(signal.receivers for signal in sent)


class _NotHere(Exception):
    """This path does not apply after all: the partial file goes, the pooled path runs."""


class DirectExport:
    """One export to CSV on a connection of its own; ``stop()`` from another thread cancels it."""

    def __init__(self, url: str, *, read_only: bool = False, timeout: float = 5) -> None:
        self.url = split_url(url)  # where the password ends is the one parser's to say
        self.backend = backend_for(self.url.scheme.split("+", 1)[0])
        self.read_only, self.timeout = read_only, timeout
        self.conn: Any = None
        self.stopped = False

    def run(self, table: str | None, sql: str | None, path: Path, progress: Progress | None = None,
            batch: int | None = None) -> ExportResult | None:
        """Write the rows of ``table`` (or the query ``sql``) to ``path``; None where this path
        does not apply (nothing was written then). ``batch``: rows a fetch (or a progress call)
        holds, BATCH through COPY and ROWS_BATCH through the csv writer unless given."""
        statement = one_query(self.backend, sql) if sql is not None else None
        try:
            self.conn = self.backend.direct_connect(self.url, self.read_only, self.timeout)
        except Exception:
            return None  # the pooled path connects again and reports the failure its way
        if self.conn is None:
            return None
        try:
            if statement is None:
                query = self.backend.direct_table_sql(self.conn, table or "")
                if query is None:
                    return None
            else:
                query = statement.sql
            target, mode = resolve_target(path)
            try:
                with PartialFile(target, mode, shown=path) as out:
                    rows = self._copy(query, statement, out, progress, batch)
                    if rows is None:
                        raise _NotHere
            except (UndecodableTextError, _NotHere):
                return None  # text that is not UTF-8, say: the pooled path reads it as bytes
            return ExportResult(path=path, rows=rows)
        except GuiappError:
            raise
        except Exception as exc:
            if self.stopped:
                raise QueryCancelledError("Query cancelled.") from None
            raise self._error(exc) from None
        finally:
            self.conn.close()

    def _error(self, exc: Exception) -> GuiappError:
        """The driver's error as the pooled path words it (SQLAlchemy wraps it the same way there)."""
        from sqlalchemy.exc import DBAPIError  # only now: something went wrong

        from guiapp.core.errors import translate
        base = next((c for c in type(exc).__mro__ if c.__name__ == "Error"), None)
        if base is not None and not isinstance(exc, OSError):
            exc = DBAPIError.instance(None, None, exc, base, connection_invalidated=self.backend.direct_lost(self.conn))
        where = self.url.location.split("/", 1)[0].split("?", 1)[0]
        secrets = [self.url.password] if self.url.password else []
        return translate(exc, secrets=secrets, where=where)

    def stop(self) -> None:
        self.stopped = True
        if self.conn is not None:
            self.backend.stop_direct(self.conn)

    def _copy(self, query: str, statement: Any, out: Any, progress: Progress | None,
              batch: int | None) -> int | None:
        def tick(rows: int) -> None:
            if self.stopped:
                raise QueryCancelledError("Query cancelled.")
            if progress is not None:
                progress(rows, None)
        if statement is None or self.backend.can_stream(statement):
            rows = self.backend.copy_csv(self.conn, query, out.write, tick, batch or BATCH)
            if rows is not None:
                tick(rows)
                return rows
        return self._rows(query, out, tick, batch or ROWS_BATCH)

    def _rows(self, query: str, out: Any, tick: Callable[[int], None], batch: int) -> int | None:
        """The rows through the csv writer, as the pooled export writes them."""
        if not self.backend.plain_values():
            return None  # the exact text of richer types needs the pooled path's loaders
        self.conn.text_factory = str  # the C decoder; text that is not UTF-8 raises, then bytes
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            cursor = self.conn.execute(query)
            if cursor.description is None:
                return None
            writer = CsvWriter(text, [d[0] for d in cursor.description], bytes_only=self.backend.plain_values())
            written = 0
            while rows := cursor.fetchmany(batch):
                writer.write(rows)
                written += len(rows)
                tick(written)
            text.flush()
            return written
        except Exception as exc:
            if "Could not decode to UTF-8" in str(exc):
                raise UndecodableTextError(str(exc)) from None
            raise
        finally:
            text.detach()


__all__ = ["DirectExport"]

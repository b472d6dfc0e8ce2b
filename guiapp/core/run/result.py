"""One statement's outcome: its columns, counts, times and warnings, and its rows on demand."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Iterator, Protocol

from guiapp.core.errors import GuiappError, QueryError
from guiapp.core.script import Statement


class StatementOwner(Protocol):
    """What a Result tells the session that ran it (a QuerySession)."""

    def _finish_statement(self, result: "Result") -> None: ...

    def _statement_failed(self, statement: Statement, exc: BaseException) -> GuiappError: ...

DEFAULT_BATCH = 1000


@dataclass
class Result:
    """One statement's outcome. Rows come through fetch()/batches(), never all at once.

    Attributes:
        statement: what ran.
        columns: column names ('' tuple for statements without rows).
        rowcount: rows affected (DML) or fetched so far (queries); -1 when unknown.
        elapsed: seconds until the server answered; fetch_elapsed adds row transfer.
        warnings: server warnings, as 'Level code: message' lines.
        notices: what guiapp has to say about the statement (an implicit commit).
    """

    statement: Statement
    columns: tuple[str, ...] = ()
    rowcount: int = -1
    elapsed: float = 0.0
    fetch_elapsed: float = 0.0
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    _cursor: Any = None
    _session: StatementOwner | None = None
    done: bool = True

    @property
    def has_rows(self) -> bool:
        return bool(self.columns)

    def fetch(self, n: int = DEFAULT_BATCH) -> list[tuple[Any, ...]]:
        """Up to ``n`` more rows; an empty list once the result is exhausted."""
        if self.done or self._cursor is None:
            return []
        start = time.perf_counter()
        try:
            rows = [tuple(r) for r in self._cursor.fetchmany(n)]
        except BaseException as exc:
            raise self._failure(exc) from None
        finally:
            self.fetch_elapsed += time.perf_counter() - start
        self.rowcount = max(self.rowcount, 0) + len(rows)
        if len(rows) < n:
            self._finish()
        return rows

    def batches(self, n: int = DEFAULT_BATCH) -> Iterator[list[tuple[Any, ...]]]:
        """Every remaining row, ``n`` at a time."""
        while not self.done:
            rows = self.fetch(n)
            if rows:
                yield rows

    def close(self) -> None:
        """Stop reading: discard unread rows and release the connection if nothing holds it."""
        if not self.done:
            try:
                if self._cursor is not None:
                    self._cursor.close()
            except Exception as exc:
                raise self._failure(exc) from None
            self._finish()

    def _finish(self) -> None:
        self.done = True
        session, self._session = self._session, None
        if session is not None:
            session._finish_statement(self)

    def _failure(self, exc: BaseException) -> GuiappError:
        """The error to raise for a failed fetch; the session learns the statement ended."""
        self.done = True
        session, self._session = self._session, None
        if session is None:
            return QueryError(str(exc))
        return session._statement_failed(self.statement, exc)

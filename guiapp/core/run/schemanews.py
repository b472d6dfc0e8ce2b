"""What DDL typed as raw SQL changed, told by the schema signals: at once, or on Commit.

The catalogue is compared before and after the statement, so every way of creating or
dropping a table (any quoting, IF EXISTS, several at once) is seen; inside an open
transaction the news waits for Commit and is forgotten on Rollback.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from guiapp import signals
from guiapp.core.connect.database import Database
from guiapp.core.script import Statement

_IDENT = r"(?:`[^`]+`|\"[^\"]+\"|\[[^\]]+\]|[\w$]+)"
_CREATE_TABLE = re.compile(
    rf"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"(?:{_IDENT}\s*\.\s*)?({_IDENT})", re.IGNORECASE)
_DROP_TABLE = re.compile(
    rf"^\s*DROP\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?((?:{_IDENT}\s*(?:\.\s*{_IDENT})?\s*,?\s*)+)",
    re.IGNORECASE)
_ALTER_TABLE = re.compile(rf"^\s*(?:ALTER|TRUNCATE)\s+(?:TABLE\s+)?(?:{_IDENT}\s*\.\s*)?({_IDENT})",
                          re.IGNORECASE)


def _unquote(ident: str) -> str:
    ident = ident.strip()
    if ident[:1] in "`\"[" and len(ident) >= 2:
        return ident[1:-1]
    return ident


def _named_tables(pattern: re.Pattern[str], sql: str) -> list[str]:
    m = pattern.match(sql)
    if not m:
        return []
    names = re.findall(_IDENT + r"(?:\s*\.\s*" + _IDENT + ")?", m.group(1))
    return [_unquote(re.split(r"\s*\.\s*", n)[-1]) for n in names]


class SchemaNews:
    """One session's schema announcements."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._held: list[tuple[Any, str]] = []  # (signal, table) announced when the transaction commits
        self._touched: set[str] = set()

    @staticmethod
    def tables(conn: Connection) -> dict[str, str]:
        """Every table and view now: name -> 'table' or 'view'."""
        insp = sa.inspect(conn)
        names = {n: "table" for n in insp.get_table_names()}
        names.update({n: "view" for n in insp.get_view_names()})
        return names

    def before(self, statement: Statement, before: dict[str, str]) -> None:
        for name in _named_tables(_CREATE_TABLE, statement.sql):
            if name not in before:
                signals.before_create.send(self.db, table=name, origin="sql")
        for name in _named_tables(_DROP_TABLE, statement.sql):
            if before.get(name) == "table":
                signals.before_drop.send(self.db, table=name, origin="sql")

    def after(self, statement: Statement, before: dict[str, str], after: dict[str, str], held: bool) -> None:
        """``held``: the statement ran inside a transaction, so its change is not real until Commit."""
        created = sorted(n for n in after if n not in before)
        dropped = sorted(n for n in before if n not in after)
        events = [(signals.table_created, n) for n in created if after[n] == "table"]
        events += [(signals.table_dropped, n) for n in dropped if before[n] == "table"]
        touched = set(created) | set(dropped) | set(_named_tables(_ALTER_TABLE, statement.sql))
        if held:
            self._held += events
            self._touched |= touched
            return
        for signal, name in events:
            signal.send(self.db, table=name, origin="sql")
        signals.schema_changed.send(self.db, tables=tuple(sorted(touched)))

    def end(self, action: str) -> None:
        """The transaction ended: held DDL becomes true on commit (announced), or never (forgotten)."""
        held, self._held = self._held, []
        touched, self._touched = self._touched, set()
        if action == "commit":
            for signal, table in held:
                signal.send(self.db, table=table, origin="sql")
        if touched:
            signals.schema_changed.send(self.db, tables=tuple(sorted(touched)) if action == "commit" else ())

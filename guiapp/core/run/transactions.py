"""What a typed statement does to the open transaction: starts one, ends it, or commits it by itself.

Read from the statement's text alone (and, for what commits implicitly, the backend), so that
the session, the console and ``guiapp query --rollback`` agree on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from guiapp.core.script import Statement

if TYPE_CHECKING:
    from guiapp.core.connect.database import Database

TRANSACTION_CONTROL = frozenset({"COMMIT", "BEGIN", "START", "END", "ROLLBACK"})

_STARTS = re.compile(r"^\s*(?:BEGIN\b(?!\s*:)(?!\s+NOT\s+ATOMIC\b)|START\s+TRANSACTION\b)", re.IGNORECASE)
_ROLLBACK_TO = re.compile(r"^\s*ROLLBACK\s+(?:WORK\s+|TRANSACTION\s+)?TO\b", re.IGNORECASE)


def starts_transaction(statement: Statement) -> bool:
    """True for a typed BEGIN or START TRANSACTION (not a block's BEGIN inside a routine): a script
    holding one manages its own transactions, as a dump or ``guiapp diff`` prints them."""
    return statement.keyword in ("BEGIN", "START") and bool(_STARTS.match(statement.sql))


def typed_end(statement: Statement) -> str | None:
    """'commit' or 'rollback' if the statement ends the whole open transaction (ROLLBACK TO
    SAVEPOINT ends nothing)."""
    if statement.keyword in ("COMMIT", "END"):
        return "commit"
    if statement.keyword in ("ROLLBACK", "ABORT") and not _ROLLBACK_TO.match(statement.sql):
        return "rollback"
    return None


def ends_transaction(db: "Database", statement: Statement) -> bool:
    """True if the statement commits or ends the open transaction by itself: transaction
    control on every database, and DDL and friends on MySQL/MariaDB."""
    keyword = statement.keyword
    return keyword in TRANSACTION_CONTROL or db.backend.commits_implicitly(keyword, statement.sql)

"""A dialect that writes SQL to be run as text, as it is printed: with no parameters, so no ``%`` doubled.

SQLAlchemy doubles ``%`` in names and literals for drivers whose paramstyle is ``format`` or
``pyformat`` (PyMySQL, mysqlclient, psycopg), because the driver formats parameters into
the statement and halves them again. SQL that guiapp prints, or runs with no parameters,
never passes through that formatting: ``per%%cent`` would stay doubled.
"""

from __future__ import annotations

import copy
import weakref
from typing import Any

_PLAIN: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()


def plain_dialect(dialect: Any) -> Any:
    """A copy of ``dialect`` (server version, MariaDB-ness, sql_mode kept) that writes ``%`` as it is."""
    if dialect.paramstyle not in ("format", "pyformat"):
        return dialect
    made = _PLAIN.get(dialect)
    if made is not None:
        return made
    plain = copy.copy(dialect)
    plain.paramstyle = "named"
    plain.positional = False
    plain.identifier_preparer = plain.preparer(plain)
    plain.type_compiler_instance = plain.type_compiler = type(dialect.type_compiler_instance)(plain)
    _PLAIN[dialect] = plain
    return plain

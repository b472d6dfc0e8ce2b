"""Every guiapp signal, declared once in one blinker Namespace.

Senders are core objects (a :class:`guiapp.core.connect.database.Database`, a query
session), never widgets. blinker calls receivers synchronously in the sending
thread, which is often a worker thread: Qt code must go through
:mod:`guiapp.qt.bridge`, which re-delivers on the GUI thread.

Every signal's keyword arguments are plain, picklable data (str, int, float,
tuples), so a receiver can log them or ship them across threads as they are.
URLs are always rendered with the password hidden.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from blinker import Namespace, NamedSignal


class _Signal(NamedSignal):
    """A NamedSignal whose receivers run with the sender's Database as ``current_database``.

    Whoever calls the core (the CLI, the window, or a user's own script calling core functions
    directly), a receiver can use ``guiapp.current_database``: the sender says which database
    it speaks for through ``receiver_context()``.
    """

    def send(self, sender: Any = None, /, *, _async_wrapper: Any = None, **kwargs: Any) -> Any:
        if not self.receivers:
            return []
        bind = getattr(sender, "receiver_context", None)
        with bind() if callable(bind) else nullcontext():
            return super().send(sender, _async_wrapper=_async_wrapper, **kwargs)


class _Namespace(Namespace):
    def signal(self, name: str, doc: str | None = None) -> NamedSignal:
        if name not in self:
            self[name] = _Signal(name, doc)
        return self[name]


_signals = _Namespace()

# -- connections and the pool ------------------------------------------------
database_opened = _signals.signal(
    "database-opened",
    doc="""A Database connected for the first time and answered a ping.
    Sender: the Database. Keywords: url (str, password hidden), dialect (str).""",
)
database_closed = _signals.signal(
    "database-closed",
    doc="""A Database disposed of its pool. Sender: the Database. Keywords: url.""",
)
connection_created = _signals.signal(
    "connection-created",
    doc="""The pool opened a new DBAPI connection (SQLAlchemy pool 'connect').
    Sender: the Database. Keywords: url, connection_id (int, the Python id of
    the DBAPI connection).""",
)
pool_checkout = _signals.signal(
    "pool-checkout",
    doc="""A connection left the pool (SQLAlchemy pool 'checkout').
    Sender: the Database. Keywords: connection_id, checked_out (int), size (int),
    overflow (int).""",
)
pool_checkin = _signals.signal(
    "pool-checkin",
    doc="""A connection went back to the pool (SQLAlchemy pool 'checkin').
    Sender: the Database. Keywords: connection_id, checked_out, size, overflow.""",
)
pool_waiting = _signals.signal(
    "pool-waiting",
    doc="""Every pooled connection is in use: a caller now waits up to ``timeout`` seconds for one to
    come back. Sender: the Database. Keywords: size, overflow (the pool's limits), timeout.""",
)
connection_invalidated = _signals.signal(
    "connection-invalidated",
    doc="""The pool discarded a broken connection (server gone away, killed).
    Sender: the Database. Keywords: connection_id, reason (str).""",
)

# -- schema ------------------------------------------------------------------
before_create = _signals.signal(
    "before-create",
    doc="""A table is about to be created, by a model (MetaData 'before_create')
    or by a CREATE TABLE typed as SQL. Sender: the Database.
    Keywords: table (str), origin ('model' | 'sql' | 'import').""",
)
table_created = _signals.signal(
    "table-created",
    doc="""A table now exists that did not before. Sent once per table whatever
    the path (model button, CLI, raw SQL, an import). Sender: the Database.
    Keywords: table (str), origin ('model' | 'sql' | 'import' | 'external': another process).""",
)
before_drop = _signals.signal(
    "before-drop",
    doc="""A table is about to be dropped. Sender: the Database.
    Keywords: table (str), origin ('model' | 'sql').""",
)
table_dropped = _signals.signal(
    "table-dropped",
    doc="""A table is gone. Sent once per table whatever the path.
    Sender: the Database. Keywords: table (str), origin ('model' | 'sql' | 'external': another process).""",
)
schema_changed = _signals.signal(
    "schema-changed",
    doc="""Something in the schema changed (a table created, dropped or altered,
    or a transaction holding DDL rolled back): cached schema is stale.
    Sender: the Database. Keywords: tables (tuple[str, ...]; empty means
    'anything may have changed'); origin='external' when another process made the change.""",
)

# -- queries -----------------------------------------------------------------
query_started = _signals.signal(
    "query-started",
    doc="""A statement started. Sender: the QuerySession.
    Keywords: sql (str), statement_no (int, 1-based in its script).""",
)
query_finished = _signals.signal(
    "query-finished",
    doc="""A statement finished. Sender: the QuerySession. Keywords: sql,
    statement_no, rowcount (rows affected; -1 for queries, whose rows are
    still streaming, or when unknown), elapsed (float seconds to the first answer),
    has_rows (bool).""",
)
query_failed = _signals.signal(
    "query-failed",
    doc="""A statement failed or was cancelled. Sender: the QuerySession.
    Keywords: sql, statement_no, message (str, safe to show), cancelled (bool).""",
)
transaction_ended = _signals.signal(
    "transaction-ended",
    doc="""A session committed or rolled back. Sender: the QuerySession.
    Keywords: action ('commit' | 'rollback').""",
)

# -- migrations ----------------------------------------------------------------
before_migrate = _signals.signal(
    "before-migrate",
    doc="""The statements that make the database match the models are about to run (Django's
    pre_migrate). Sender: the Database. Keywords: statements (tuple[str, ...]).""",
)
after_migrate = _signals.signal(
    "after-migrate",
    doc="""Those statements all ran (Django's post_migrate). Sender: the Database.
    Keywords: statements (tuple[str, ...]).""",
)

# -- rows edited in the grid (in the style of Django's model signals) -----------
row_saving = _signals.signal(
    "row-saving",
    doc="""A row edited or added in a grid is about to be written. A receiver may refuse it by
    raising: its message is shown and nothing at all is written. Sender: the Database.
    Keywords: table (str), key (dict column -> value as read; for a new row, the key columns given,
    {} when the database assigns them), old (dict of the edited columns' values as read; {} for a
    new row), new (dict column -> new value).""",
)
row_saved = _signals.signal(
    "row-saved",
    doc="""A row edited or added in a grid was committed. Sender: the Database.
    Keywords: table, key (for a new row, the key columns given; {} when the database assigned them),
    old, new.""",
)
row_deleting = _signals.signal(
    "row-deleting",
    doc="""A row is about to be deleted from a grid. A receiver may refuse by raising.
    Sender: the Database. Keywords: table, key, old (dict: the whole row as read).""",
)
row_deleted = _signals.signal(
    "row-deleted",
    doc="""A row deleted from a grid was committed. Sender: the Database. Keywords: table, key, old.""",
)
rows_imported = _signals.signal(
    "rows-imported",
    doc="""An import committed rows into a table (created for it or not). Sender: the Database.
    Keywords: table, rows (int), source (str: the file's name).""",
)

# -- the user's own things -------------------------------------------------------
snippets_changed = _signals.signal(
    "snippets-changed",
    doc="""A saved snippet was saved, renamed or deleted. Sender: the SnippetStore.
    Keywords: action ('saved', 'renamed' or 'deleted'), name (str), old_name (str, for 'renamed').""",
)

tunnel_changed = _signals.signal(
    "tunnel-changed",
    doc="""An SSH tunnel to a database started, came up, dropped or closed. Sender: the Database.
    Keywords: state ('connecting', 'up', 'reconnecting', 'down' or 'closed'), alias (str: the ssh
    destination), local_port (int).""",
)
connections_changed = _signals.signal(
    "connections-changed",
    doc="""A saved connection was added, changed or deleted. Sender: the ConnectionStore.
    Keywords: name (str).""",
)

ALL_SIGNALS = tuple(_signals[name] for name in sorted(_signals))
"""Every signal above, for tools that listen to all of them (the Signals dock)."""

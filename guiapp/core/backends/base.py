"""The generic Backend: what guiapp does on any SQLAlchemy dialect, and the hooks backends override.

In the manner of harlequin's adapter interface: small methods that each
document what they return, plain values in and out, no UI.
"""

from __future__ import annotations

import os
import socket
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, ContextManager, Iterator

if TYPE_CHECKING:
    from guiapp.core.script import Statement
    from sqlalchemy.engine import URL, Connection, Engine

    from guiapp.core.backends.reflection import RawTable
    from guiapp.core.options import PoolOptions
    from guiapp.core.plan import PlanNode

from guiapp.core.backends.bulkrows import BulkRows
from guiapp.core.backends.literals import SqlLiterals
from guiapp.core.script import STANDARD

# Statements a server-side cursor may hold: they return rows and change nothing. (PostgreSQL's
# cursor is DECLARE ... CURSOR FOR <query>: EXPLAIN and SHOW cannot be one, so they are not here.)
STREAMABLE = frozenset({"SELECT", "WITH", "VALUES", "TABLE"})


class Backend(SqlLiterals, BulkRows):
    """What differs per database. This base class is the generic fallback."""

    name = "generic"
    #: what the Connect form calls this kind of database.
    label = "Other database"
    #: the port its server listens on unless told otherwise (0: no server, or none known).
    default_port = 0
    #: a database that is a file opened in place (no host, user or password, no SSH tunnel).
    file_based = False
    #: what to ``pip install`` for a driver module whose package is called otherwise.
    driver_packages: dict[str, str] = {}
    #: what to ``pip install`` when SQLAlchemy has no dialect of this name (one that ships apart).
    dialect_package: str | None = None
    #: declared integer types that hold 64 bits here whatever their name says (SQLite's rowid INTEGER).
    wide_integers: frozenset[str] = frozenset()
    #: types whose size is a number of bytes, not characters, and that number (MySQL's TEXT family).
    byte_limits: dict[str, int] = {}
    #: digits of a second a TIME / DATETIME / TIMESTAMP keeps when its type gives none (None: as many
    #: as it is given; MySQL keeps whole seconds, PostgreSQL microseconds).
    second_digits: int | None = None
    #: how this database reads strings and comments, for splitting scripts.
    flavour = STANDARD
    #: DDL inside an open transaction is undone by ROLLBACK.
    transactional_ddl = True
    #: a cancelled write has rolled the whole open transaction back (SQLite's interrupt()).
    cancel_rolls_back_transaction = False
    #: seconds a cancel request, or a ping, may wait for a server before giving up on it.
    side_timeout: float = 5
    #: the most digits a NUMERIC keeps exactly (MySQL's DECIMAL: 65); an import guesses TEXT beyond.
    exact_digits = 65
    #: dates and times are stored as the text given: an import stores the file's text, checked, not re-written.
    dates_as_text = False
    #: NaN / Infinity / -Infinity doubles this database cannot store (SQLite turns NaN into NULL):
    #: an edit or import refuses them, naming the cell, rather than let them change or fail late.
    lost_floats: frozenset[str] = frozenset()

    # -- engine ---------------------------------------------------------------------------
    def with_driver(self, url: "URL") -> "URL":
        """``url`` with the driver guiapp uses when it names none (SQLAlchemy's default otherwise)."""
        return url

    def engine_kwargs(self, url: "URL", opts: "PoolOptions") -> dict[str, Any]:
        """create_engine keywords: the pool settings, and the backend's connect arguments."""
        return {"pool_pre_ping": opts.pool_pre_ping, "pool_size": opts.pool_size,
                "max_overflow": opts.max_overflow, "pool_timeout": opts.pool_timeout,
                "pool_recycle": opts.pool_recycle, "connect_args": self.connect_args(url, opts)}

    def connect_args(self, url: "URL", opts: "PoolOptions") -> dict[str, Any]:
        """DBAPI connect() keywords (timeouts)."""
        return {}

    def install(self, engine: "Engine", opts: "PoolOptions") -> None:
        """Attach per-connection setup to this engine instance (pragmas, session settings)."""

    #: the URL parameters that carry TLS options (none: this database takes no TLS options).
    tls_keys: tuple[str, ...] = ()
    def tls_query(self, mode: str, files: dict[str, str]) -> dict[str, str]:
        """The URL parameters for a TLS mode and its ``ca``, ``cert`` and ``key`` files (absolute)."""
        return {}

    def tls_in(self, url: "URL") -> tuple[str, str, str, str] | None:
        """The TLS mode, CA file, client certificate and key a URL asks for; None: no TLS options."""
        return None

    def where(self, url: "URL") -> str:
        """Host and port, or the file, for messages."""
        host = url.host or "localhost"
        return f"{host}:{url.port}" if url.port else host

    def check_target(self, url: "URL", create: bool) -> None:
        """Raise ConfigError if opening ``url`` would silently make something new (a file)."""

    def read_only_reason(self, url: "URL") -> str | None:
        """Why ``url`` can only be opened read-only (a file that cannot be written), or None."""
        return None

    def missing_file(self, url: "URL") -> str | None:
        """The path of the file ``url`` names if it does not exist (file databases only)."""
        return None

    def one_connection(self, url: "URL") -> bool:
        """True if the database lives in one connection (in-memory SQLite): nothing can have its own."""
        return False

    # -- running statements ------------------------------------------------------------------
    def server_id(self, dbapi_conn: Any) -> int | None:
        """The server-side id of a DBAPI connection, needed to cancel its statement later."""
        return None

    def cancel(self, url: "URL", engine: "Engine", dbapi_conn: Any, server_id: int | None) -> bool:
        """Stop what ``dbapi_conn`` runs now, from another thread. False if this backend cannot."""
        return False

    def side_connect_args(self, timeout: float) -> dict[str, Any]:
        """DBAPI connect() keywords that bound a side connection's connect to ``timeout`` seconds."""
        return {}

    @contextmanager
    def bulk_read(self, dbapi_conn: Any) -> Iterator[None]:
        """Read many rows as fast as the driver can, for an export. May raise
        UndecodableTextError, after which the caller reads again without this."""
        yield

    def socket_fd(self, dbapi_conn: Any) -> int | None:
        """The file descriptor of the connection's network socket, if it has one."""
        return None

    def sever(self, dbapi_conn: Any) -> bool:
        """Shut the connection's socket from another thread, so that a read blocked on a server that
        no longer answers fails at once (the driver then reports the connection lost).
        False if the connection has no socket to shut."""
        fd = self.socket_fd(dbapi_conn)
        if fd is None or fd < 0:
            return False
        try:
            duplicate = socket.socket(fileno=os.dup(fd))
        except OSError:
            return False
        try:
            duplicate.shutdown(socket.SHUT_RDWR)  # acts on the connection, not only this descriptor
        except OSError:
            pass
        finally:
            duplicate.close()
        return True

    def can_stream(self, statement: "Statement") -> bool:
        """True if the statement may be read from a server-side cursor (it returns rows, writes nothing)."""
        return statement.keyword in STREAMABLE and statement.is_read_only

    def stream_needs_transaction(self) -> bool:
        """True if a server-side cursor only lives inside a transaction (PostgreSQL's DECLARE)."""
        return False

    def warnings(self, dbapi_conn: Any) -> list[str]:
        """The server's warnings about the last statement, as 'Level code: message' lines."""
        return []

    def commits_implicitly(self, keyword: str, sql: str) -> bool:
        """True if the statement commits the open transaction by itself (MySQL's DDL)."""
        return False

    def holds_changes(self, statement: "Statement") -> bool:
        """True if what the statement does waits in the open transaction, for Commit or Rollback
        (a write; on PostgreSQL a SET too, which Rollback undoes)."""
        return not statement.is_read_only

    def typed_begin(self, conn: "Connection") -> ContextManager[None]:
        """Around a typed BEGIN run on ``conn``, which holds no transaction: let it be the one that
        opens (SQLite, where guiapp emits BEGIN itself, refuses a second)."""
        return nullcontext()

    def server_autocommits(self, dbapi_conn: Any) -> bool:
        """True if the server commits each statement by itself on this connection although guiapp
        began a transaction (MySQL's ``SET autocommit=1`` typed in a console)."""
        return False

    def writes_before(self, conn: "Connection") -> Any:
        """Taken before a statement that only reads by its keyword (``SELECT f()``) runs in a
        transaction, for ``wrote_since``; None where such a statement cannot write."""
        return None

    def wrote_since(self, conn: "Connection", before: Any) -> bool:
        """True if the transaction wrote since ``before`` (a function the statement called wrote)."""
        return False

    # -- catalogue ----------------------------------------------------------------------------
    def schema_version(self, conn: "Connection") -> Any:
        """A value that changes whenever the schema does, whoever changes it, read in one cheap
        query (never a reflection); None where the database offers none (then nothing is watched)."""
        return None

    def estimate_rows(self, conn: "Connection", name: str, kind: str) -> int | None:
        """A cheap row count from the server's statistics, or None."""
        return None

    def reflected_identifier(self, name: str) -> str:
        """A column name as reflection gives it, made exact (undoes a dialect's quoting slip)."""
        return name

    def reflect(self, conn: "Connection", names: list[str], schema: str | None,
                views: bool) -> dict[str, "RawTable"]:
        """Columns, keys, indexes, constraints and foreign keys of ``names`` (tables, or views),
        in as few catalogue queries as the dialect allows."""
        from guiapp.core.backends.reflection import reflect_with_inspector
        return reflect_with_inspector(conn, names, schema, views)

    def other_schemas(self, conn: "Connection") -> list[str]:
        """Schemas besides the default one whose tables the tree shows (none by default)."""
        return []

    def ddl(self, conn: "Connection", name: str, kind: str) -> str | None:
        """The server's own CREATE statement, or None to have SQLAlchemy render one."""
        return None

    def numbers_key(self, primary_key: tuple[str, ...], column: str, declared: str) -> bool:
        """True if the database numbers ``column`` of a new row by itself though it is not declared
        auto-increment (SQLite's INTEGER PRIMARY KEY, an alias of the rowid)."""
        return False

    def pseudo_key(self, kind: str) -> str | None:
        """A column that orders and seeks a table without a primary key (SQLite's rowid)."""
        return None

    def analyze(self, conn: "Connection", table: str) -> None:
        """Refresh the statistics of a table (after a bulk load)."""

    # -- SQL dumps ----------------------------------------------------------------------------
    def sa_dialect(self) -> Any:
        """An SQLAlchemy dialect to render this database's SQL without connecting to one."""
        from sqlalchemy.dialects import registry
        return registry.load(self.name)()

    #: the numbers of an auto-numbered key come from a sequence apart from the table, which
    #: INSERTs with explicit keys do not move (PostgreSQL's serial).
    numbering_apart = False

    def move_numbering_past(self, table: str, key: str, quoted_key: str) -> str:
        """The statement that moves ``table``'s numbering past its highest ``key`` (quoted names)."""
        return ""

    def explain(self, conn: "Connection", sql: str) -> list["PlanNode"]:
        """The plan of ``sql``: here the plain ``EXPLAIN`` rows, one node each."""
        from guiapp.core.plan import PlanNode
        return [PlanNode(" ".join(str(v) for v in row)) for row in raw_sql(conn, f"EXPLAIN {sql}").fetchall()]

    # -- exports -------------------------------------------------------------------------------
    def prepare_export(self, conn: "Connection") -> None:
        """Session settings, for the export's transaction only, under which the text the database
        writes for every value reads back as the same value (date and interval styles)."""

    def exact_values(self, cursor: Any, fmt: str) -> None:
        """Make ``cursor`` (a DBAPI cursor about to run an export's query) return values that
        ``fmt`` writes exactly: where the driver's Python value would change one (arrays,
        intervals of months, infinity, TIME 24:00), the database's own text instead."""

    def copy_csv(self, dbapi_conn: Any, sql: str, write: Any, progress: Any, every: int = 5000) -> int | None:
        """Write the rows of ``sql`` as CSV with a header (NULL an empty field, '' as ``""``)
        through the database's own bulk path, calling ``progress(rows)`` every ``every`` rows;
        return the row count, or None, having run nothing, where the database has none."""
        return None

    # A command-line export on the driver alone: SQLAlchemy's import costs more than a
    # 10,000-row export, and a quarter of the native client's time for a million rows.
    def direct_connect(self, url: Any, read_only: bool, timeout: float) -> Any:
        """A DBAPI connection for ``url`` (split by connect/urls.py) opened without SQLAlchemy, set up
        as the pool sets up its own; None where the URL asks for more than this handles (the pool's)."""
        return None

    def direct_table_sql(self, dbapi_conn: Any, table: str) -> str | None:
        """The SELECT that table_select builds for ``table``, or None if it cannot be found so."""
        return None

    def stop_direct(self, dbapi_conn: Any) -> None:
        """Stop, from another thread, what the direct connection runs."""

    def direct_lost(self, dbapi_conn: Any) -> bool:
        """True if the direct connection is gone (the server died or cut it)."""
        return False

    def same_as_read(self, column: Any, value: Any, info: Any) -> Any:
        """A condition that holds only while ``column`` still has the value read (``value``, bound),
        by this database's own equality, so no change by another session is missed; None where its
        values cannot be compared (they are then not checked)."""
        return None if info.kind == "other" else column == value

    def plain_values(self) -> bool:
        """True if the driver returns nothing but int, float, str, bytes and None (SQLite): a
        CSV writer then need not look for other types."""
        return False

    def dump_header(self) -> str:
        """What a SQL export for this database starts with, so that its own command-line client
        reads the file as written (MySQL's client otherwise reads it as 3-byte utf8)."""
        return ""

    def numbered_keys(self, conn: "Connection", table: str, autoincrement: list[str]) -> set[str]:
        """The key columns of ``table`` the database gives a value when a row comes without one
        (a sequence, AUTO_INCREMENT, an identity: the catalogue's ``autoincrement``), so that a
        copy for another database numbers the same columns and no others."""
        return set(autoincrement)

    # -- making the database match the models ------------------------------------------------------
    #: the catalogue writes a string default with backslash escapes (MariaDB: a\b as 'a\\b').
    default_backslash_escapes = False
    #: ALTER TABLE cannot change a column or a constraint: the table is made anew and its rows copied
    #: (alembic's batch mode, "move and copy"; SQLite).
    alters_by_recreating = False

    def migration_envelope(self, recreates: bool) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Statements (before, after, after a failure) around the SQL that makes the database match
        the models, so that it runs as printed, in one transaction where DDL is transactional.
        ``recreates``: some table is made anew and its rows copied. An ``after`` statement that
        returns rows reports what the change would break (Apply then undoes it)."""
        return ("BEGIN",), ("COMMIT",), ("ROLLBACK",)

    def recreated_extras(self, conn: "Connection", table: str) -> list[str]:
        """Statements that make again what dropping ``table`` takes with it, when it is made anew."""
        return []

    def types_for_new_column(self, conn: "Connection", column: Any, dialect: Any, made: set[str]) -> list[str]:
        """CREATE statements for the types a column added to a table needs and the database lacks
        (``made``: names already created by earlier statements, updated)."""
        return []

    # -- tables an import creates ----------------------------------------------------------------
    def import_type(self, name: str) -> Any:
        """The SQLAlchemy type an imported table's TEXT, FLOAT or DATETIME column gets: one that holds
        every value of its kind as written (the longest text, a double, microseconds); None for others."""
        import sqlalchemy as sa
        return {"TEXT": sa.Text(), "FLOAT": sa.Double(), "DATETIME": sa.DateTime()}.get(name)

    def rename_table_sql(self, conn: "Connection", schema: str | None, old: str, new: str) -> str:
        """The statement renaming table ``old`` to ``new`` (both in ``schema``)."""
        q = conn.dialect.identifier_preparer
        prefix = q.quote_schema(schema) + "." if schema else ""
        return f"ALTER TABLE {prefix}{q.quote(old)} RENAME TO {q.quote(new)}"

    def live_sessions(self, conn: "Connection") -> set[int] | None:
        """The server ids (see server_id) of the sessions connected now, or None if it cannot tell."""
        return None

    def own_date_text(self, text: str) -> bool:
        """A date or time written as this server writes one Python cannot hold (PostgreSQL's infinity,
        BC, TIME 24:00:00), which an import hands back to the server as written."""
        return False

    def statement_bytes(self, conn: "Connection") -> int | None:
        """The longest statement the server takes, where a longer one drops the connection (None: no such limit)."""
        return None


def quote_plain(dialect: Any, name: str) -> str:
    """An identifier quoted for SQL that is sent as it is, with no parameters.

    SQLAlchemy's quote() doubles '%' for drivers whose paramstyle uses it (PyMySQL,
    psycopg), which is right only when the driver formats parameters into the SQL.
    Statements run with ``no_parameters`` (the console's, guiapp's own raw SQL, SQL
    dumps) need the name as it is: ``pct%name``, not ``pct%%name``.
    """
    quoted = dialect.identifier_preparer.quote(name)
    return quoted.replace("%%", "%") if dialect.paramstyle in ("format", "pyformat") else quoted


def raw_sql(conn: "Connection", sql: str) -> Any:
    """Run guiapp's own SQL text as it is (identifiers from quote_plain, no parameters)."""
    return conn.execution_options(no_parameters=True).exec_driver_sql(sql)


def dbapi_scalar(dbapi_conn: Any, sql: str) -> Any:
    """The first value of a one-row query run on a raw DBAPI connection."""
    cur = dbapi_conn.cursor()
    try:
        cur.execute(sql)
        return cur.fetchone()[0]
    finally:
        cur.close()


"""MySQL and MariaDB: KILL QUERY to cancel, SHOW WARNINGS, DDL that commits at once, backslash escapes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import event

from guiapp.core.backends.base import Backend, dbapi_scalar, quote_plain, raw_sql
from guiapp.core.backends.sidecalls import install_bounded_ping, run_on_side_connection
from guiapp.core.script import MYSQL

if TYPE_CHECKING:
    from guiapp.core.backends.reflection import RawTable
    from guiapp.core.script import Statement
    from sqlalchemy.engine import URL, Connection, Engine

    from guiapp.core.options import PoolOptions
    from guiapp.core.plan import PlanNode

# Statements after which MySQL has committed the open transaction by itself.
_IMPLICIT_COMMIT = frozenset({"CREATE", "DROP", "ALTER", "RENAME", "TRUNCATE", "LOCK", "UNLOCK",
                              "GRANT", "REVOKE", "ANALYZE", "OPTIMIZE", "REPAIR", "LOAD", "INSTALL",
                              "UNINSTALL", "FLUSH", "BEGIN", "START", "COMMIT"})
_SET_AUTOCOMMIT = re.compile(r"^\s*SET\s+(?:@@(?:SESSION\.)?|SESSION\s+)?autocommit\s*=", re.IGNORECASE)
# The TLS modes as mysqlclient's ssl_mode names them (a URL may name them so too).
_SSL_MODES = {"require": "REQUIRED", "verify-ca": "VERIFY_CA", "verify-full": "VERIFY_IDENTITY"}
_SSL_MODE_NAMES = {"DISABLED": "off", "PREFERRED": "off", **{v: k for k, v in _SSL_MODES.items()}}
# What every driver says when the server has no TLS (CR_SSL_CONNECTION_ERROR): errors.py words it.
_NO_TLS = (2026, "SSL is required, but the server does not support it")
# mysql_real_escape_string's table: what the server would otherwise read differently.
_ESCAPES = str.maketrans({"\\": "\\\\", "'": "\\'", "\x00": "\\0", "\n": "\\n", "\r": "\\r",
                          "\x1a": "\\Z"})


def c_driver_installed() -> bool:
    """True if mysqlclient (the C driver, ``guiapp[mysql-c]``) imports: installed, with its library."""
    from importlib import import_module
    try:
        import_module("MySQLdb")  # SQLAlchemy imports it next anyway
    except ImportError:
        return False
    return True


def _c_driver_conversions() -> dict[Any, Any]:
    """mysqlclient's conversions, except that a date it cannot represent ('0000-00-00', what old
    MySQL data holds) stays the server's text, as PyMySQL gives it, instead of becoming NULL."""
    from MySQLdb.constants import FIELD_TYPE
    from MySQLdb.converters import conversions

    def keep_text(convert: Any) -> Any:
        def converted(text: Any) -> Any:
            value = convert(text)
            if value is None and text is not None:
                return text.decode("ascii") if isinstance(text, bytes) else text
            return value
        return converted

    conv = dict(conversions)
    for field in (FIELD_TYPE.DATETIME, FIELD_TYPE.TIMESTAMP, FIELD_TYPE.DATE, FIELD_TYPE.TIME):
        conv[field] = keep_text(conversions[field])
    return conv


class MySQLBackend(Backend):
    name = "mysql"
    label = "MySQL / MariaDB"
    default_port = 3306
    byte_limits = {"TINYTEXT": 255, "TEXT": 65_535, "MEDIUMTEXT": 16_777_215,
                   "TINYBLOB": 255, "BLOB": 65_535, "MEDIUMBLOB": 16_777_215}
    driver_packages = {"MySQLdb": "'guiapp[mysql-c]', after the system's libmariadb-dev and pkg-config",
                       "mysql": "mysql-connector-python", "mariadb": "mariadb"}
    flavour = MYSQL
    second_digits = 0
    transactional_ddl = False
    lost_floats = frozenset({"NaN", "Infinity", "-Infinity"})
    true_literal = "1"
    false_literal = "0"

    def with_driver(self, url: "URL") -> "URL":
        """``mysql://`` names no driver: the C driver when it is installed (reads run about twice as
        fast), PyMySQL otherwise. SQLAlchemy alone would always pick mysqlclient and fail without it."""
        if "+" in url.drivername:
            return url
        return url.set(drivername=f"{url.drivername}+{'mysqldb' if c_driver_installed() else 'pymysql'}")

    def connect_args(self, url: "URL", opts: "PoolOptions") -> dict[str, Any]:
        args: dict[str, Any] = {"connect_timeout": opts.connect_timeout}
        if url.get_driver_name() == "mysqldb":
            args["conv"] = _c_driver_conversions()
        return args

    # -- TLS ---------------------------------------------------------------------------------
    tls_keys = ("ssl_ca", "ssl_cert", "ssl_key", "ssl_check_hostname", "ssl_mode")

    def tls_query(self, mode: str, files: dict[str, str]) -> dict[str, str]:
        """PyMySQL's parameters, which SQLAlchemy hands both drivers as their ``ssl`` dict; the mode
        itself is read back from them (tls_in) and given to each driver its own way on connecting."""
        query = {"ssl_check_hostname": "true" if mode == "verify-full" else "false"}
        query.update({f"ssl_{k}": v for k, v in files.items() if v})
        return query

    def tls_in(self, url: "URL") -> tuple[str, str, str, str] | None:
        q = url.query
        if not any(k in q for k in self.tls_keys):
            return None
        named = str(q.get("ssl_mode", "")).upper()
        if named:
            if named not in _SSL_MODE_NAMES:
                from guiapp.core.errors import ConfigError
                raise ConfigError(f"Unknown ssl_mode={q['ssl_mode']} in the URL: one of REQUIRED, VERIFY_CA, "
                                  "VERIFY_IDENTITY or DISABLED.")
            mode = _SSL_MODE_NAMES[named]
        elif q.get("ssl_ca"):  # PyMySQL checks the host name too unless told not to
            mode = "verify-ca" if str(q.get("ssl_check_hostname", "")).lower() == "false" else "verify-full"
        else:
            mode = "require"
        return mode, str(q.get("ssl_ca", "")), str(q.get("ssl_cert", "")), str(q.get("ssl_key", ""))

    @staticmethod
    def _refuse_plain_text(dialect: Any, dbapi_conn: Any) -> None:
        """Close a session that asked for TLS and got plain text (the MariaDB library lets REQUIRED
        through so), with the driver's own error, as PyMySQL raises it before it authenticates."""
        cur = dbapi_conn.cursor()
        cur.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        row = cur.fetchone()
        cur.close()
        if not row or not row[1]:
            dbapi_conn.close()
            raise dialect.loaded_dbapi.OperationalError(*_NO_TLS)

    def install(self, engine: "Engine", opts: "PoolOptions") -> None:
        if opts.read_only:
            @event.listens_for(engine, "connect")
            def _read_only(dbapi_conn: Any, _record: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("SET SESSION TRANSACTION READ ONLY")  # the server refuses every write
                cur.close()

        self.side_timeout = opts.connect_timeout
        install_bounded_ping(self, engine, opts.connect_timeout)
        if engine.dialect.driver == "mysqldb":
            @event.listens_for(engine, "connect")
            def _note_socket(dbapi_conn: Any, _record: Any) -> None:
                # mysqlclient refuses fileno() while the connection is busy on another thread,
                # which is exactly when a Stop or a watchdog needs it.
                dbapi_conn.guiapp_socket_fd = dbapi_conn.fileno()
        driver = engine.dialect.driver
        if driver not in ("pymysql", "mysqldb"):
            return
        timeout = opts.connect_timeout
        tls = self.tls_in(engine.url)
        mode = tls[0] if tls else "off"
        if driver == "mysqldb" and mode != "off":
            self.side_tls = {"ssl_mode": _SSL_MODES[mode]}

        @event.listens_for(engine, "do_connect")
        def _connect(dialect: Any, _rec: Any, cargs: Any, cparams: dict) -> Any:
            if driver == "mysqldb" and mode != "off":
                # Without ssl_mode the MariaDB library uses TLS only where the server offers it.
                cparams["ssl_mode"] = _SSL_MODES[mode]
            if driver == "pymysql":
                # connect_timeout only covers the TCP connect; a server that accepts and
                # never greets would hang forever. Bound the handshake, then lift the
                # limit so long queries are not cut off.
                user_limit = cparams.get("read_timeout")
                cparams.setdefault("read_timeout", timeout)
                conn = dialect.connect(*cargs, **cparams)
                conn._read_timeout = user_limit
            else:
                conn = dialect.connect(*cargs, **cparams)
            if mode != "off":
                self._refuse_plain_text(dialect, conn)
            return conn

    def check_target(self, url: "URL", create: bool) -> None:
        if "ssl_mode" in url.query and url.get_driver_name() == "pymysql":
            from guiapp.core.errors import ConfigError
            raise ConfigError("ssl_mode is mysqlclient's parameter; through PyMySQL give ssl_ca (and "
                              "ssl_check_hostname=false to verify the CA alone), as the TLS options write them.")
        if not url.database:
            # Without one, every catalogue read (the schema tree, tables, typed DDL) has nothing to read.
            from guiapp.core.errors import ConfigError
            example = url.set(host=url.host or "localhost", database="shop", password=None)
            raise ConfigError("The URL names no database: MariaDB and MySQL need one to browse, as in "
                              f"{example.render_as_string(hide_password=True)} (a database name after the host).")
        charset = url.query.get("charset")
        if isinstance(charset, str) and url.get_driver_name() == "pymysql":
            from pymysql.charset import charset_by_name
            if charset_by_name(charset) is None:  # PyMySQL would fail later with an AttributeError
                from guiapp.core.errors import ConfigError
                raise ConfigError(f"Unknown character set in the URL: charset={charset} "
                                  "(utf8mb4 is the usual one).")

    def server_id(self, dbapi_conn: Any) -> int | None:
        return int(dbapi_scalar(dbapi_conn, "SELECT CONNECTION_ID()"))

    def cancel(self, url: "URL", engine: "Engine", dbapi_conn: Any, server_id: int | None) -> bool:
        if server_id is None:
            return False
        run_on_side_connection(self, url, engine, f"KILL QUERY {int(server_id)}", self.side_timeout)
        return True

    #: mysqlclient's TLS mode, for the side connection that sends KILL QUERY (PyMySQL's is its URL's).
    side_tls: dict[str, str] = {}

    def side_connect_args(self, timeout: float) -> dict[str, Any]:
        return {"connect_timeout": max(1, int(timeout)), "read_timeout": timeout, **self.side_tls}

    def socket_fd(self, dbapi_conn: Any) -> int | None:
        if hasattr(dbapi_conn, "_sock"):  # PyMySQL
            return dbapi_conn._sock.fileno() if dbapi_conn._sock is not None else None
        return getattr(dbapi_conn, "guiapp_socket_fd", None)  # mysqlclient, noted on connect

    def can_stream(self, statement: "Statement") -> bool:
        # SHOW, EXPLAIN and DESCRIBE stream fine from PyMySQL's unbuffered cursor.
        return statement.is_read_only and statement.keyword in (
            "SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN", "DESCRIBE", "DESC")

    def warnings(self, dbapi_conn: Any) -> list[str]:
        if callable(getattr(dbapi_conn, "warning_count", None)):  # mysqlclient
            count = dbapi_conn.warning_count()
        else:  # PyMySQL
            count = getattr(getattr(dbapi_conn, "_result", None), "warning_count", 0) or 0
        if not count:
            return []
        try:
            return [f"{level} {code}: {message}" for level, code, message in dbapi_conn.show_warnings()]
        except Exception:
            return []

    def commits_implicitly(self, keyword: str, sql: str) -> bool:
        if keyword == "CREATE" and re.match(r"^\s*CREATE\s+TEMPORARY\b", sql, re.IGNORECASE):
            return False
        return keyword in _IMPLICIT_COMMIT or bool(_SET_AUTOCOMMIT.match(sql))

    def holds_changes(self, statement: "Statement") -> bool:
        # SET @x, SET NAMES, USE: session state, which no Rollback undoes (a function they call
        # that writes is caught by wrote_since).
        return super().holds_changes(statement) and statement.keyword not in ("SET", "USE")

    def server_autocommits(self, dbapi_conn: Any) -> bool:
        get = getattr(dbapi_conn, "get_autocommit", None)  # the server's status flag, in both drivers
        try:
            return bool(get()) if callable(get) else False
        except Exception:
            return False

    def writes_before(self, conn: "Connection") -> Any:
        return self._handler_writes(conn)

    def wrote_since(self, conn: "Connection", before: Any) -> bool:
        after = self._handler_writes(conn)
        return before is not None and after is not None and after > before

    @staticmethod
    def _handler_writes(conn: "Connection") -> int | None:
        """Rows this session has written, updated and deleted in tables (internal temporary
        tables count apart, as Handler_tmp_*, on MariaDB): unchanged by any read."""
        try:
            rows = conn.exec_driver_sql("SHOW SESSION STATUS WHERE Variable_name IN "
                                        "('Handler_write', 'Handler_update', 'Handler_delete')").fetchall()
        except Exception:
            return None
        return sum(int(value) for _name, value in rows)

    def reflect(self, conn: "Connection", names: list[str], schema: str | None,
                views: bool) -> dict[str, "RawTable"]:
        """MariaDB's tables from information_schema in five queries (see mysqlcatalog); views, other
        databases and MySQL itself (whose information_schema spells defaults otherwise) through
        SQLAlchemy, which reads SHOW CREATE of each."""
        if views or schema is not None or not conn.dialect.is_mariadb or \
                not hasattr(conn.dialect, "_tabledef_parser"):  # the type parser of SQLAlchemy 2.0 and 2.1
            return super().reflect(conn, names, schema, views)
        from guiapp.core.backends.mysqlcatalog import reflect_mariadb_tables
        return reflect_mariadb_tables(conn, names)

    def reflected_identifier(self, name: str) -> str:
        # SQLAlchemy reads names from SHOW CREATE TABLE and leaves a backtick doubled.
        return name.replace("``", "`")

    def schema_version(self, conn: "Connection") -> Any:
        # Tables and views with their creation time (an ALTER rebuilds the definition, which moves it),
        # and the number of index columns (an index added within the same second).
        return tuple(raw_sql(conn, (
            "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS(':', TABLE_NAME, TABLE_TYPE, CREATE_TIME))), 0), "
            "(SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()) "
            "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")).one())

    def estimate_rows(self, conn: "Connection", name: str, kind: str) -> int | None:
        import sqlalchemy as sa
        row = conn.execute(sa.text(
            "SELECT TABLE_ROWS FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t"), {"t": name}).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def ddl(self, conn: "Connection", name: str, kind: str) -> str | None:
        quoted = quote_plain(conn.dialect, name)
        row = raw_sql(conn, f"SHOW CREATE {'VIEW' if kind == 'view' else 'TABLE'} {quoted}").fetchone()
        return (row[1] if row else "") + ";"

    def analyze(self, conn: "Connection", table: str) -> None:
        raw_sql(conn, f"ANALYZE TABLE {quote_plain(conn.dialect, table)}").fetchall()

    def explain(self, conn: "Connection", sql: str) -> list["PlanNode"]:
        import json

        from guiapp.core.backends.plans import mysql_plan
        return [mysql_plan(json.loads(raw_sql(conn, f"EXPLAIN FORMAT=JSON {sql}").scalar()))]

    def string_literal(self, text: str) -> str:
        return "'" + text.translate(_ESCAPES) + "'"

    def same_as_read(self, column: Any, value: Any, info: Any) -> Any:
        """Text as bytes (the default collations ignore case and trailing spaces: 'ada' = 'Ada '),
        whatever the column's character set; a FLOAT as the single-precision value it holds."""
        from guiapp.core.backends.sqlwrap import wrap
        kind, type_ = info.kind, info.type.upper()
        if kind == "text" or type_.startswith(("JSON", "ENUM", "SET")):
            as_bytes = "CAST(CONVERT({} USING utf8mb4) AS BINARY)"
            return wrap(as_bytes, column) == wrap(as_bytes, value)
        if kind == "number" and type_.startswith("FLOAT"):
            return column == wrap("CAST({} AS FLOAT)", value)
        return None if kind == "other" else column == value

    def dump_header(self) -> str:
        # The mysql client talks utf8mb3 unless told: an emoji in the file would not load.
        return "SET NAMES utf8mb4;\n"

    # -- making the database match the models ------------------------------------------------------
    default_backslash_escapes = True

    def migration_envelope(self, recreates: bool) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return (), (), ()  # each DDL statement commits at once: there is no transaction to wrap them in

    # -- tables an import creates ----------------------------------------------------------------
    def import_type(self, name: str) -> Any:
        # TEXT holds 65,535 bytes and DATETIME whole seconds: an import must keep longer text and microseconds.
        from sqlalchemy.dialects import mysql
        return {"TEXT": mysql.LONGTEXT(), "FLOAT": mysql.DOUBLE(), "DATETIME": mysql.DATETIME(fsp=6)}.get(name)

    def rename_table_sql(self, conn: "Connection", schema: str | None, old: str, new: str) -> str:
        q = conn.dialect.identifier_preparer
        prefix = q.quote_schema(schema) + "." if schema else ""
        return f"RENAME TABLE {prefix}{q.quote(old)} TO {prefix}{q.quote(new)}"

    def live_sessions(self, conn: "Connection") -> set[int] | None:
        try:
            return {int(r[0]) for r in raw_sql(conn, "SELECT ID FROM information_schema.PROCESSLIST")}
        except Exception:  # noqa: BLE001 - no right to see them: leftovers are kept, never guessed dead
            return None

    def statement_bytes(self, conn: "Connection") -> int | None:
        """max_allowed_packet: a longer statement makes the server close the connection, naming nothing."""
        return int(raw_sql(conn, "SELECT @@max_allowed_packet").scalar())

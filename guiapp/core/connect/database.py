"""One pooled SQLAlchemy engine per connection, set up in one place.

Every per-engine hook (SQLite pragmas, pool events feeding the signals) is
attached to the engine *instance*, so a SQLite pragma never touches MySQL.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine

from guiapp import signals
from guiapp.core import logs
from guiapp.core.backends import Backend, backend_for
from guiapp.core.options import PoolOptions
from guiapp.core.connect.urls import display_url, parse_url, url_secrets
from guiapp.core.errors import (ConfigError, ConnectError, ConnectionLostError, GuiappError, missing_driver,
                                 PoolExhaustedError, ReadOnlyError, translate)


@dataclass(frozen=True)
class PoolStatus:
    """Live pool figures for the status bar."""

    size: int
    checked_out: int
    overflow: int
    checked_in: int

    def __str__(self) -> str:
        return f"pool {self.checked_out}/{self.size} in use, overflow {self.overflow}"


class Database:
    """A pooled engine for one URL, and the signals its pool and DDL send.

    Attributes:
        url: the parsed URL (holds the password; never print it, use ``display``).
        display: the URL with the password hidden.
        engine: the pooled SQLAlchemy Engine.
        options: the PoolOptions in force.
        backend: what differs on this database (cancel, streaming, literals...).
    """

    _by_engine: "weakref.WeakValueDictionary[int, Database]" = weakref.WeakValueDictionary()

    def __init__(self, url: str | URL, options: PoolOptions | None = None, *, create: bool = False) -> None:
        """``create``: a SQLite file that does not exist is made; otherwise that is a ConfigError."""
        self.url = parse_url(url)
        self.options = options or PoolOptions()
        self._secrets = url_secrets(self.url)
        logs.remember_secrets(self._secrets)
        self.backend: Backend = backend_for(self.url.get_backend_name())
        self.url = self.backend.with_driver(self.url)
        self.display = display_url(self.url)
        self.backend.check_target(self.url, create)
        if (tls := self.backend.tls_in(self.url)) is not None:
            from guiapp.core.connect.tls import TlsOptions
            TlsOptions(*tls).files_checked()  # which file is missing, as no driver says
        #: why this database was opened read-only though nobody asked, for the user to read.
        self.read_only_note = ""
        if not self.options.read_only and (reason := self.backend.read_only_reason(self.url)):
            self.options = self.options.with_overrides(read_only=True)
            self.read_only_note = f"Opened read-only: {reason}."
        try:
            self.engine: Engine = sa.create_engine(self.url, **self.backend.engine_kwargs(self.url, self.options))
        except ModuleNotFoundError as exc:
            raise missing_driver(exc, self.backend.driver_packages) from None
        except sa.exc.NoSuchModuleError as exc:
            if self.backend.dialect_package is None:
                raise self.error(exc) from None
            raise ConfigError(f"{self.backend.label} needs its SQLAlchemy dialect: "
                              f"pip install {self.backend.dialect_package}") from None
        except Exception as exc:
            raise self.error(exc) from None
        self._opened = False
        self._lock = threading.Lock()
        self._dedicated: Engine | None = None
        Database._by_engine[id(self.engine)] = self
        self.tunnel = self._tunnel()
        self._install_events()

    # -- identity --------------------------------------------------------------
    @property
    def dialect(self) -> str:
        """The backend name: 'mysql', 'sqlite', 'postgresql', ..."""
        return self.engine.dialect.name

    @property
    def where(self) -> str:
        """Host and port, or the file, for error messages."""
        return self.backend.where(self.url)

    @classmethod
    def for_engine(cls, engine: Engine) -> "Database | None":
        """The Database owning ``engine``, if it is one of ours."""
        db = cls._by_engine.get(id(engine))
        return db if db is not None and db.engine is engine else None

    def __repr__(self) -> str:
        return f"<Database {self.display}>"

    def receiver_context(self) -> Any:
        """This Database as ``current_database`` while a signal it sends runs its receivers."""
        from guiapp.core.connect.context import database_context
        return database_context(self)

    # -- errors ----------------------------------------------------------------
    def error(self, exc: BaseException) -> GuiappError:
        """Translate any exception into a GuiappError with this URL's password scrubbed."""
        error = translate(exc, secrets=self._secrets, where=self.where)
        if isinstance(error, ReadOnlyError) and self.read_only_note:
            return ReadOnlyError(f"{self.read_only_note} Nothing was written.", code=error.code)
        if isinstance(error, PoolExhaustedError):
            o = self.options
            return PoolExhaustedError(
                f"Every pooled connection is in use (pool size {o.pool_size}, overflow {o.max_overflow}) and "
                f"none was returned within {o.pool_timeout:g} s. Close a tab or wait for a query to finish, "
                "or raise --pool-size.")
        return error

    def connect_error(self, exc: BaseException, waited: float | None = None) -> GuiappError:
        """Like error(), for a failure while opening a connection, ``waited`` seconds into it.

        A connection lost while opening is a server that did not answer in time only when the
        attempt lasted that long; one that ended sooner was closed by the server (one dying, or
        starting up), and saying "did not answer within 5 s" of it would be untrue."""
        error = self.error(exc)
        if isinstance(error, ConnectionLostError):
            timeout = self.options.connect_timeout
            if waited is None or timeout is None or waited >= 0.9 * timeout:
                return ConnectError(f"The server at {self.where} did not answer within {timeout} s.",
                                    code=error.code)
            return ConnectError(str(error).replace("The server connection was lost", "Cannot reach the database "
                                                   "server", 1), code=error.code)
        return error

    # -- connections -------------------------------------------------------------
    def open(self) -> "Database":
        """Connect once to prove the URL works; send ``database_opened`` the first time."""
        with self.connect() as conn:
            conn.exec_driver_sql("SELECT 1").close()
        with self._lock:
            first, self._opened = not self._opened, True
        if first:
            signals.database_opened.send(self, url=self.display, dialect=self.dialect)
        return self

    def checkout(self) -> Connection:
        """A connection from the pool, errors translated; the caller closes it.

        When every connection is in use, ``pool_waiting`` says so before the wait begins, so the
        window can show "waiting for a connection" instead of looking frozen.
        """
        if self._pool_full():
            o = self.options
            signals.pool_waiting.send(self, size=o.pool_size, overflow=o.max_overflow, timeout=o.pool_timeout)
        started = time.monotonic()
        try:
            return self.engine.connect()
        except Exception as exc:
            raise self.connect_error(exc, time.monotonic() - started) from None

    def _pool_full(self) -> bool:
        pool = self.engine.pool
        if not isinstance(pool, sa.pool.QueuePool):
            return False  # a pool without a limit (SQLite's, NullPool) never makes anyone wait
        return pool.checkedout() >= pool.size() + self.options.max_overflow

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A pooled connection, errors translated. Returned to the pool on exit."""
        conn = self.checkout()
        try:
            yield conn
        except GuiappError:
            self._close_quietly(conn)
            raise
        except sa.exc.SQLAlchemyError as exc:
            self._close_quietly(conn)
            raise self.error(exc) from None
        except BaseException:
            self._close_quietly(conn)
            raise
        try:
            conn.close()  # its rollback can find the server gone: say so as for any statement
        except sa.exc.SQLAlchemyError as exc:
            raise self.error(exc) from None

    @staticmethod
    def _close_quietly(conn: Connection) -> None:
        """Return a connection whose work already failed: the first error is the one to tell."""
        try:
            conn.close()
        except sa.exc.SQLAlchemyError:
            pass

    def dedicated_connection(self) -> Connection:
        """A connection of its own, outside the pool, for a console to keep for its life.

        What a console changes in its session (USE, SET, PRAGMA, temporary tables) then
        stays with that console and never reaches the grid, exports or another console
        through a pooled connection. An in-memory SQLite database has one connection only:
        there the pooled one is shared.
        """
        if self.backend.one_connection(self.url):
            engine = self.engine
        else:
            with self._lock:
                if self._dedicated is None:
                    kwargs = self.backend.engine_kwargs(self.url, self.options)
                    how = {k: kwargs[k] for k in ("connect_args", "creator") if k in kwargs}  # mode=ro too
                    self._dedicated = sa.create_engine(self.url, poolclass=sa.pool.NullPool, **how)
                    # The tunnel first: the backend's own do_connect (TLS, a bounded handshake) connects.
                    self._through_tunnel(self._dedicated)
                    self.backend.install(self._dedicated, self.options)
                engine = self._dedicated
        started = time.monotonic()
        try:
            return engine.connect()
        except Exception as exc:
            raise self.connect_error(exc, time.monotonic() - started) from None

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A pooled connection inside a transaction, committed on success."""
        with self.connect() as conn:
            with conn.begin():
                yield conn

    def pool_status(self) -> PoolStatus:
        pool = self.engine.pool
        def figure(name: str) -> int:
            fn = getattr(pool, name, None)
            try:
                return int(fn()) if callable(fn) else 0
            except Exception:
                return 0
        size = figure("size") or 1
        # QueuePool counts overflow from -pool_size; users mean "connections past the pool".
        return PoolStatus(size=size, checked_out=figure("checkedout"),
                          overflow=max(figure("overflow"), 0), checked_in=figure("checkedin"))

    def dispose(self) -> None:
        """Close every pooled connection (and the SSH tunnel they went through)."""
        self.engine.dispose()
        if self._dedicated is not None:
            self._dedicated.dispose()
        if self.tunnel is not None:
            self.tunnel.close()
        signals.database_closed.send(self, url=self.display)

    # -- SSH ---------------------------------------------------------------------
    def _tunnel(self) -> Any:
        """The SSH tunnel ``options.ssh`` asks for (started by the first connection), or None."""
        if not self.options.ssh:
            return None
        from guiapp.core.connect.tunnel import SshTunnel
        if self.backend.file_based:
            raise ConfigError("An SSH tunnel reaches a database server; a database file is opened where it is.")
        port = self.url.port or self.backend.default_port
        if not port:
            raise ConfigError("An SSH tunnel needs the server's port: put it in the URL "
                              f"({self.url.get_backend_name()}://…:PORT/…).")
        tunnel = SshTunnel(self.options.ssh, self.url.host or "localhost", port,
                           timeout=float(self.options.connect_timeout) * 2, owner=self)
        self._through_tunnel(self.engine, tunnel)
        return tunnel

    def _through_tunnel(self, engine: Engine, tunnel: Any = None) -> None:
        """Every new connection of ``engine`` goes to the tunnel's local end, started again if it dropped."""
        tunnel = tunnel or self.tunnel
        if tunnel is None:
            return

        @event.listens_for(engine, "do_connect")
        def through(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
            cparams["port"] = tunnel.ensure()
            cparams["host"] = "127.0.0.1"

    # -- events ------------------------------------------------------------------
    def _install_events(self) -> None:
        engine = self.engine
        me = weakref.ref(self)
        self.backend.install(engine, self.options)

        def status_kwargs(db: "Database", dbapi_conn: Any, returning: bool = False) -> dict[str, Any]:
            # The pool's own counters move after its checkin event: count this one as back.
            st = db.pool_status()
            out = max(st.checked_out - (1 if returning else 0), 0)
            return {"connection_id": id(dbapi_conn), "checked_out": out,
                    "size": st.size, "overflow": st.overflow}

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            db = me()
            if db is not None:
                signals.connection_created.send(db, url=db.display, connection_id=id(dbapi_conn))

        @event.listens_for(engine, "checkout")
        def _on_checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
            db = me()
            if db is not None:
                signals.pool_checkout.send(db, **status_kwargs(db, dbapi_conn))

        @event.listens_for(engine, "checkin")
        def _on_checkin(dbapi_conn: Any, _record: Any) -> None:
            db = me()
            if db is not None and dbapi_conn is not None:
                signals.pool_checkin.send(db, **status_kwargs(db, dbapi_conn, returning=True))

        @event.listens_for(engine, "invalidate")
        def _on_invalidate(dbapi_conn: Any, _record: Any, exc: BaseException | None) -> None:
            db = me()
            if db is not None:
                reason = str(db.error(exc)) if exc is not None else "invalidated"
                signals.connection_invalidated.send(db, connection_id=id(dbapi_conn), reason=reason)


def _table_event(signal: Any) -> Any:
    """A Table-level DDL listener that re-sends as ``signal`` for guiapp-owned engines."""
    def listener(table: sa.Table, connection: Connection, **_kw: Any) -> None:
        db = Database.for_engine(connection.engine)
        if db is not None:
            signal.send(db, table=table.name, origin="model")
            if signal in (signals.table_created, signals.table_dropped):
                signals.schema_changed.send(db, tables=(table.name,))
    return listener


# MetaData DDL events, for every Table, routed to the Database that ran them.
# Class-level, so a user's own ``Base.metadata.create_all(db.engine)`` is announced too.
event.listen(sa.Table, "before_create", _table_event(signals.before_create))
event.listen(sa.Table, "after_create", _table_event(signals.table_created))
event.listen(sa.Table, "before_drop", _table_event(signals.before_drop))
event.listen(sa.Table, "after_drop", _table_event(signals.table_dropped))

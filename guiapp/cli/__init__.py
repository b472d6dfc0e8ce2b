"""The ``guiapp`` command line: the window, and the core's operations without one.

In the style of Flask's click CLI: global options pick the database and the
models, each operation is a subcommand, and users add their own commands from
their models module or a ``guiapp.commands`` entry point::

    from guiapp.cli import command, option, pass_database

    @command()
    @option("-n", "--name", required=True, help="Who to greet.")
    @pass_database
    def greet(db, name):
        '''Say hello from the database.'''
        ...

Qt is imported only by the window command. The built-in commands live in
``guiapp.cli.commands`` (schema, models, export) and ``guiapp.cli.querying`` (query).
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable

import click

from guiapp import __version__
from guiapp.core.errors import GuiappError, ModelLoadError

# -- the extension API ----------------------------------------------------------
_user_commands: dict[str, click.Command] = {}
option = click.option
argument = click.argument


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """Register a function as a ``guiapp`` subcommand (like flask-script's ``@manager.command``)."""
    def decorator(fn: Callable[..., Any]) -> click.Command:
        cmd = click.command(name, **attrs)(fn)
        _user_commands[cmd.name or fn.__name__] = cmd
        return cmd
    return decorator


def pass_database(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give the command the connected :class:`~guiapp.core.connect.database.Database` as first argument."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(click.get_current_context().find_object(CliState).database(), *args, **kwargs)
    return wrapper


def pass_models(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give the command the :class:`~guiapp.core.schema.modelload.DeclaredModels` as first argument."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(click.get_current_context().find_object(CliState).models(), *args, **kwargs)
    return wrapper


# -- shared state -----------------------------------------------------------------
class CliState:
    """The global options, and the Database and models they name, built on first use."""

    def __init__(self, url: str | None, models_spec: str | None, pool: dict[str, Any]) -> None:
        self.url = url
        self.models_spec = models_spec
        self.pool = pool
        self._db: Any = None
        self._models: Any = None

    def pool_options(self) -> Any:
        from guiapp.core.connect.database import PoolOptions
        return PoolOptions().with_overrides(**self.pool)

    def database(self, create: bool = False) -> Any:
        """The Database of --url (the demo without one). ``create``: a missing SQLite file is
        made (and said so on stderr); every other command refuses to invent one."""
        if self._db is None:
            from guiapp.core.connect.profiles import ConnectionProfile
            if self.url is not None:
                profile = ConnectionProfile.from_text(self.url, self.pool_options(), create=create)
                missing = profile.missing_file() if create else None
                self._db = profile.open()
                if missing:
                    click.echo(f"Created the SQLite file {missing}.", err=True)
            else:
                from guiapp.core.data.demo import open_demo
                self._db = open_demo(self.pool_options()).open()
        return self._db

    def models(self) -> Any:
        if self._models is None:
            from guiapp.core.schema.modelload import load_models
            self._models = load_models(self.models_spec)
        return self._models

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()  # the pool, and the SSH tunnel, which would outlive the command


def _state() -> CliState:
    return click.get_current_context().find_object(CliState)


class GuiappGroup(click.Group):
    """A group that also offers the commands of the --models module and of entry points."""

    def _load_extensions(self, ctx: click.Context) -> None:
        if ctx.meta.get("guiapp.extensions_loaded"):
            return
        ctx.meta["guiapp.extensions_loaded"] = True
        spec = ctx.meta.get("guiapp.models") or os.environ.get("GUIAPP_MODELS")
        if spec:
            from guiapp.core.schema.modelload import load_models
            try:
                load_models(spec)
            except ModelLoadError as exc:
                ctx.meta["guiapp.extension_error"] = str(exc)
        from importlib.metadata import entry_points  # 35 ms: only when a command is looked up
        for ep in entry_points(group="guiapp.commands"):
            try:
                obj = ep.load()
            except Exception as exc:  # a broken plugin must not break the built-in commands
                ctx.meta["guiapp.extension_error"] = f"Cannot load command {ep.name!r}: {exc}"
                continue
            if isinstance(obj, click.Command):
                _user_commands.setdefault(ep.name, obj)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_extensions(ctx)
        return sorted(set(super().list_commands(ctx)) | set(_BUILTIN) | set(_user_commands))

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command with ``current_database`` set: connected on first use, like pass_database."""
        from guiapp.core.connect.context import database_context
        with database_context(lambda: ctx.find_object(CliState).database()):  # the group callback makes it
            return super().invoke(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _BUILTIN and cmd_name not in self.commands:
            import importlib
            importlib.import_module(_BUILTIN[cmd_name])  # registers it on this group
        builtin = super().get_command(ctx, cmd_name)
        if builtin is not None:
            return builtin
        self._load_extensions(ctx)
        found = _user_commands.get(cmd_name)
        if found is None and ctx.meta.get("guiapp.extension_error"):
            raise click.UsageError(ctx.meta["guiapp.extension_error"], ctx)
        if found is None and "://" in cmd_name:
            from guiapp.core.redact import scrub
            raise click.UsageError(f"{scrub(cmd_name)} is a database URL, not a command: give it with --url "
                                   "(guiapp --url URL COMMAND).", ctx)
        return found


# -- the group and its options -------------------------------------------------------
def _desktop(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """--install-desktop / --uninstall-desktop: do it, say what was written or removed, and stop."""
    if not value or ctx.resilient_parsing:
        return
    from guiapp.core.store import desktop
    report = desktop.install_desktop() if param.name == "install_desktop" else desktop.uninstall_desktop()
    for line in report.lines():
        click.echo(line)
    ctx.exit(0)


@click.group(cls=GuiappGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "GUIAPP"})
@click.option("--url", envvar="GUIAPP_URL", metavar="URL",
              help="SQLAlchemy URL, e.g. mysql+pymysql://user:pw@host/db. Default: the demo SQLite file.")
@click.option("--models", envvar="GUIAPP_MODELS", metavar="MODULE", is_eager=True,
              callback=lambda ctx, _p, value: ctx.meta.__setitem__("guiapp.models", value) or value,
              help="Your declarative models: a dotted module or a .py file. Default: guiapp.models.")
@click.option("--pool-size", type=click.IntRange(1), help="Pooled connections kept open [5].")
@click.option("--max-overflow", type=click.IntRange(0), help="Extra connections past the pool [0].")
@click.option("--pool-timeout", type=click.FloatRange(0), help="Seconds to wait for a free connection [30].")
@click.option("--pool-recycle", type=int, help="Seconds before a connection is replaced [3600].")
@click.option("--pre-ping/--no-pre-ping", default=None, help="Test connections on checkout [on].")
@click.option("--connect-timeout", type=click.IntRange(1), help="Seconds to wait for the server [5].")
@click.option("--read-only", is_flag=True, default=None,
              help="Refuse every write, enforced by the database (SQLite mode=ro, a read-only session).")
@click.option("--ssh", metavar="ALIAS", envvar="GUIAPP_SSH",
              help="Reach the server through an SSH tunnel to ALIAS (a Host of ~/.ssh/config, or user@host).")
@click.option("--install-desktop", is_flag=True, is_eager=True, expose_value=False, callback=_desktop,
              help="Put guiapp in the desktop's application menu, opening SQLite, DuckDB and Parquet files.")
@click.option("--uninstall-desktop", is_flag=True, is_eager=True, expose_value=False, callback=_desktop,
              help="Remove what --install-desktop wrote, and nothing else.")
@click.version_option(__version__, "-V", "--version")
@click.pass_context
def cli(ctx: click.Context, url: str | None, models: str | None, pool_size: int | None,
        max_overflow: int | None, pool_timeout: float | None, pool_recycle: int | None,
        pre_ping: bool | None, connect_timeout: int | None, read_only: bool | None, ssh: str | None) -> None:
    """guiapp: browse a database and your SQLAlchemy models, in a window or from here.

    Without a command, opens the window.
    """
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout,
            "pool_recycle": pool_recycle, "pool_pre_ping": pre_ping, "connect_timeout": connect_timeout,
            "read_only": read_only, "ssh": ssh}
    state = CliState(url, models, pool)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if models and ctx.invoked_subcommand not in (None, "run"):
        # Every command imports the module, so that its signal receivers hear imports, queries and
        # exports too; one that declares commands or receivers alone needs no models for them.
        # (The window imports it on a worker of its own.)
        from guiapp.core.schema.modelload import import_module
        import_module(models)
    if ctx.invoked_subcommand is None:
        from guiapp.cli.commands import run
        ctx.invoke(run)


def _file_as_url(args: list[str]) -> list[str]:
    """``guiapp app.db [options]`` means: open the window on that SQLite file.

    The first positional argument that is not a command but a SQLite file name
    (or an existing file) becomes ``--url sqlite:///<absolute path> run``.
    """
    from guiapp.core.paths import looks_like_sqlite_path, sqlite_url_for  # no SQLAlchemy on the window's path
    takes_value = {name for p in cli.params if isinstance(p, click.Option) and not p.is_flag
                   for name in p.opts}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return args
        if arg.startswith("-"):
            i += 2 if arg in takes_value else 1
            continue
        from guiapp.core.backends.datafiles import duckdb_url_for, is_duckdb_file
        if arg not in cli.commands and is_duckdb_file(arg):
            return args[:i] + ["--url", duckdb_url_for(arg), "run"] + args[i + 1:]
        if arg in cli.commands or not looks_like_sqlite_path(arg):
            return args
        return args[:i] + ["--url", sqlite_url_for(arg), "run"] + args[i + 1:]
    return args


def _terminated(_signum: int, _frame: Any) -> None:
    """SIGTERM ends a command the way Ctrl-C does: the statement is cancelled, a partial
    export removed, and the exit status says so."""
    raise KeyboardInterrupt


def main() -> None:
    """Entry point: one line on stderr and a non-zero exit for every expected failure."""
    run_cli(_file_as_url(sys.argv[1:]), "guiapp")


def run_cli(args: list[str], prog_name: str) -> None:
    """Run the command line on ``args``, ending the process the way ``guiapp`` does: one line on
    stderr and a non-zero exit for every expected failure (``flask guiapp`` runs it too)."""
    import signal
    from guiapp.core import logs
    debug = bool(os.environ.get("GUIAPP_DEBUG"))
    signal.signal(signal.SIGTERM, _terminated)
    logs.configure(debug)
    try:
        cli.main(args=args, standalone_mode=False, prog_name=prog_name)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
        from guiapp.core.redact import scrub
        click.echo(f"Error: {scrub(exc.format_message())}", err=True)  # it may echo a URL as typed
        sys.exit(exc.exit_code)
    except GuiappError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        if debug:
            raise
        from guiapp.core.errors import report_bug
        click.echo(f"Error: {report_bug(exc)}", err=True)
        sys.exit(1)


# The commands register themselves on the group above.
# The built-in commands, each imported when it is named (or listed by --help), so that `guiapp`
# opening the window loads the window's command only.
_BUILTIN = {name: "guiapp.cli.commands" for name in ("run", "tables", "describe", "models", "create", "drop",
                                                     "export")}
_BUILTIN.update({"query": "guiapp.cli.querying", "import": "guiapp.cli.importing", "diff": "guiapp.cli.diffing",
                 "erd": "guiapp.cli.erd"})

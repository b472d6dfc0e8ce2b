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

Qt is imported only by the window command.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO, Callable

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
    """Give the command the connected :class:`~guiapp.core.database.Database` as first argument."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(click.get_current_context().find_object(CliState).database(), *args, **kwargs)
    return wrapper


def pass_models(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give the command the :class:`~guiapp.core.modelload.DeclaredModels` as first argument."""
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
        from guiapp.core.database import PoolOptions
        return PoolOptions().with_overrides(**self.pool)

    def database(self, create: bool = False) -> Any:
        """The Database of --url (the demo without one). ``create``: a missing SQLite file is
        made (and said so on stderr); every other command refuses to invent one."""
        if self._db is None:
            from guiapp.core.profiles import ConnectionProfile
            if self.url is not None:
                profile = ConnectionProfile.from_text(self.url, self.pool_options(), create=create)
                missing = profile.missing_file() if create else None
                self._db = profile.open()
                if missing:
                    click.echo(f"Created the SQLite file {missing}.", err=True)
            else:
                from guiapp.core.demo import open_demo
                self._db = open_demo(self.pool_options()).open()
        return self._db

    def models(self) -> Any:
        if self._models is None:
            from guiapp.core.modelload import load_models
            self._models = load_models(self.models_spec)
        return self._models

    def close(self) -> None:
        if self._db is not None:
            self._db.engine.dispose()


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
            from guiapp.core.modelload import load_models
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
        return sorted(set(super().list_commands(ctx)) | set(_user_commands))

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command with ``current_database`` set: connected on first use, like pass_database."""
        from guiapp.core.context import database_context
        with database_context(lambda: ctx.find_object(CliState).database()):  # the group callback makes it
            return super().invoke(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        builtin = super().get_command(ctx, cmd_name)
        if builtin is not None:
            return builtin
        self._load_extensions(ctx)
        found = _user_commands.get(cmd_name)
        if found is None and ctx.meta.get("guiapp.extension_error"):
            raise click.UsageError(ctx.meta["guiapp.extension_error"], ctx)
        return found


# -- the group and its options -------------------------------------------------------
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
@click.version_option(__version__, "-V", "--version")
@click.pass_context
def cli(ctx: click.Context, url: str | None, models: str | None, pool_size: int | None,
        max_overflow: int | None, pool_timeout: float | None, pool_recycle: int | None,
        pre_ping: bool | None, connect_timeout: int | None, read_only: bool | None) -> None:
    """guiapp: browse a database and your SQLAlchemy models, in a window or from here.

    Without a command, opens the window.
    """
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout,
            "pool_recycle": pool_recycle, "pool_pre_ping": pre_ping, "connect_timeout": connect_timeout,
            "read_only": read_only}
    state = CliState(url, models, pool)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(run)


@cli.command()
def run() -> None:
    """Open the window (``guiapp app.db`` opens it on a SQLite file)."""
    from guiapp.app import run_window  # Qt is imported only here
    state = _state()
    pool = {k: v for k, v in state.pool.items() if v is not None}
    sys.exit(run_window(url=state.url, models_spec=state.models_spec, pool=pool))


@cli.command()
@click.option("--names", is_flag=True, help="Only the names, one a line.")
def tables(names: bool) -> None:
    """List tables and views, with their keys, indexes and constraints."""
    from guiapp.core.schema import catalog_for
    cat = catalog_for(_state().database())
    summaries = cat.names()
    if names:
        for t in summaries:
            click.echo(t.name)
        return
    if not summaries:
        click.echo("No tables.")
        return
    unreadable = 0
    for t in summaries:
        try:
            info = cat.table(t.name)
        except GuiappError as exc:  # a broken view (its table dropped) must not hide the others
            unreadable += 1
            click.echo(f"{t.name}  ({t.kind}, cannot be read: {exc})")
            continue
        click.echo(f"{t.name}  ({info.kind}, {len(info.columns)} columns)")
        if info.kind == "view":
            continue
        for line in _key_lines(info):
            click.echo(f"  {line}")
    if unreadable:
        click.echo(f"Warning: {unreadable} of {len(summaries)} could not be read.", err=True)


def _key_lines(info: Any) -> list[str]:
    """Primary key, indexes, unique constraints and foreign keys of a TableInfo, one per line."""
    lines = [f"{'primary key:':<13} {', '.join(info.primary_key) or '-'}"]
    lines += [f"{'unique index' if ix.unique else 'index':<13} {ix.name} ({', '.join(ix.columns)})"
              for ix in info.indexes]
    lines += [f"{'unique:':<13} {uq.name or '(unnamed)'} ({', '.join(uq.columns)})" for uq in info.uniques]
    lines += [f"{'foreign key:':<13} {fk.name or '(unnamed)'} {fk.describe()}" for fk in info.foreign_keys]
    return lines


@cli.command()
@click.argument("table")
@click.option("--ddl/--no-ddl", default=True, help="Show the CREATE statement too.")
def describe(table: str, ddl: bool) -> None:
    """Show one table's columns, keys, indexes, constraints and DDL."""
    from guiapp.core.output import TableWriter
    from guiapp.core.schema import catalog_for
    cat = catalog_for(_state().database())
    info = cat.table(table)
    click.echo(f"{info.kind.capitalize()} {info.name}")
    writer = TableWriter(sys.stdout, ["column", "type", "null", "default", "key", "extra"])
    writer.write([(c.name, c.type, "YES" if c.nullable else "NO", c.default,
                   "PRI" if c.primary_key else "", "auto_increment" if c.autoincrement else "")
                  for c in info.columns])
    click.echo("")
    if info.kind == "table":
        for line in _key_lines(info):
            click.echo(line)
    if ddl:
        click.echo("\n" + cat.ddl(table))


@cli.command()
def models() -> None:
    """Declared models: missing, present, or differing (and how)."""
    from guiapp.core.modelstate import model_states
    state = _state()
    declared = state.models()
    states = model_states(state.database(), declared)
    click.echo(f"Models from {declared.source} on {state.database().display}:")
    width = max(len(s.label) for s in states)
    for s in states:
        click.echo(f"  {s.label:<{width}}  {s.state.value}")
        for diff in s.differences:
            click.echo(f"  {'':<{width}}    - {diff}")


def _chosen(names: tuple[str, ...], all_: bool, verb: str) -> list[str] | None:
    if names and all_:
        raise click.UsageError(f"Name models to {verb}, or use --all, not both.")
    if not names and not all_:
        raise click.UsageError(f"Name the models to {verb} (class or table names), or use --all.")
    return None if all_ else list(names)


@cli.command()
@click.argument("names", nargs=-1, metavar="[MODEL]...")
@click.option("--all", "all_", is_flag=True, help="Every declared model.")
def create(names: tuple[str, ...], all_: bool) -> None:
    """Create declared models' tables that do not exist yet."""
    from guiapp.core.ddl import create_models
    state = _state()
    chosen = _chosen(names, all_, "create")
    created = create_models(state.database(create=True), state.models(), chosen)
    click.echo(f"Created {', '.join(created)}." if created else "Nothing to create: every table exists.")


@cli.command()
@click.argument("names", nargs=-1, metavar="[MODEL]...")
@click.option("--all", "all_", is_flag=True, help="Every declared model.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def drop(names: tuple[str, ...], all_: bool, yes: bool) -> None:
    """Drop declared models' tables, dependents first (asks first)."""
    from guiapp.core.ddl import drop_models, drop_plan
    state = _state()
    db, declared = state.database(), state.models()
    chosen = _chosen(names, all_, "drop")
    plan = drop_plan(db, declared, chosen)
    if not plan.tables:
        click.echo("Nothing to drop: none of those tables exists.")
        return
    if not yes:
        prompt = f"Drop {plan.describe()} from {db.display}? This deletes their data"
        try:
            confirmed = click.confirm(prompt, default=False, err=True)
        except click.Abort:  # no answer: end of input
            click.echo("", err=True)
            confirmed = False
        if not confirmed:
            raise click.ClickException("Nothing dropped (not confirmed; --yes skips the question).")
    dropped = drop_models(db, declared, chosen)
    click.echo(f"Dropped {', '.join(dropped)}.")


def _decode_script(data: bytes, where: str) -> str:
    """A script's text exactly as stored: CR LF inside a string literal stays CR LF."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{where} is not UTF-8 text (byte {exc.start}): save it as UTF-8.") from None


def _read_sql(sql: str | None, file: BinaryIO | None) -> str:
    if sql is not None and file is not None:
        raise click.UsageError("Give SQL as an argument or with --file, not both.")
    if file is not None:
        return _decode_script(file.read(), getattr(file, "name", "the script"))
    if sql is None or sql == "-":
        if sys.stdin.isatty():
            raise click.UsageError("Give SQL as an argument, with --file, or on standard input.")
        return _decode_script(sys.stdin.buffer.read(), "standard input")
    return sql


def _run_cancellable(work: Callable[[], Any], cancel: Callable[[], Any]) -> Any:
    """Run ``work`` on a thread; Ctrl-C (or SIGTERM) cancels it on the server and waits until it
    has cleaned up (a partial export removed) before saying so.

    The wait is on an Event set when ``work`` has ended, not on Thread.join: a join that a
    KeyboardInterrupt interrupts can leave the thread marked stopped while it still runs.
    """
    outcome: dict[str, Any] = {}
    ended = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc
        finally:
            ended.set()

    threading.Thread(target=target, name="guiapp-cli-query", daemon=True).start()
    try:
        while not ended.wait(0.2):
            pass
    except KeyboardInterrupt:
        cancel()
        ended.wait(10)
        raise click.ClickException("Query cancelled.") from None
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@cli.command()
@click.argument("sql", required=False)
@click.option("-f", "--file", type=click.File("rb"), help="Read the script from a file ('-' for stdin).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--rollback", is_flag=True, help="Roll back instead of committing (a dry run).")
@click.option("--timing/--no-timing", default=True, help="Print row counts and timings on stderr.")
@click.option("--yes", "-y", is_flag=True, help="Run DROP, TRUNCATE and DELETE/UPDATE without WHERE "
                                                 "without asking (on a terminal guiapp asks first).")
def query(sql: str | None, file: BinaryIO | None, fmt: str, rollback: bool, timing: bool, yes: bool) -> None:
    """Run SQL (one statement or a script) and print each result.

    Results stream in batches. Changes are committed at the end unless a
    statement fails or --rollback is given. Ctrl-C cancels on the server.
    """
    from guiapp.core.query import QuerySession, ends_transaction
    from guiapp.core.runner import ScriptRunner
    from guiapp.core.script import script_statements
    text = _read_sql(sql, file)
    db = _state().database()
    statements = script_statements(text, db.backend.flavour)
    doomed = [f"statement {s.number}: {s.destroys}" for s in statements if s.destroys]
    if doomed and not yes and not rollback and sys.stdin.isatty():
        click.echo("\n".join(doomed), err=True)
        if not click.confirm(f"Run on {db.display}? This deletes data", default=False, err=True):
            raise click.ClickException("Nothing was run (not confirmed; --yes skips the question).")
    if rollback:
        for statement in statements:
            if ends_transaction(db, statement):
                raise click.ClickException(
                    f"--rollback cannot undo statement {statement.number} (line {statement.line}, "
                    f"{statement.keyword}): it commits on its own on {db.backend.name}, with everything "
                    "before it. Nothing was run.")
    printer = _ResultPrinter(fmt, timing)
    runner = ScriptRunner(lambda: QuerySession(db), printer.post, name="guiapp-query", row_cap=None,
                          keep_last_open=False, first_batch=1000, batch=1000)
    printer.cancel = runner.stop

    def work() -> None:
        try:
            finished = printer.wait(runner.run(text))
            if printer.error is None and finished.in_transaction:
                printer.wait(runner.rollback() if rollback else runner.commit())
                if rollback:
                    click.echo("-- rolled back: nothing was changed", err=True)
        finally:
            if printer.error is not None or printer.broken:
                runner.rollback()
            runner.shutdown()
            runner.wait(30)
        if printer.broken:
            raise BrokenPipeError
        if printer.error is not None:
            raise printer.error

    _run_cancellable(work, runner.stop)


class _ResultPrinter:
    """Writes a runner's messages as ``guiapp query`` prints them: rows on stdout as they
    arrive, counts and timings on stderr. Runs on the runner's thread."""

    def __init__(self, fmt: str, timing: bool) -> None:
        self.fmt, self.timing = fmt, timing
        self.out = click.get_text_stream("stdout")
        self.error: GuiappError | None = None
        self.broken = False  # stdout was closed (| head): stop quietly
        self.cancel: Callable[[], Any] = lambda: None
        self._writer: Any = None
        self._finished: dict[int, Any] = {}
        self._ended = threading.Condition()

    def post(self, message: Any) -> None:
        from guiapp.core import runner as m
        from guiapp.core.output import make_writer
        try:
            if isinstance(message, m.ResultStarted) and not self.broken:
                self._writer = make_writer(self.fmt, self.out, message.columns)
            elif isinstance(message, m.RowsFetched) and self._writer is not None and not self.broken:
                self._writer.write(message.rows)
                if message.done:
                    self._writer.close()
            elif isinstance(message, m.StatementFinished) and self.timing and message.statement is not None:
                click.echo(f"-- statement {message.statement.number}: {message.summary}", err=True)
            elif isinstance(message, m.Notice) and self.timing:
                click.echo(f"-- {message.text}", err=True)
        except BrokenPipeError:
            self.broken = True
            threading.Thread(target=self.cancel, daemon=True).start()
        if isinstance(message, m.StatementFailed):
            self.error = message.error
        elif isinstance(message, m.RunFinished):
            with self._ended:
                self._finished[message.run] = message
                self._ended.notify_all()

    def wait(self, run: int) -> Any:
        """The RunFinished of ``run``, once it has come."""
        with self._ended:
            self._ended.wait_for(lambda: run in self._finished)
            return self._finished[run]


@cli.command()
@click.argument("table", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The file to write (.csv, .json or .sql).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "sql"]),
              help="Overrides the format guessed from the file name.")
@click.option("--sql", help="Export the rows of this query instead of a table.")
def export(table: str | None, output: str, fmt: str | None, sql: str | None) -> None:
    """Export a table (or --sql query) to a file, streamed in batches. Ctrl-C cancels."""
    from guiapp.core.export import export as run_export, format_for, table_select
    from guiapp.core.jobs import Job
    if bool(table) == bool(sql):
        raise click.UsageError("Name a TABLE or give --sql, one of the two.")
    db = _state().database()
    path = Path(output)
    fmt = format_for(path, fmt)
    source = sql if sql else table_select(db, table)
    job = Job(db)
    show = sys.stderr.isatty()

    def progress(rows: int, _expected: int | None) -> None:
        if show:
            click.echo(f"\r{rows:,} rows", nl=False, err=True)

    result = _run_cancellable(
        lambda: run_export(db, source, path, fmt=fmt, table_name=table or "result", progress=progress, job=job),
        job.cancel)
    if show:
        click.echo("", err=True)
    click.echo(f"Exported {result.rows:,} rows to {result.path}.", err=True)


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
    import signal
    from guiapp.core import logs
    debug = bool(os.environ.get("GUIAPP_DEBUG"))
    signal.signal(signal.SIGTERM, _terminated)
    logs.configure(debug)
    try:
        cli.main(args=_file_as_url(sys.argv[1:]), standalone_mode=False, prog_name="guiapp")
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
        click.echo(f"Error: {exc.format_message()}", err=True)
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



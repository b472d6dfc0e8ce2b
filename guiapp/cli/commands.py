"""The built-in commands that read the schema, create or drop models, and export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from guiapp.cli import _state, cli
from guiapp.core.backends import BUILT_IN
from guiapp.core.errors import GuiappError
from guiapp.core.wording import counted


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
    from guiapp.core.schema.catalog import catalog_for
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
    for t, info in cat.tables():
        if isinstance(info, GuiappError):  # a broken view (its table dropped) must not hide the others
            unreadable += 1
            click.echo(f"{t.name}  ({t.kind}, cannot be read: {info})")
            continue
        heading = f"{t.name}  ({info.kind}, {len(info.columns)} columns)"
        # One write per table: 5,000 tables are 30,000 lines.
        click.echo("\n".join([heading] + ([] if info.kind == "view" else [f"  {x}" for x in _key_lines(info)])))
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
    from guiapp.core.data.output import TableWriter
    from guiapp.core.schema.catalog import catalog_for
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
    from guiapp.core.schema.modelstate import model_states
    state = _state()
    declared = state.models()
    states = model_states(state.database(), declared)
    click.echo(f"Models from {declared.source} on {state.database().display}:")
    width = max(len(s.label) for s in states)
    for s in states:
        click.echo(f"  {s.label:<{width}}  {s.state.value}")
        for diff in s.differences:
            click.echo(f"  {'':<{width}}    - {diff}")
    if declared.migrations:
        from guiapp.core.schema.revisions import revision_state
        click.echo(revision_state(state.database(), declared.migrations).text())


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
    from guiapp.core.schema.ddl import create_models
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
    from guiapp.core.schema.ddl import drop_models, drop_plan
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


@cli.command()
@click.argument("table", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The file to write (.csv, .json or .sql).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "sql"]),
              help="Overrides the format guessed from the file name.")
@click.option("--sql", help="Export the rows of this query instead of a table.")
@click.option("--ddl", is_flag=True, help="SQL exports: start with the table's CREATE TABLE and indexes.")
@click.option("--dialect", type=click.Choice(BUILT_IN),
              help="SQL exports: render types, quoting and values for this database instead of the source's.")
def export(table: str | None, output: str, fmt: str | None, sql: str | None, ddl: bool,
           dialect: str | None) -> None:
    """Export a table (or --sql query) to a file, streamed in batches. Ctrl-C cancels.

    \b
    guiapp export users -o users.csv
    guiapp --url sqlite:///app.db export users -o users.sql --ddl --dialect mysql"""
    from guiapp.core.data.export import format_for
    if bool(table) == bool(sql):
        raise click.UsageError("Name a TABLE or give --sql, one of the two.")
    _leave_imports_at_exit()
    state = _state()
    path = Path(output)
    fmt = format_for(path, fmt)
    show = sys.stderr.isatty()

    def progress(rows: int, _expected: int | None) -> None:
        if show:
            click.echo(f"\r{rows:,} rows", nl=False, err=True)

    from guiapp.cli.querying import _run_cancellable
    result = None
    from guiapp.core.data.directexport import DirectExport, receivers_listening
    if fmt == "csv" and not (ddl or dialect) and state.url and not state.pool.get("ssh") \
            and not receivers_listening():
        # The driver alone, as the database's own client would: no SQLAlchemy to import.
        direct = DirectExport(state.url, read_only=bool(state.pool.get("read_only")),
                              timeout=state.pool.get("connect_timeout") or 5)
        result = _run_cancellable(lambda: direct.run(table, sql, path, progress), direct.stop)
    if result is None:
        result = _pooled_export(state, table, sql, path, fmt, ddl, dialect, progress)
    if show:
        click.echo("", err=True)
    click.echo(f"Exported {counted(result.rows, 'row')} to {result.path}.", err=True)


def _leave_imports_at_exit() -> None:
    """At the interpreter's exit, freeze what is alive rather than tear it down object by object:
    after psycopg's import that teardown alone took 0.13 s of a PostgreSQL export's process. The
    memory goes back with the process; a host process (click's test runner) is left as it was
    until its own exit."""
    import atexit
    import gc
    atexit.unregister(gc.freeze)  # once, however many exports one process runs
    atexit.register(gc.freeze)


def _pooled_export(state: Any, table: str | None, sql: str | None, path: Path, fmt: str, ddl: bool,
                   dialect: str | None, progress: Any) -> Any:
    """The export on the pooled Database, as the window runs it."""
    from guiapp.cli.querying import _run_cancellable
    from guiapp.core.data.export import export as run_export, table_select
    from guiapp.core.run.jobs import Job
    db = state.database()
    source = sql if sql else table_select(db, table)
    job = Job(db)
    return _run_cancellable(
        lambda: run_export(db, source, path, fmt=fmt, table_name=table or "result", progress=progress, job=job,
                           ddl=ddl, dialect=dialect),
        job.cancel)

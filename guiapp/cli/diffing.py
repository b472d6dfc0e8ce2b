"""guiapp diff: the SQL (or alembic migration) that makes the database match the models; usable in CI."""

from __future__ import annotations

import sys

import click

from guiapp.cli import _state, cli
from guiapp.core.errors import GuiappError


class DiffFailed(click.ClickException):
    """guiapp diff could not compare: exit status 2, so that 1 always means "something differs"."""

    exit_code = 2


@cli.command()
@click.argument("tables", nargs=-1)
@click.option("--alembic", "as_alembic", is_flag=True,
              help="Print the upgrade() body of an alembic migration instead of SQL.")
@click.option("--strict", is_flag=True,
              help="Also report what differs only in how the database writes it (MySQL display widths, "
                   "TINYINT(1) for Boolean, the quoting of defaults).")
@click.option("--drop-extra", is_flag=True,
              help="Also drop the tables that are only in the database (no model declares them); "
                   "without it they are only named, on stderr.")
def diff(tables: tuple[str, ...], as_alembic: bool, strict: bool, drop_extra: bool) -> None:
    """Print what would make the database match the models (or only TABLES of them).

    The SQL runs as printed with the database's own client (sqlite3, mysql, psql): in one
    transaction where the database allows it, and on SQLite by making a changed table anew and
    copying its rows. Tables that are only in the database are named on stderr ("only in the
    database") and left alone, unless --drop-extra.

    Exit status 0 when nothing differs and 1 when something does, so a CI job can fail on drift
    (a table only in the database is no difference unless --drop-extra):

    \b
    guiapp --models myapp.models diff            # SQL for this database
    guiapp --models myapp.models diff --alembic  # op.* lines to paste into a migration"""
    from guiapp.core.schema.migrating import plan_migration
    state = _state()
    try:
        declared = state.models()
        unknown = [t for t in tables if t not in declared.metadata.tables]
        if unknown:
            raise DiffFailed(f"{unknown[0]!r} is not a table of the models "
                             f"({', '.join(declared.metadata.tables)}).")
        migration = plan_migration(state.database(), declared, list(tables) or None, strict, drop_extra)
    except GuiappError as exc:
        raise DiffFailed(str(exc)) from None
    if migration.only_in_database and not migration.dropped:
        click.echo(f"Only in the database (no model; left alone, --drop-extra drops them): "
                   f"{', '.join(migration.only_in_database)}.", err=True)
    if migration.empty:
        click.echo(f"The database matches the models from {declared.source}.", err=True)
        return
    if as_alembic:
        click.echo(migration.script.rstrip())
    else:
        for statement in migration.sql:
            click.echo(statement.rstrip(";") + ";\n")
    count = migration.changes
    click.echo(f"{count} statement{'s' if count != 1 else ''} would make the database match the models.", err=True)
    sys.exit(1)

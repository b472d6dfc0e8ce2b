"""guiapp import: a CSV, TSV, JSON or JSON Lines file into a new or an existing table."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from guiapp.cli import _state, cli
from guiapp.cli.querying import _run_cancellable
from guiapp.core.wording import counted

_DELIMITERS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("table")
@click.option("--create", is_flag=True, help="Create TABLE, each column typed from all of its values "
                                             "(the types are printed first).")
@click.option("--delimiter", help="Field separator (',', ';', 'tab', '|'...); detected when left out.")
@click.option("--encoding", help="The file's encoding (utf-8, cp1252, latin-1...); detected when left out.")
@click.option("--no-header", is_flag=True, help="The first line is data: columns are column_1, column_2...")
@click.option("--skip-unknown-columns", is_flag=True,
              help="Leave out file columns TABLE lacks (without it they are refused, naming them).")
def import_(file: str, table: str, create: bool, delimiter: str | None, encoding: str | None,
            no_header: bool, skip_unknown_columns: bool) -> None:
    """Import FILE into TABLE in one transaction: all rows or, on an error or Ctrl-C, none.

    FILE is CSV or TSV (an unquoted empty field is NULL, "" the empty string), a JSON array of
    objects (as guiapp exports) or JSON Lines. A row with more or fewer fields than the header,
    and a byte not in the file's encoding, are refused naming their line.

    \b
    guiapp import people.csv people
    guiapp import sales.tsv sales --create --encoding cp1252"""
    from guiapp.core.data.importing import UnknownColumnsError, import_file, survey
    from guiapp.core.data.sniffing import ImportError_, sniff
    from guiapp.core.run.jobs import Job
    path = Path(file)
    fmt = sniff(path)
    if delimiter is not None:
        fmt = fmt.with_(delimiter=_DELIMITERS.get(delimiter.lower(), delimiter), kind="csv")
        if len(fmt.delimiter) != 1:
            raise click.BadParameter(f"{delimiter!r} is not one character.", param_hint="--delimiter")
    if encoding is not None:
        import codecs
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {encoding!r}.", param_hint="--encoding") from None
        fmt = fmt.with_(encoding=encoding)
    if no_header:
        fmt = fmt.with_(header=False)
    db = _state().database()
    job = Job(db)
    show = sys.stderr.isatty()
    columns, total = None, 0
    if create:
        found = _run_cancellable(lambda: survey(path, fmt, job, db), job.cancel)
        columns, total = found.columns, found.rows
        click.echo("Columns: " + ", ".join(f"{c.name} {c.type}" for c in columns), err=True)
    shown = [0.0]

    def progress(rows: int, total: int, last: bool = False) -> None:
        if show and (last or time.monotonic() - shown[0] > 0.2):
            shown[0] = time.monotonic()
            click.echo(f"\r{rows:,} of {total:,} rows" if total else f"\r{rows:,} rows", nl=False, err=True)

    try:
        result = _run_cancellable(lambda: import_file(db, path, table, fmt, create=columns, job=job, total=total,
                                                      skip_unknown=skip_unknown_columns, progress=progress),
                                  job.cancel)
    except UnknownColumnsError as exc:
        raise ImportError_(f"{exc} Nothing was imported; --skip-unknown-columns leaves them out.") from None
    except BaseException:
        if show and shown[0]:
            click.echo("", err=True)
        raise
    if show:
        progress(result.rows, total, last=True)
        click.echo("", err=True)
    for name in result.dropped:
        click.echo(f"Dropped {name}, left behind by an import that was stopped.", err=True)
    made = " (created)" if result.created else ""
    click.echo(f"Imported {counted(result.rows, 'row')} into {table}{made}.", err=True)

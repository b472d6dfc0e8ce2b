"""guiapp import: a CSV, TSV or JSON-lines file into a new or an existing table."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from guiapp.cli import _state, cli
from guiapp.cli.querying import _run_cancellable
from guiapp.core.wording import counted

_DELIMITERS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("table")
@click.option("--create", is_flag=True, help="Create TABLE, each column typed from the first 1,000 rows.")
@click.option("--delimiter", help="Field separator (',', ';', 'tab', '|'...); detected when left out.")
@click.option("--encoding", help="The file's encoding (utf-8, cp1252, latin-1...); detected when left out.")
@click.option("--no-header", is_flag=True, help="The first line is data: columns are column_1, column_2...")
def import_(file: str, table: str, create: bool, delimiter: str | None, encoding: str | None,
            no_header: bool) -> None:
    """Import FILE into TABLE in one transaction: all rows or, on an error or Ctrl-C, none.

    \b
    guiapp import people.csv people
    guiapp import sales.tsv sales --create --encoding cp1252"""
    from guiapp.core.data.importing import guess_columns, import_file
    from guiapp.core.run.jobs import Job
    from guiapp.core.data.sniffing import sniff
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
    columns = guess_columns(path, fmt) if create else None
    job = Job(db)
    show = sys.stderr.isatty()

    def progress(rows: int, _size: int) -> None:
        if show:
            click.echo(f"\r{rows:,} rows", nl=False, err=True)

    result = _run_cancellable(lambda: import_file(db, path, table, fmt, create=columns, job=job,
                                                  progress=progress), job.cancel)
    if show:
        click.echo("", err=True)
    made = " (created)" if result.created else ""
    click.echo(f"Imported {counted(result.rows, 'row')} into {table}{made}.", err=True)

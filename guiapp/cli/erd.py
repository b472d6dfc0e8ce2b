"""guiapp erd: the schema (or the declared models) as an ER diagram in an SVG or PNG file."""

from __future__ import annotations

from pathlib import Path

import click

from guiapp.cli import _state, cli
from guiapp.core.errors import GuiappError


@cli.command()
@click.argument("tables", nargs=-1)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .svg or .png.")
@click.option("--from-models", is_flag=True,
              help="Draw the declared models (--models, or the demo ones) instead of the database.")
def erd(tables: tuple[str, ...], output: Path, from_models: bool) -> None:
    """Draw tables as boxes and foreign keys as lines (only TABLES and the links between them, if given).

    \b
    guiapp --url mysql+pymysql://root@127.0.0.1/test erd -o schema.svg
    guiapp --models myapp.models erd --from-models -o models.png"""
    from guiapp.core.schema import erd as diagrams
    if output.suffix.lower() not in (".svg", ".png"):
        raise click.ClickException(f"{output.name}: the diagram is written as .svg or .png; "
                                   "give the file one of those names.")
    state = _state()
    try:
        if from_models:
            declared = state.models()
            diagram = diagrams.from_metadata(declared.metadata, declared.source)
        else:
            from guiapp.core.schema.catalog import catalog_for
            db = state.database()
            diagram = diagrams.from_catalog(catalog_for(db), db.display)
        if tables:
            diagram = diagram.only(tables)
        from guiapp.app import write_diagram
        written = write_diagram(diagram, output)
    except GuiappError as exc:
        raise click.ClickException(str(exc)) from None
    tables_n, keys_n = len(diagram.tables), len(diagram.links)
    click.echo(f"{tables_n} table{'s' if tables_n != 1 else ''} and {keys_n} foreign key{'s' if keys_n != 1 else ''} "
               f"drawn to {written}.", err=True)


"""``flask guiapp``: the window and every guiapp command on a Flask app's own database and models.

Registered with Flask's command line through the ``flask.commands`` entry point, so in a Flask
project ``flask guiapp`` opens the window and ``flask guiapp diff`` (tables, query, export, import,
erd, ...) runs the command, all on the app's ``SQLALCHEMY_DATABASE_URI`` (or one of its
``SQLALCHEMY_BINDS`` with ``--bind``) and its Flask-SQLAlchemy models. It runs inside the app's
application context, and so do the jobs it hands to worker threads: ``current_app`` and guiapp's
``current_database`` both work in commands and signal receivers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import ScriptInfo


@click.command("guiapp", add_help_option=False,
               context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--bind", metavar="KEY", help="Open the database of this key of SQLALCHEMY_BINDS "
                                            "instead of SQLALCHEMY_DATABASE_URI.")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def guiapp_command(ctx: click.Context, bind: str | None, args: tuple[str, ...]) -> None:
    """Browse this app's database and models with guiapp (`flask guiapp --help` for its commands)."""
    from guiapp.cli import run_cli
    from guiapp.core.schema.modelload import provide_models
    app = _load_app(ctx.ensure_object(ScriptInfo))
    with app.app_context():
        url, declared = app_database(app, bind)
        options = ["--url", url]
        if declared is not None:
            options += ["--models", provide_models(declared)]
        run_cli([*options, *args], prog_name="flask guiapp")


def _load_app(info: ScriptInfo) -> Any:
    """The Flask app, or one sentence when making it fails on a database driver that is missing
    (Flask-SQLAlchemy creates its engines, and so imports the driver, as the app is made)."""
    try:
        return info.load_app()
    except ModuleNotFoundError as exc:
        from guiapp.core.backends import driver_packages
        from guiapp.core.errors import missing_driver
        module = (exc.name or "").split(".")[0]
        if module not in driver_packages():
            raise
        raise click.ClickException(f"The Flask app could not start: {missing_driver(exc, driver_packages())}") \
            from None


def app_database(app: Any, bind: str | None) -> tuple[str, Any]:
    """The URL (as Flask-SQLAlchemy resolved it: a relative SQLite file lives in the instance
    folder) and the declared models of ``app``'s database, or of its bind ``bind``."""
    ext = app.extensions.get("sqlalchemy")
    if ext is None:
        uri = app.config.get("SQLALCHEMY_DATABASE_URI") if bind is None else None
        if not uri:
            raise click.ClickException(f"The Flask app {app.name!r} uses no Flask-SQLAlchemy and has no "
                                       "SQLALCHEMY_DATABASE_URI: set it in app.config, or init SQLAlchemy(app).")
        return str(uri), None
    engines = ext.engines
    if bind not in engines:
        if bind is None:
            raise click.ClickException(f"The Flask app {app.name!r} has no SQLALCHEMY_DATABASE_URI: "
                                       "set it in app.config (or name a bind with --bind).")
        known = ", ".join(sorted(k for k in engines if k)) or "none"
        raise click.ClickException(f"The Flask app {app.name!r} has no bind {bind!r} in SQLALCHEMY_BINDS "
                                   f"(known: {known}).")
    url = engines[bind].url.render_as_string(hide_password=False)
    metadata = ext.metadatas.get(bind)
    if metadata is None or not metadata.tables:
        return url, None
    from guiapp.core.schema.modelload import DeclaredModels, mapped_class_names
    migrate = app.extensions.get("migrate")  # Flask-Migrate: its folder, relative to where flask runs
    migrations = None if migrate is None or bind else str(Path(migrate.directory).resolve())  # as flask db reads it
    return url, DeclaredModels(source=f"{app.name} (Flask-SQLAlchemy{f', bind {bind}' if bind else ''})",
                               metadata=metadata, class_names=mapped_class_names([ext.Model.registry], metadata), migrations=migrations)


"""Where guiapp keeps its own files: the per-user data directory (platformdirs)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """The user's guiapp data directory (``GUIAPP_DATA_DIR`` overrides it, for tests)."""
    override = os.environ.get("GUIAPP_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("guiapp", appauthor=False))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from guiapp.core.errors import ConfigError
        where = "GUIAPP_DATA_DIR" if override else "GUIAPP_DATA_DIR, or the XDG_DATA_HOME it is made in,"
        raise ConfigError(f"Cannot create guiapp's data directory {path}: {exc.strerror or exc}. Point {where} "
                          "at a folder you can write.") from None
    return path


def demo_database_path() -> Path:
    return data_dir() / "demo.sqlite3"


# What a SQLite file is usually called: a bare path with one of these names means that file.
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".db3", ".s3db", ".sl3")


def sqlite_url_for(path: str) -> str:
    """The URL of a SQLite file given as a path (absolute, so a later cwd does not matter)."""
    return f"sqlite:///{os.path.abspath(os.path.expanduser(path))}"


def looks_like_sqlite_path(text: str) -> bool:
    """True for text that is a path to a SQLite file rather than a URL (``./app.db``).

    Here, not in the database module, so the command line can tell without importing SQLAlchemy
    (the window's start-up path).
    """
    text = text.strip()
    if not text or "://" in text:
        return False
    return text.lower().endswith(SQLITE_SUFFIXES) or os.path.isfile(os.path.expanduser(text))


SOURCE_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource_root() -> Path:
    """The folder holding guiapp's icons and style sheet, wherever guiapp is installed.

    The files live in the top-level ``resources/`` folder of the source tree; the build maps that
    folder to the ``guiapp._resources`` package, so an installed wheel and an editable checkout read
    them the same way; a checkout that was never installed reads the folder itself.
    """
    try:
        spec = importlib.util.find_spec("guiapp._resources")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(location) / "style.qss").is_file():
            return Path(location)
    return SOURCE_RESOURCES

"""Icons and the style sheet, shipped in the package as ``guiapp._resources``.

The files live in the top-level ``resources/`` folder of the source tree; the
build maps that folder to the ``guiapp._resources`` package, so an editable
checkout and an installed wheel read them the same way.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QIcon

SOURCE_TREE = Path(__file__).resolve().parents[2] / "resources"


def resource_root() -> Path:
    """The folder holding ``style.qss`` and ``icons/``, wherever guiapp is installed."""
    try:
        spec = importlib.util.find_spec("guiapp._resources")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(location) / "style.qss").is_file():
            return Path(location)
    return SOURCE_TREE  # running from a checkout that was never installed


RESOURCES = resource_root()


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon ``icons/<name>.svg`` (an empty icon if missing, never an error). One QIcon per
    name, shared: a tree of 5,000 tables asks for the same icon 5,000 times."""
    path = RESOURCES / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def style_sheet() -> str:
    path = RESOURCES / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""

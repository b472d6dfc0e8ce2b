"""Icons and the style sheet, shipped in the package as ``guiapp._resources``.

The files live in the top-level ``resources/`` folder of the source tree; the
build maps that folder to the ``guiapp._resources`` package, so an editable
checkout and an installed wheel read them the same way.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from guiapp.core.paths import resource_root

RESOURCES = resource_root()


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon ``icons/<name>.svg`` (an empty icon if missing, never an error). One QIcon per
    name, shared: a tree of 5,000 tables asks for the same icon 5,000 times."""
    path = RESOURCES / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def style_sheet() -> str:
    path = RESOURCES / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""

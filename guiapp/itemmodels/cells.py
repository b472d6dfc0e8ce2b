"""How one cell value looks in a grid: text, tooltip, colour. Shared by every item model."""

from __future__ import annotations

import decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from guiapp.core.values import is_binary, to_display, to_text
from guiapp.itemmodels.marks import MARKS as _MARKS, NEW_BRUSH, NULL_BRUSH, start_painting

start_painting()  # every model paints through this module: the theme's brushes are filled from here on
_ITALIC = QFont()
_ITALIC.setItalic(True)
_STRUCK = QFont()
_STRUCK.setStrikeOut(True)

TOOLTIP_LIMIT = 2000


# Plain ints: data() runs for every visible cell and role on each paint, and
# comparing against PySide's enum members costs far more than against ints.
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
FONT = int(Qt.ItemDataRole.FontRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
EDIT = int(Qt.ItemDataRole.EditRole.value)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
HANDLED = frozenset({DISPLAY, TOOLTIP, FOREGROUND, FONT, ALIGNMENT, EDIT})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


def cell_data(value: Any, role: int) -> Any:
    """The data() answer for ``value`` under ``role``."""
    role = int(role)
    if role == DISPLAY:
        return to_display(value)
    if role not in HANDLED:
        return None
    if role == TOOLTIP:
        if value is None:
            return "NULL"
        text = to_text(value)
        if is_binary(value):
            text = f"{len(bytes(value)):,} bytes\n{text[:TOOLTIP_LIMIT]}"
        return text if len(text) <= TOOLTIP_LIMIT else text[:TOOLTIP_LIMIT] + f"… ({len(text):,} chars)"
    if value is None:
        return NULL_BRUSH if role == FOREGROUND else _ITALIC if role == FONT else "" if role == EDIT else None
    if role == ALIGNMENT:
        return _RIGHT if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool) else None
    if role == EDIT:
        return to_text(value)
    return None


def pending_cell_data(value: Any, role: int, state: str, default_text: str | None = None) -> Any:
    """data() for a cell with a pending edit. ``state``: 'changed', 'new', 'deleted', or
    'default' for a new row's cell left to its default (``default_text`` shown, greyed)."""
    if state == "default":
        if role == BACKGROUND:
            return NEW_BRUSH
        if role == DISPLAY:
            return default_text
        if role == TOOLTIP:
            return f"Left to its default: {default_text}"
        return NULL_BRUSH if role == FOREGROUND else _ITALIC if role == FONT else "" if role == EDIT else None
    if role == BACKGROUND:
        return _MARKS.get(state)
    if role == FONT and state == "deleted":
        return _STRUCK
    if role == TOOLTIP and state == "deleted":
        return "Deleted when you commit"
    return cell_data(value, role) if role != BACKGROUND else None

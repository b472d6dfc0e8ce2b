"""How one cell value looks in a grid: text, tooltip, colour. Shared by every item model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from guiapp.core.values import is_binary, to_display, to_text

NULL_BRUSH = QBrush(QColor("#8a93a0"))
LOADING_BRUSH = QBrush(QColor("#b4bcc6"))
_ITALIC = QFont()
_ITALIC.setItalic(True)
TOOLTIP_LIMIT = 2000


def cell_data(value: Any, role: int) -> Any:
    """The data() answer for ``value`` under ``role``."""
    if role == Qt.ItemDataRole.DisplayRole:
        return to_display(value)
    if role == Qt.ItemDataRole.ToolTipRole:
        if value is None:
            return "NULL"
        text = to_text(value)
        if is_binary(value):
            text = f"{len(bytes(value)):,} bytes\n{text[:TOOLTIP_LIMIT]}"
        return text if len(text) <= TOOLTIP_LIMIT else text[:TOOLTIP_LIMIT] + f"… ({len(text):,} chars)"
    if role == Qt.ItemDataRole.ForegroundRole and value is None:
        return NULL_BRUSH
    if role == Qt.ItemDataRole.FontRole and value is None:
        return _ITALIC
    if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if role == Qt.ItemDataRole.EditRole:
        return to_text(value)
    return None

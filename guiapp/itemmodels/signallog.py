"""The Signals dock's model: every signal as it arrives (time, name, sender, arguments), capped."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

MAX_EVENTS = 5000
HEADERS = ["Time", "Signal", "Sender", "Arguments"]


def sender_text(sender: Any) -> str:
    """A short, password-free label for a signal's sender."""
    display = getattr(sender, "display", None)
    if isinstance(display, str):
        return display
    db = getattr(sender, "db", None)
    if db is not None and isinstance(getattr(db, "display", None), str):
        return f"{type(sender).__name__} on {db.display}"
    return type(sender).__name__


def args_text(kwargs: dict[str, Any]) -> str:
    parts = []
    for key, value in kwargs.items():
        text = f"{value:.4f}" if isinstance(value, float) else str(value)
        if len(text) > 120:
            text = text[:117] + "…"
        parts.append(f"{key}={text}")
    return ", ".join(parts).replace("\n", " ")


class SignalLogModel(QAbstractTableModel):
    """The newest MAX_EVENTS signals, oldest first."""

    def __init__(self, parent: QObject | None = None, limit: int = MAX_EVENTS) -> None:
        super().__init__(parent)
        self.limit = limit
        self.events: list[tuple[str, str, str, str]] = []

    def add(self, name: str, sender: Any, kwargs: dict[str, Any]) -> None:
        stamp = time.strftime("%H:%M:%S") + f".{int(time.time() * 1000) % 1000:03d}"
        if len(self.events) >= self.limit:
            drop = len(self.events) - self.limit + 1
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del self.events[:drop]
            self.endRemoveRows()
        row = len(self.events)
        self.beginInsertRows(QModelIndex(), row, row)
        self.events.append((stamp, name, sender_text(sender), args_text(kwargs)))
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.events.clear()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.events[index.row()][index.column()]

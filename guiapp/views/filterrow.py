"""The filter boxes under a grid's header: one per column, kept aligned as columns move."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

from guiapp.qt.workspace import debounce


class FilterRow(QWidget):
    """One filter box per column, kept aligned under the grid's header. Filters run in SQL."""

    def __init__(self, view: QTableView, on_change: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.on_change = on_change
        self.edits: list[QLineEdit] = []
        self.setFixedHeight(26)
        # Columns are resized in bursts (fitting a 1,000-column table resizes each in turn): placing
        # every box after each one took 2 million moves and seconds. Placed once per event-loop turn,
        # they land where they did. Scrolling still places them at once.
        place_soon = debounce(self, 0, self._place)
        header = view.horizontalHeader()
        for changed in (header.sectionResized, header.sectionMoved, header.geometriesChanged,
                        view.verticalHeader().geometriesChanged):
            changed.connect(lambda *_: place_soon())  # not QTimer.start(int) with the signal's first int
        view.horizontalScrollBar().valueChanged.connect(self._place)

    def set_columns(self, names: list[str]) -> None:
        for edit in self.edits:
            edit.deleteLater()
        self.edits = []
        for name in names:
            edit = QLineEdit(self, placeholderText="filter", clearButtonEnabled=True)
            edit.setToolTip(f"Filter {name}: text to find, or =, <, >, <=, >=, != value, or NULL / !NULL")
            edit.setProperty("column", name)
            fire = debounce(edit, 350, lambda e=edit: self.on_change(e.property("column"), e.text()))
            edit.textChanged.connect(fire)
            edit.show()
            self.edits.append(edit)
        self._place()

    def _place(self, *_: Any) -> None:
        header = self.view.horizontalHeader()
        offset = self.view.viewport().x() if self.view.verticalHeader().isVisible() else 0
        offset = max(offset, self.view.verticalHeader().width() + self.view.frameWidth())
        for i, edit in enumerate(self.edits):
            edit.setGeometry(offset + header.sectionViewportPosition(i), 0, header.sectionSize(i), 24)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place()

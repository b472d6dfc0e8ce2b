"""The grids' row numbers: a vertical header sized from its last number alone."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

ROW_HEIGHT = 22


class RowNumbers(QHeaderView):
    """Row numbers 1 to n, every row ROW_HEIGHT high.

    Qt sizes a vertical header by asking the model four roles of each of its first and last
    100 rows: 800 calls into Python, about 1 ms, whenever the row count changes (three times as a
    table opens). The width needed is that of the last number, measured here as Qt would.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultSectionSize(ROW_HEIGHT)
        self.setSectionsClickable(True)  # a click selects the row, as on the default header
        self.setHighlightSections(True)

    def sizeHint(self) -> QSize:
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        font = self.font()
        font.setBold(True)  # as Qt measures a section: the selected rows' numbers are drawn bold
        option.fontMetrics = QFontMetrics(font)
        option.text = str(max(self.count(), 1))
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, option, QSize(), self)
        return QSize(size.width(), self.defaultSectionSize())

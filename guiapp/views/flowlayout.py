"""A layout that lays its widgets in a row and wraps them onto the next row when the row is full, so a
bar of buttons keeps every button whole (text and all) in a narrow window instead of widening it."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Left to right, then down. Its minimum width fits the items in ``rows`` rows (a bar of one button
    a row would be taller than the window); its height is what its present width needs.
    An item added with ``stretch=True`` (a label, say) takes what is left of its row."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4, rows: int = 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: set[int] = set()
        self._spacing = spacing
        self._max_rows = rows
        self._height: int | None = None  # what the width it was last given needs
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def add(self, widget: QWidget, stretch: bool = False) -> None:
        """Add ``widget``; with ``stretch`` it widens to fill the rest of its row."""
        self.addWidget(widget)
        if stretch:
            self._stretch.add(id(self._items[-1]))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    # Not Qt's height-for-width: a tab widget or main window that sees it takes a page's preferred height
    # as its minimum, and the window grows. The layout asks for the height its present width needs.
    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return False

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)
        needed = self._place(QRect(0, 0, rect.width(), 0), move=False)
        if needed != self._height:
            self._height = needed
            self.invalidate()  # the parent lays out again at the same width, which settles it

    def sizeHint(self) -> QSize:  # noqa: N802
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown) + self._spacing * max(len(shown) - 1, 0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), self._needed(width))

    def minimumSize(self) -> QSize:  # noqa: N802
        shown = self._shown()
        low = max((item.sizeHint().width() for item in shown), default=0)
        high = max(self.sizeHint().width(), low)
        while low < high:  # the narrowest width that keeps the items in self._max_rows rows
            middle = (low + high) // 2
            if len(self._rows(middle)) <= self._max_rows:
                high = middle
            else:
                low = middle + 1
        margins = self.contentsMargins()
        return QSize(low + margins.left() + margins.right(), self._needed(low))

    def _needed(self, width: int) -> int:
        """The height for the present width once laid out; before that, for ``width``."""
        if self._height is not None:
            return self._height
        margins = self.contentsMargins()
        return self._place(QRect(0, 0, width + margins.left() + margins.right(), 0), move=False)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            wide = item.sizeHint().width()
            if rows[-1] and used + self._spacing + wide > width:
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + wide
            rows[-1].append(item)
        return [row for row in rows if row]

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in ``rect`` (when ``move``); the height they take, margins included."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.y()
        for row in self._rows(area.width()):
            height = max(item.sizeHint().height() for item in row)
            spare = area.width() - sum(i.sizeHint().width() for i in row) - self._spacing * (len(row) - 1)
            x = area.x()
            for item in row:
                wide = item.sizeHint().width()
                if id(item) in self._stretch and spare > 0:
                    wide, spare = wide + spare, 0
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - item.sizeHint().height()) // 2),
                                           QSize(wide, item.sizeHint().height())))
                x += wide + self._spacing
            y += height + self._spacing
        used = y - self._spacing - area.y() if y > area.y() else 0
        return used + margins.top() + margins.bottom()

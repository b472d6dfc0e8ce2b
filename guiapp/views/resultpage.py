"""One console result as a page: its grid (copy, Ctrl+End to fetch to the last row), how many rows
are shown, Fetch more / Fetch all past the cap, Export… and Chart…."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from guiapp.views.chartview import chart_button
from guiapp.views.exporter import result_export_button
from guiapp.views.gridcopy import GridCopy
from guiapp.views.gridutil import fit_columns, grid_view


def result_page(console: Any, model: Any, statement: Any, fetch_more: Callable[[], None]) -> QWidget:
    """The page for ``model`` (a ResultModel) of ``statement``; ``fetch_more`` asks for the next batch."""
    view = grid_view("resultGrid")
    view.setModel(model)
    more = QLabel(objectName="hint")
    more_button = QPushButton("Fetch more")
    all_button = QPushButton("Fetch all")
    more_button.clicked.connect(lambda: model.raise_cap(console.workspace.preferences.result_cap))
    all_button.clicked.connect(lambda: model.raise_cap(None))
    footer = QHBoxLayout()
    footer.addWidget(more, 1)
    footer.addWidget(more_button)
    footer.addWidget(all_button)
    footer.addWidget(result_export_button(console, console.workspace, statement.sql if statement else "",
                                          statement is not None and statement.is_read_only))
    footer.addWidget(chart_button(console, model))
    page = QWidget()
    page_layout = QVBoxLayout(page)
    page_layout.setContentsMargins(0, 0, 0, 0)
    page_layout.addWidget(view)
    page_layout.addLayout(footer)
    warning = QLabel(objectName="resultWarning")  # the server's warnings about these rows (mark_warned)
    warning.setWordWrap(True)
    warning.setStyleSheet("color: #8a5a00")
    warning.hide()
    page_layout.insertWidget(0, warning)  # above the grid, made last: the footer's count stays the first label

    def shown(count: int, more_left: bool) -> None:
        capped = more_left and count >= model.cap
        more.setText(f"{count:,} row{'' if count == 1 else 's'} shown"
                     + (", more on the server" if more_left else ""))
        more_button.setVisible(capped)
        all_button.setVisible(capped)

    model.shownChanged.connect(shown)
    model.shownChanged.connect(lambda count, _more: count and not view.property("sized") and (
        view.setProperty("sized", True), fit_columns(view)))
    model.moreWanted.connect(fetch_more)
    to_end = QAction("Fetch to the last row", view)
    to_end.setShortcut(QKeySequence("Ctrl+End"))
    to_end.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    to_end.triggered.connect(lambda _checked=False: model.fetch_to_end())
    view.addAction(to_end)
    GridCopy(view, lambda: ("result", console.db), lambda text: console.say(text, "error"))
    model.reachedEnd.connect(lambda: view.scrollToBottom() or view.setCurrentIndex(
        model.index(model.rowCount() - 1, max(view.currentIndex().column(), 0))))
    shown(0, True)
    return page


def mark_warned(page: QWidget, text: str) -> None:
    """Show above the grid a server warning about its rows (a result that may be incomplete)."""
    label = page.findChild(QLabel, "resultWarning")
    if label is None:
        return
    label.setText("\n".join(filter(None, [label.text(), f"Warning: {text}"])))
    label.show()

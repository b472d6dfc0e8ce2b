"""A quick chart of a console result (Chart… under the result): line, bar or scatter, an X column
(numbers, dates or categories, or the row number) and the number columns to draw, with pyqtgraph
(fast on Qt, light: numpy and nothing else). It redraws as more rows are fetched; Save PNG… writes
what is shown."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QComboBox, QFileDialog, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget)

from guiapp.core.data import charting
from guiapp.qt.workspace import debounce

COLOURS = ("#2f5d8a", "#d1603d", "#3a8a4f", "#8a3a7a", "#b08a1a", "#4a9ab0")
ROW_NUMBER = "(row number)"


def _pg() -> Any:
    """pyqtgraph, on the Qt binding guiapp runs (never another one installed beside it)."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import pyqtgraph
    return pyqtgraph


class ChartView(QWidget):
    """The chart of one result model; ``model`` keeps ``columns`` and ``rows`` (see ResultModel)."""

    def __init__(self, model: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        pg = _pg()
        self.model = model
        self.kind = QComboBox(objectName="chartKind")
        self.kind.addItems(charting.KINDS)
        self.x = QComboBox(objectName="chartX")
        self.x.addItems([ROW_NUMBER, *model.columns])
        self.ys = QListWidget(objectName="chartSeries")
        self.ys.setToolTip("The number columns to draw: tick or untick them")
        self.save_button = QPushButton("Save PNG…")
        self.save_button.clicked.connect(self.save_png)
        self.note = QLabel(objectName="hint", wordWrap=True)
        self.plot = pg.PlotWidget(background=self.palette().color(self.palette().ColorRole.Base))
        self.plot.setObjectName("chartPlot")
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setClipToView(True)
        self.plot.setDownsampling(auto=True, mode="peak")
        self.legend = self.plot.addLegend(offset=(10, 10))
        side = QWidget()
        controls = QVBoxLayout(side)
        controls.setContentsMargins(0, 0, 0, 0)
        for label, widget in (("Chart", self.kind), ("X axis", self.x), ("Y axis", self.ys)):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addWidget(self.save_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(side)
        split.addWidget(self.plot)
        split.setStretchFactor(1, 1)
        split.setSizes([180, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)
        self._choose_defaults()
        self.kind.currentIndexChanged.connect(lambda _i: self.draw())
        self.x.currentIndexChanged.connect(lambda _i: self.draw())
        self.ys.itemChanged.connect(lambda _item: self.draw())
        self._redraw_later = debounce(self, 200, self.draw)
        model.shownChanged.connect(self._rows_shown)  # bound: dropped when the chart is closed
        self.draw()

    @Slot(int, bool)
    def _rows_shown(self, _count: int, _more: bool) -> None:
        self._redraw_later()

    def _choose_defaults(self) -> None:
        """X: the first column when it is not a number (labels, dates) or when there are several
        number columns; Y: the number columns besides X, the first three ticked."""
        numeric = charting.numeric_columns(self.model.columns, self.model.rows)
        x = 0 if self.model.columns and (0 not in numeric or len(numeric) > 1) else None
        self.x.setCurrentIndex(0 if x is None else x + 1)
        for i in numeric:
            item = QListWidgetItem(self.model.columns[i])
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = i != x and sum(1 for j in numeric if j != x and j < i) < 3
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.ys.addItem(item)
        if not numeric:
            self.note.setText("No column of this result holds only numbers: there is nothing to draw.")

    def chosen(self) -> list[int]:
        return [self.ys.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.ys.count())
                if self.ys.item(r).checkState() == Qt.CheckState.Checked]

    def draw(self) -> None:
        pg = _pg()
        rows = self.model.rows
        x_column = self.x.currentIndex() - 1
        axis = charting.x_axis(rows, x_column if x_column >= 0 else None)
        bottom = pg.DateAxisItem(orientation="bottom") if axis.kind == "time" else pg.AxisItem("bottom")
        if axis.kind == "category":
            longest = max((len(label[:20]) for label in axis.labels), default=1)
            fit = max(2, self.plot.width() // (7 * longest + 12))  # labels that fit side by side
            step = -(-len(axis.labels) // fit)
            bottom.setTicks([[(i, label[:20]) for i, label in enumerate(axis.labels) if i % step == 0]])
        self.plot.setAxisItems({"bottom": bottom})
        self.plot.getPlotItem().setLabel("bottom", "" if x_column < 0 else self.model.columns[x_column])
        self.plot.clear()
        self.legend.clear()
        drawn = charting.series(self.model.columns, rows, self.chosen())
        kind = self.kind.currentText()
        spacing = _spacing(axis.values)
        for n, one in enumerate(drawn):
            colour = COLOURS[n % len(COLOURS)]
            if kind == "Bar":
                width = spacing * 0.8 / max(len(drawn), 1)
                xs = [x - spacing * 0.4 + width * (n + 0.5) for x in axis.values]
                bars = pg.BarGraphItem(x=xs, height=one.values, width=width, brush=colour, pen=colour, name=one.name)
                self.plot.addItem(bars)  # a named item: the plot puts it in the legend itself
            elif kind == "Scatter":
                self.plot.plot(axis.values, one.values, pen=None, symbol="o", symbolSize=6,
                               symbolBrush=colour, symbolPen=None, name=one.name)
            else:  # a line joins the points from left to right, whatever the rows' order
                order = sorted(range(len(axis.values)), key=lambda i: (axis.values[i] != axis.values[i],
                                                                       axis.values[i]))
                self.plot.plot([axis.values[i] for i in order], [one.values[i] for i in order],
                               pen=pg.mkPen(colour, width=2), name=one.name, connect="finite")
        shown = len(rows)
        more = " (the rows fetched so far: Fetch all to draw every row)" if self.model.more else ""
        self.note.setText(f"{shown:,} row{'s' if shown != 1 else ''} drawn{more}." if drawn else
                          self.note.text() or "Tick a column to draw it.")

    def drawn_series(self) -> dict[str, tuple[list[float], list[float]]]:
        """What the chart shows: each line's or dot series' name with its x and y values."""
        found = {}
        for item in self.plot.getPlotItem().listDataItems():
            xs, ys = item.getData()
            found[item.name()] = ([float(v) for v in xs], [float(v) for v in ys])
        return found

    def save_png(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, "Save chart", "chart.png", "PNG image (*.png)")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        if not self.plot.grab().save(path, "PNG"):
            QMessageBox.warning(self, "Save chart", f"Could not write {path}: check that its folder exists "
                                "and can be written.")


def _spacing(values: list[float]) -> float:
    """The smallest gap between neighbouring X values: how wide a bar may be."""
    ordered = sorted(v for v in set(values) if v == v)
    gaps = [b - a for a, b in zip(ordered, ordered[1:]) if b > a]
    return min(gaps) if gaps else 1.0


def chart_button(console: Any, model: Any) -> QPushButton:
    """Chart… under a result: opens a Chart tab beside it, drawn from the rows fetched."""
    button = QPushButton("Chart…")
    button.setObjectName("resultChart")
    button.setToolTip("Draw this result as a line, bar or scatter chart")

    def open_chart() -> None:
        try:
            chart = ChartView(model)
        except ImportError as exc:  # an install without the plotting library
            console.say(f"Charts need pyqtgraph: {exc}. Install it with pip install pyqtgraph.", "error")
            return
        console.results.setCurrentIndex(console.results.addTab(chart, "Chart"))
    button.clicked.connect(open_chart)
    return button

"""A quick chart of a console result, as a user makes one: run a query, press Chart…, read the lines
drawn; switch to bars and scatter, pick the X column and the series; NULL is a gap, dates make a time
axis; Save PNG… through the file dialog. On the three backends."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton

from tests.helpers.dialogs import choose_file
from tests.helpers.gui import choose_in, run_in_console

pytestmark = pytest.mark.gui

QUERY = ("SELECT name, age, age * 2 AS doubled, CASE WHEN age > 40 THEN NULL ELSE age END AS young "
         "FROM people ORDER BY id")


def open_chart(console, qtbot):
    from guiapp.views.chartview import ChartView
    button = console.results.currentWidget().findChild(QPushButton, "resultChart")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    chart = console.results.currentWidget()
    assert isinstance(chart, ChartView)
    return chart


def test_the_number_columns_are_drawn_against_the_labels(people_console, qtbot) -> None:
    window, console = people_console
    run_in_console(window, qtbot, QUERY)
    chart = open_chart(console, qtbot)
    assert chart.x.currentText() == "name"  # text first column: the categories
    drawn = chart.drawn_series()
    assert sorted(drawn) == ["age", "doubled", "young"]
    ages = [row[1] for row in console._models[next(iter(console._models))].rows]
    assert drawn["age"] == ([0.0, 1.0, 2.0], [float(a) for a in ages])
    assert drawn["doubled"][1] == [2.0 * a for a in ages]
    young = drawn["young"][1]
    assert [math.isnan(v) for v in young] == [a > 40 for a in ages]  # NULL: a gap, not a zero
    assert "3 rows drawn" in chart.note.text()


def test_kind_x_and_series_can_be_chosen(people_console, qtbot) -> None:
    window, console = people_console
    run_in_console(window, qtbot, QUERY)
    chart = open_chart(console, qtbot)
    chart.ys.setCurrentItem(chart.ys.findItems("doubled", Qt.MatchFlag.MatchExactly)[0])
    chart.ys.setFocus()
    qtbot.keyClick(chart.ys, Qt.Key.Key_Space)  # unticks it
    assert sorted(chart.drawn_series()) == ["age", "young"]
    choose_in(qtbot, chart.x, "age")
    drawn = chart.drawn_series()
    assert drawn["young"][0] == drawn["age"][0]  # x is the age now
    choose_in(qtbot, chart.kind, "Scatter")
    assert sorted(chart.drawn_series()) == ["age", "young"]
    choose_in(qtbot, chart.kind, "Bar")
    from pyqtgraph import BarGraphItem
    bars = [i for i in chart.plot.getPlotItem().items if isinstance(i, BarGraphItem)]
    assert len(bars) == 2


def test_dates_make_a_time_axis_and_save_png_writes_the_chart(people_console, dialogs, qtbot, tmp_path) -> None:
    window, console = people_console
    day = {"sqlite": "date('2024-01-0' || id)",  # SQLite's dates are ISO text
           "mysql": "CAST(CONCAT('2024-01-0', id) AS DATE)"}.get(console.db.dialect,
                                                                 "CAST('2024-01-0' || id AS DATE)")
    run_in_console(window, qtbot, f"SELECT {day} AS day, age FROM people ORDER BY id")
    chart = open_chart(console, qtbot)
    assert chart.x.currentText() == "day"
    from pyqtgraph import DateAxisItem
    assert isinstance(chart.plot.getPlotItem().getAxis("bottom"), DateAxisItem)
    xs = chart.drawn_series()["age"][0]
    assert xs[1] - xs[0] == 86400.0  # one day apart
    target = tmp_path / "ages.png"
    dialogs.answer(choose_file(str(target)))
    qtbot.mouseClick(chart.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=5000)
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 100


def test_a_result_without_numbers_says_there_is_nothing_to_draw(people_console, qtbot) -> None:
    window, console = people_console
    run_in_console(window, qtbot, "SELECT name FROM people")
    chart = open_chart(console, qtbot)
    assert chart.drawn_series() == {}
    assert "nothing to draw" in chart.note.text()


def test_a_line_joins_its_points_from_left_to_right(people_console, qtbot) -> None:
    window, console = people_console
    run_in_console(window, qtbot, "SELECT age, id FROM people ORDER BY name DESC")  # rows not in age order
    chart = open_chart(console, qtbot)
    choose_in(qtbot, chart.x, "age")
    xs, ys = chart.drawn_series()["id"]
    assert xs == sorted(xs) == [20.0, 36.0, 85.0]
    assert ys == [3.0, 1.0, 2.0]  # each id stays with its age


@pytest.mark.parametrize("kind", ["Bar", "Line", "Scatter"])
def test_the_legend_names_each_series_once(people_console, qtbot, kind) -> None:
    window, console = people_console
    run_in_console(window, qtbot, QUERY)
    chart = open_chart(console, qtbot)
    choose_in(qtbot, chart.kind, kind)
    names = [label.text for _sample, label in chart.legend.items]
    assert sorted(names) == ["age", "doubled", "young"], names

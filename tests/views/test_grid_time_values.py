"""Times and date-times typed into a grid land as typed or are refused before any SQL: a TIME
cell can be edited on SQLite, and fractions of a second a column would round or cut away are
refused naming the column, on every backend."""

from __future__ import annotations

import pytest

from tests.helpers.grids import commit, open_grid, type_into

pytestmark = pytest.mark.gui

# at keeps whole seconds where the database has declared precision; fine keeps milliseconds.
_EVENTS = {"sqlite": "CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME, t TIME, fine DATETIME)",
           "mysql": "CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME, t TIME, fine DATETIME(3))",
           "postgresql": "CREATE TABLE events (id INTEGER PRIMARY KEY, at TIMESTAMP(0), t TIME(0), "
                         "fine TIMESTAMP(3))"}


@pytest.fixture
def events(db, open_window, qtbot):
    with db.engine.begin() as conn:
        conn.exec_driver_sql(_EVENTS[db.dialect])
        conn.exec_driver_sql("INSERT INTO events VALUES (1, '2024-01-31 12:00:00', '10:00:00', "
                             "'2024-01-31 12:00:00')")
    return open_grid(db, open_window, qtbot, "events", 0)


def _row(db) -> list[str]:
    with db.engine.connect() as conn:
        return [str(v) for v in conn.exec_driver_sql("SELECT at, t, fine FROM events").one()]


def test_a_time_typed_into_a_cell_is_written(events, db, qtbot) -> None:
    tab = events
    type_into(qtbot, tab, 0, 2, "10:30:15")
    type_into(qtbot, tab, 0, 3, "2024-02-01 08:09:10.25")
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    at, t, fine = _row(db)
    assert t == "10:30:15" and fine.startswith("2024-02-01 08:09:10.25")


def test_a_fraction_of_a_second_the_column_would_lose_is_refused(events, db, qtbot) -> None:
    tab = events
    type_into(qtbot, tab, 0, 1, "2024-01-31 12:00:00.7")
    if db.dialect == "sqlite":  # text with no declared precision: kept as typed
        assert tab.model.pending == "1 row edited"
        commit(qtbot, tab)
        assert _row(db)[0] == "2024-01-31 12:00:00.700000"
        return
    assert tab.model.pending == ""
    assert "at (" in tab.error.text() and "whole seconds" in tab.error.text()
    type_into(qtbot, tab, 0, 2, "10:00:00.5")
    assert tab.model.pending == "" and "t (" in tab.error.text()
    type_into(qtbot, tab, 0, 3, "2024-01-31 12:00:00.1234")
    assert tab.model.pending == "" and "3 digits" in tab.error.text()
    type_into(qtbot, tab, 0, 3, "2024-01-31 12:00:00.123")  # what the column keeps is welcome
    assert tab.model.pending == "1 row edited"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert _row(db) == ["2024-01-31 12:00:00", "10:00:00", "2024-01-31 12:00:00.123000"]

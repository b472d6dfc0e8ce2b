"""The ER diagram tab, driven as a user does: View ▸ ER diagram (Ctrl+Shift+D) draws the database,
Models ▸ ER diagram of the models draws the declarations; find with Enter, double-click to open a
table, Export… to SVG and PNG through the file dialog, and a table created elsewhere appears by
itself. On the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.helpers.dialogs import choose_file
from tests.helpers.gui import focus, trigger

pytestmark = pytest.mark.gui
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _diagram(window, qtbot, source: str = "database"):
    from guiapp.views.erdtab import ErdTab
    tab = window.tabs.currentWidget()
    assert isinstance(tab, ErdTab) and tab.source == source
    qtbot.waitUntil(lambda: tab.diagram is not None, timeout=15000)
    return tab


def _boxes(tab):
    from guiapp.views.erdscene import boxes
    return boxes(tab.scene)


def _names(tab) -> set[str]:
    from guiapp.views.erdscene import boxes
    return {box.table.name for box in boxes(tab.scene)}


@pytest.fixture
def drawn(db, models, open_window, qtbot):
    """The demo models created in the database, and its diagram opened with Ctrl+Shift+D."""
    from guiapp.core.schema.ddl import create_models
    create_models(db, models)
    window = open_window(db.url.render_as_string(hide_password=False))
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)
    return window, _diagram(window, qtbot)


def test_ctrl_shift_d_draws_every_table_and_foreign_key(drawn) -> None:
    _window, tab = drawn
    assert {"users", "books", "persons", "hobbies", "person_hobby"} <= _names(tab)
    from PySide6.QtWidgets import QGraphicsPathItem
    lines = [item.toolTip() for item in tab.scene.items() if isinstance(item, QGraphicsPathItem)]
    assert any("books(user_id) → users" in tip for tip in lines), lines
    assert "foreign key" in tab.status.text()


def test_find_marks_the_matches_and_enter_moves_to_the_next(drawn, qtbot) -> None:
    window, tab = drawn
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.search.hasFocus()
    qtbot.keyClicks(tab.search, "ERSO")  # persons, person_hobby: case does not matter
    assert sorted(box.table.name for box in tab.matches()) == ["person_hobby", "persons"]
    first = tab.scene.selectedItems()[0].table.name
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    second = tab.scene.selectedItems()[0].table.name
    assert {first, second} == {"person_hobby", "persons"}
    tab.search.clear()
    qtbot.keyClicks(tab.search, "nosuch")
    assert tab.matches() == [] and "0 tables match" in tab.search.toolTip()


def test_double_clicking_a_table_opens_it(drawn, qtbot) -> None:
    window, tab = drawn
    from guiapp.views.erdscene import boxes
    box = next(b for b in boxes(tab.scene) if b.table.name == "books")
    tab.view.centerOn(box)
    point = tab.view.mapFromScene(box.sceneBoundingRect().center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: getattr(window.tabs.currentWidget(), "name", None) == "books", timeout=10000)


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_export_writes_the_whole_diagram(drawn, dialogs, qtbot, tmp_path, suffix) -> None:
    _window, tab = drawn
    target = tmp_path / f"schema{suffix}"
    dialogs.answer(choose_file(str(target)))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=10000)
    if suffix == ".svg":
        text = target.read_text(encoding="utf-8")
        assert "<svg" in text and "person_hobby" in text and "user_id" in text
    else:
        image = QImage(str(target))
        assert not image.isNull() and image.width() > 200 and image.height() > 100


def test_a_table_created_elsewhere_appears_in_the_diagram(drawn, db, qtbot) -> None:
    _window, tab = drawn
    with db.engine.begin() as conn:  # another program: not the window
        conn.exec_driver_sql("CREATE TABLE reviews (id INTEGER PRIMARY KEY, book_id INTEGER "
                             "REFERENCES books(id))")
    qtbot.waitUntil(lambda: "reviews" in _names(tab), timeout=10000)
    assert ("books", "reviews") in tab.diagram.paths


def test_the_models_diagram_needs_no_tables_in_the_database(window, qtbot, models) -> None:
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    trigger(window, "Models ▸ ER diagram of the models")
    tab = _diagram(window, qtbot, "models")
    assert _names(tab) == set(models.metadata.tables)
    assert "ER diagram: models" in window.tabs.tabText(window.tabs.currentIndex())


def test_a_closed_diagram_no_longer_listens(drawn, db, qtbot) -> None:
    window, tab = drawn
    window.tabs.setCurrentWidget(tab)
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # Close tab
    qtbot.waitUntil(lambda: window.tabs.indexOf(tab) < 0, timeout=5000)
    qtbot.wait(50)  # its deletion runs
    with db.engine.begin() as conn:  # the schema changes afterwards: nothing may reach the closed tab
        conn.exec_driver_sql("CREATE TABLE after_close (id INTEGER PRIMARY KEY)")
    qtbot.waitUntil(lambda: "after_close" in window.schema.table_names(), timeout=10000)
    qtbot.wait(500)  # a reload would have been debounced by 300 ms


def _staff_and_orders(db) -> None:
    """staff.boss_id → staff (a self-reference, as Chinook's Employee.ReportsTo) and orders.staff_id → staff."""
    import sqlalchemy as sa
    md = sa.MetaData()
    sa.Table("staff", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("boss_id", sa.Integer, sa.ForeignKey("staff.id")))
    sa.Table("orders", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")))
    md.create_all(db.engine)


def test_a_self_reference_is_drawn_as_a_loop_and_every_foreign_key_is_counted(db, open_window, qtbot) -> None:
    _staff_and_orders(db)
    window = open_window(db.url.render_as_string(hide_password=False))
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)
    tab = _diagram(window, qtbot)
    from PySide6.QtWidgets import QGraphicsPathItem
    lines = [item.toolTip() for item in tab.scene.items() if isinstance(item, QGraphicsPathItem)]
    assert "staff(boss_id) → staff" in lines and "orders(staff_id) → staff" in lines, lines
    keys = len(tab.diagram.links)
    assert f"{keys} foreign keys" in tab.status.text() and keys >= 2
    box = next(b for b in _boxes(tab) if b.table.name == "staff")
    loop = next(i for i in tab.scene.items()
                if isinstance(i, QGraphicsPathItem) and i.toolTip() == "staff(boss_id) → staff")
    assert loop.boundingRect().left() >= box.sceneBoundingRect().right() - 12  # beside the box, not across it


def test_guiapp_erd_counts_a_self_reference(db, tmp_path) -> None:
    from tests.helpers.cli import guiapp
    _staff_and_orders(db)
    done = guiapp("--url", db.url.render_as_string(hide_password=False), "erd", "staff", "orders",
                  "-o", str(tmp_path / "staff.svg"))
    assert done.returncode == 0, done.stderr
    assert "2 tables and 2 foreign keys drawn" in done.stderr

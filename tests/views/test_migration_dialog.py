"""Models ▸ SQL to match the models…: see the SQL and the alembic migration, copy them, apply the SQL after
answering the question; on the three backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from guiapp import signals
from guiapp.core.schema.ddl import create_models
from tests.helpers.dialogs import keep_open
from tests.helpers import drift
from tests.helpers.drift import dropping_colour
from tests.helpers.gui import trigger
from tests.helpers.signals import recording

pytestmark = pytest.mark.gui


def test_the_sql_to_match_is_shown_copied_and_applied_after_asking(db, models, open_window, qtbot,
                                                                   dialogs) -> None:
    create_models(db, models)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE hobbies ADD COLUMN colour VARCHAR(10)")
    window = open_window(db.url.render_as_string(hide_password=False))
    qtbot.waitUntil(lambda: window.models.states().get("hobbies") == "differs", timeout=15000)
    seen: dict = {}

    def use(dialog) -> None:
        keep_open(dialog)
        qtbot.waitUntil(lambda: dialog.copy.isEnabled() or dialog.error.isVisible(), timeout=15000)
        seen["sql"] = dialog.sql.toPlainText()
        dialog.tabs.setCurrentWidget(dialog.script)
        qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
        seen["copied"] = QGuiApplication.clipboard().text()
        # Apply asks a question of its own: press it once this answer has returned, so that the
        # answerer (a timer, which Qt never runs inside its own slot) can answer that question.
        QTimer.singleShot(0, lambda: apply_twice(dialog))

    def apply_twice(dialog) -> None:
        dialogs.answer("Cancel")  # the first time, the user backs out of the question
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)
        seen["cancelled_still_there"] = "colour" in _columns(db)
        dialogs.answer("Apply")
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "matches the models" in dialog.status.text(), timeout=15000)
        dialog.reject()

    dialogs.answer(use)
    with recording(signals.before_migrate, signals.after_migrate) as rec:
        trigger(window, "Models ▸ SQL to match the models")
    assert dropping_colour(db) in seen["sql"]
    assert "drop_column(" in seen["copied"] and "'colour'" in seen["copied"]
    assert seen["cancelled_still_there"] is True
    question = next(s for s in dialogs.seen if s.title == "Apply SQL")
    assert " ".join(dropping_colour(db).split()).rstrip(";") in question.text and db.display in question.text
    assert [name for name, _kw in rec.events] == ["before-migrate", "after-migrate"]
    assert "colour" not in _columns(db)
    qtbot.waitUntil(lambda: window.models.states().get("hobbies") == "present", timeout=15000)


def _columns(db) -> set[str]:
    return {c["name"] for c in sa.inspect(db.engine).get_columns("hobbies")}


def click_box(qtbot, box) -> None:
    """A click on the check box's square (a click far right of its text misses it)."""
    from PySide6.QtCore import QPoint
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_dialect_noise_is_hidden_until_the_user_unticks_it(db, models, open_window, qtbot, dialogs) -> None:
    """After Create all, the models match. Unticking "Hide dialect noise" compares strictly: on MariaDB
    the display widths and the quoting of now() show as differences (in the panel and in the SQL); the
    other databases write the models' types as declared, so nothing differs there. The choice is kept."""
    create_models(db, models)
    window = open_window(db.url.render_as_string(hide_password=False))
    panel = window.models
    qtbot.waitUntil(lambda: bool(panel.states()) and set(panel.states().values()) == {"present"}, timeout=15000)
    assert panel.hide_noise.isChecked()
    noisy = db.dialect == "mysql"
    click_box(qtbot, panel.hide_noise)
    expected = "differs" if noisy else "present"
    qtbot.waitUntil(lambda: panel.states().get("users") == expected, timeout=15000)
    if noisy:
        qtbot.wait(300)
        assert panel.states().get("books") == "differs"
    seen: dict = {}

    def read(dialog) -> None:
        keep_open(dialog)
        qtbot.waitUntil(lambda: dialog.migration is not None, timeout=15000)
        seen["strict"] = dialog.sql.toPlainText()
        click_box(qtbot, dialog.hide_noise)  # ticked again: nothing to do
        qtbot.waitUntil(lambda: dialog.migration is not None, timeout=15000)
        seen["hidden"] = dialog.migration.sql
        dialog.reject()

    dialogs.answer(read)
    trigger(window, "Models ▸ SQL to match the models")
    qtbot.waitUntil(lambda: "hidden" in seen, timeout=20000)
    assert seen["hidden"] == ()
    if noisy:
        assert "ALTER TABLE users MODIFY id INTEGER NOT NULL AUTO_INCREMENT" in seen["strict"]
    else:
        assert seen["strict"] == ""
    from guiapp.qt.settings import hide_dialect_noise
    assert hide_dialect_noise() is False  # the panel's choice outlives the window


def test_apply_fixes_every_kind_of_drift_keeps_the_rows_and_drops_a_stranger_only_when_asked(
        db, tmp_path, open_window, qtbot, dialogs) -> None:
    """The preview is the SQL the database runs (on SQLite: the table made anew, no ALTER COLUMN); a
    table only in the database is named and left alone, until the user ticks "Drop tables only in
    the database"; Apply is answered Cancel (nothing changes), then Apply (everything matches and
    every row is kept)."""
    drift.forget_types(db)
    models_file = drift.make_drift(db, tmp_path)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE drift_stranger (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("INSERT INTO drift_stranger VALUES (1), (2)")
    window = open_window(db.url.render_as_string(hide_password=False), str(models_file))
    panel = window.models
    qtbot.waitUntil(lambda: panel.states().get("drift_widgets") == "differs", timeout=15000)
    assert panel.extra_tables() == ["drift_stranger"]
    shown = [(panel.tree.topLevelItem(i).text(0), panel.tree.topLevelItem(i).text(1))
             for i in range(panel.tree.topLevelItemCount())]
    assert ("drift_stranger", "only in the database") in shown
    assert panel.buttons["sql"].isEnabled()
    seen: dict = {}

    def use(dialog) -> None:
        keep_open(dialog)
        qtbot.waitUntil(lambda: dialog.copy.isEnabled() or dialog.error.isVisible(), timeout=15000)
        seen["first"], seen["status"] = dialog.sql.toPlainText(), dialog.status.text()
        QTimer.singleShot(0, lambda: cancel_then_apply(dialog))

    def cancel_then_apply(dialog) -> None:
        dialogs.answer("Cancel")
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)
        seen["cancelled"] = drift.rows_and_columns(db)
        click_box(qtbot, dialog.drop_extra)
        qtbot.waitUntil(lambda: dialog.migration is not None and bool(dialog.migration.dropped), timeout=15000)
        seen["dropping"] = dialog.sql.toPlainText()
        dialogs.answer("Apply")
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "matches the models" in dialog.status.text() or dialog.error.isVisible(),
                        timeout=20000)
        seen["error"] = dialog.error.text() if dialog.error.isVisible() else ""
        dialog.reject()

    before = drift.rows_and_columns(db)
    dialogs.answer(use)
    trigger(window, "Models ▸ SQL to match the models")
    try:
        assert seen["error"] == ""
        assert "Only in the database" in seen["status"] and "drift_stranger" in seen["status"]
        assert "DROP TABLE drift_stranger" not in seen["first"] and "%%" not in seen["first"]
        if db.backend.alters_by_recreating:
            assert "_alembic_tmp_drift_widgets" in seen["first"] and "ALTER COLUMN" not in seen["first"]
        assert seen["cancelled"] == before  # Cancel: nothing ran
        assert "DROP TABLE drift_stranger" in seen["dropping"]
        applied = [s for s in dialogs.seen if s.title == "Apply SQL"]
        assert [s.answer for s in applied] == ["Cancel", "Apply"]
        assert "Drops drift_stranger (2 rows)" in applied[1].text and "drift_stranger" not in applied[0].text
        assert drift.rows(db) == drift.EXPECTED
        with db.engine.connect() as conn:
            assert "drift_stranger" not in sa.inspect(conn).get_table_names()
        qtbot.waitUntil(lambda: panel.states().get("drift_widgets") == "present" and not panel.extra_tables(),
                        timeout=15000)
    finally:
        drift.forget_types(db)

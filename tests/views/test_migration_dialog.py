"""Models ▸ SQL to match the models…: see the SQL and the alembic migration, copy them, apply the SQL after
answering the question; on the three backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from guiapp import signals
from guiapp.core.ddl import create_models
from tests.helpers.dialogs import keep_open
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
    assert "ALTER TABLE hobbies DROP COLUMN colour" in seen["sql"]
    assert "drop_column(" in seen["copied"] and "'colour'" in seen["copied"]
    assert seen["cancelled_still_there"] is True
    question = next(s for s in dialogs.seen if s.title == "Apply SQL")
    assert "ALTER TABLE hobbies DROP COLUMN colour" in question.text and db.display in question.text
    assert [name for name, _kw in rec.events] == ["before-migrate", "after-migrate"]
    assert "colour" not in _columns(db)
    qtbot.waitUntil(lambda: window.models.states().get("hobbies") == "present", timeout=15000)


def _columns(db) -> set[str]:
    return {c["name"] for c in sa.inspect(db.engine).get_columns("hobbies")}

"""File ▸ Import file… as a user goes through it: choose the file, check the preview, pick the target,
press Import; a bad value or Cancel leaves the table as it was. On the three backends."""

from __future__ import annotations

import pytest
import shiboken6
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog

from tests.helpers.dialogs import choose_file, keep_open
from tests.helpers.gui import focus, open_table, trigger

pytestmark = pytest.mark.gui


def _read(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def closed(dialog: QDialog) -> bool:
    """The dialog is gone (it deletes itself on close)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _answer_import(qtbot, seen: list, fill) -> callable:
    """An answer for the import dialog: remember what it showed, let ``fill`` set it up, press Import."""
    def answer(dialog: QDialog) -> None:
        seen.append(dialog)
        keep_open(dialog)
        fill(dialog)
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: closed(dialog) or dialog.error.isVisible(), timeout=15000)
        assert closed(dialog), dialog.error.text()
    return answer


def test_a_csv_becomes_a_new_table_shown_in_the_tree(window, db, qtbot, dialogs, tmp_path) -> None:
    path = tmp_path / "new people.csv"
    path.write_text("name;age;born\nAda;36;1815-12-10\nGrace;85;1906-12-09\n", encoding="utf-8")
    seen: list = []

    def fill(dialog) -> None:
        assert dialog.delimiter.currentData() == ";" and dialog.header.isChecked()
        assert dialog.preview.rowCount() == 2 and dialog.preview.item(1, 0).text() == "Grace"
        qtbot.waitUntil(lambda: dialog.typed, timeout=10000)  # the whole file read on a worker
        types = [dialog.columns.cellWidget(r, 1).currentText() for r in range(3)]
        assert types == ["TEXT", "INTEGER", "DATE"]
        assert dialog.new_name.text() == "new_people"

    dialogs.answer(choose_file(str(path)), _answer_import(qtbot, seen, fill))
    trigger(window, "File ▸ Import file")
    qtbot.waitUntil(lambda: "new_people" in window.schema.table_names(), timeout=15000)
    assert _read(db, "SELECT name, age FROM new_people ORDER BY age") == [("Ada", 36), ("Grace", 85)]
    assert closed(seen[0])


def test_into_the_open_table_with_a_mapping_and_the_grid_follows(window, db, qtbot, dialogs, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE folks (id INTEGER PRIMARY KEY, name VARCHAR(20), age INTEGER)")
        conn.exec_driver_sql("INSERT INTO folks VALUES (1, 'Ada', 36)")
    focus(window, qtbot)
    qtbot.keyClick(window.schema.tree, Qt.Key.Key_F5)
    page = open_table(window, qtbot, "folks")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (1, True), timeout=10000)
    path = tmp_path / "more.csv"
    path.write_text("key,who,ignored\n2,Grace,x\n3,Linus,y\n", encoding="utf-8")
    seen: list = []

    def fill(dialog) -> None:
        # No file column is one of folks': the open tab's table is not taken for granted.
        qtbot.waitUntil(lambda: dialog.new_table.isChecked() and dialog.typed, timeout=10000)
        assert dialog.types_note.text().startswith("No column of the file is a column of folks")
        dialog.existing.click()  # the user says: into folks all the same, mapped by hand
        assert dialog.table.currentText() == "folks"
        qtbot.waitUntil(lambda: dialog.mapped == "folks", timeout=10000)
        boxes: list[QComboBox] = [dialog.columns.cellWidget(r, 1) for r in range(3)]
        assert [b.currentText() for b in boxes] == ["(skip)", "(skip)", "(skip)"]  # no name matches
        boxes[0].setCurrentText("id")
        boxes[1].setCurrentText("name")
        dialog.skip_unknown.click()  # "ignored" is left out because the user says so

    dialogs.answer(choose_file(str(path)), _answer_import(qtbot, seen, fill))
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _read(db, "SELECT COUNT(*) FROM folks") == [(3,)], timeout=15000)
    assert _read(db, "SELECT id, name, age FROM folks ORDER BY id") == [(1, "Ada", 36), (2, "Grace", None),
                                                                         (3, "Linus", None)]
    qtbot.waitUntil(lambda: page.data_tab.model.total == (3, True), timeout=10000)  # rows-imported reached it


def test_a_bad_value_is_named_in_the_dialog_and_nothing_is_imported(window, db, qtbot, dialogs, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("n\n1\n2\nthree\n", encoding="utf-8")
    seen: list = []

    def integer_then_text(dialog) -> None:
        qtbot.waitUntil(lambda: dialog.typed, timeout=10000)
        dialog.columns.cellWidget(0, 1).setCurrentText("INTEGER")  # the user insists: whole numbers
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=15000)
        seen.append(dialog.error.text())
        seen.append(sa.inspect(db.engine).has_table("bad"))
        dialog.columns.cellWidget(0, 1).setCurrentText("TEXT")  # fixes the type and tries again

    dialogs.answer(choose_file(str(path)), _answer_import(qtbot, [], integer_then_text))
    trigger(window, "File ▸ Import file")  # returns when the dialog has closed
    assert seen == ["Nothing was imported: bad.csv, line 4, column n: 'three' is not a whole number.", False]
    assert sorted(_read(db, "SELECT n FROM bad")) == [("1",), ("2",), ("three",)]


def test_cancel_stops_a_running_import_and_leaves_no_table(window, db, qtbot, dialogs, tmp_path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("n,name\n" + "".join(f"{i},name {i}\n" for i in range(400_000)), encoding="utf-8")
    seen: list = []

    def cancel_midway(dialog) -> None:
        keep_open(dialog)
        qtbot.waitUntil(lambda: dialog.run_button.isEnabled(), timeout=30000)
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.progress.format().endswith(" of 400,000 rows"), timeout=30000)
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30000)
        seen.append(dialog.error.text())
        seen.append(sa.inspect(db.engine).has_table("many"))
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)  # now Cancel closes the dialog

    dialogs.answer(choose_file(str(path)), cancel_midway)
    trigger(window, "File ▸ Import file")
    assert seen == ["Import cancelled: the table is as it was.", False]


def test_an_empty_or_binary_file_says_why_it_cannot_be_imported(window, qtbot, dialogs, tmp_path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "picture.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    seen: list[tuple[str, bool]] = []

    def look(dialog) -> None:
        seen.append((dialog.error.text(), dialog.run_button.isEnabled()))
        dialog.reject()

    for path in (empty, binary):
        dialogs.answer(choose_file(str(path)), look)
        trigger(window, "File ▸ Import file")
    assert seen == [("empty.csv is empty: there is nothing to import.", False),
                    ("picture.csv is not a text file (it holds NUL bytes).", False)]


def test_a_ragged_row_is_named_in_the_dialog_and_no_table_is_made(window, db, qtbot, dialogs, tmp_path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2,3\n1,broken\n4,5,6\n", encoding="utf-8")
    seen: list = []

    def press_import(dialog) -> None:
        keep_open(dialog)
        qtbot.waitUntil(lambda: dialog.typed or dialog.error.isVisible(), timeout=15000)
        seen.append(dialog.error.text())
        dialog.reject()

    dialogs.answer(choose_file(str(path)), press_import)
    trigger(window, "File ▸ Import file")
    assert seen == ["ragged.csv, line 3: 2 fields where the header has 3."]
    assert not sa.inspect(db.engine).has_table("ragged")


def test_a_header_that_repeats_a_name_is_named_and_unticking_the_header_imports_it_as_data(
        window, db, qtbot, dialogs, tmp_path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("id,name,name\n1,Ada,Lovelace\n", encoding="utf-8")
    seen: list = []

    def fill(dialog) -> None:
        seen.append((dialog.error.text(), dialog.run_button.isEnabled()))
        qtbot.mouseClick(dialog.header, Qt.MouseButton.LeftButton)  # "the first line is data, after all"
        assert not dialog.header.isChecked() and not dialog.error.isVisible()
        assert dialog.preview.rowCount() == 2 and dialog.preview.item(0, 2).text() == "name"
        qtbot.waitUntil(lambda: dialog.typed, timeout=10000)

    dialogs.answer(choose_file(str(path)), _answer_import(qtbot, seen, fill))
    trigger(window, "File ▸ Import file")
    qtbot.waitUntil(lambda: "twice" in window.schema.table_names(), timeout=15000)
    assert seen[1] == ("twice.csv, line 1: the header names the column 'name' twice (fields 2 and 3). Nothing "
                       "was imported; rename one, or, if the first line is data, import without a header.", False)
    assert sorted(_read(db, "SELECT column_1, column_2, column_3 FROM twice")) == [("1", "Ada", "Lovelace"),
                                                                                   ("id", "name", "name")]


def test_a_file_column_the_table_lacks_is_refused_unless_the_user_skips_it(window, db, qtbot, dialogs,
                                                                          tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE folks (name VARCHAR(20), age INTEGER)")
    focus(window, qtbot)
    qtbot.keyClick(window.schema.tree, Qt.Key.Key_F5)
    page = open_table(window, qtbot, "folks")
    qtbot.waitUntil(lambda: page.data_tab is not None, timeout=10000)
    path = tmp_path / "typo.csv"
    path.write_text("name,agee\nAda,36\n", encoding="utf-8")
    seen: list = []

    def refused_then_skipped(dialog) -> None:
        qtbot.waitUntil(lambda: dialog.mapped == "folks", timeout=10000)
        assert dialog.skip_unknown.isVisible() and not dialog.skip_unknown.isChecked()
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error.text())
        dialog.skip_unknown.click()

    dialogs.answer(choose_file(str(path)), _answer_import(qtbot, [], refused_then_skipped))
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _read(db, "SELECT COUNT(*) FROM folks") == [(1,)], timeout=15000)
    assert seen == ["File column 'agee' has no column of folks: map it, or tick “Skip file columns the table "
                    "lacks”."]
    assert _read(db, "SELECT name, age FROM folks") == [("Ada", None)]


def test_the_types_from_the_whole_file_are_shown_before_importing_json(window, db, qtbot, dialogs,
                                                                       tmp_path) -> None:
    path = tmp_path / "prices.json"
    rows = [{"id": i, "price": f"{i}.50", "ratio": i / 7} for i in range(1200)] + [
        {"id": 1200, "price": "0.125", "ratio": 1.5e-20}]
    import json
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n", encoding="utf-8")
    seen: list = []

    def look(dialog) -> None:
        qtbot.waitUntil(lambda: dialog.typed, timeout=15000)
        seen.append(dialog.types_note.text())
        seen.append([dialog.columns.cellWidget(r, 1).currentText() for r in range(3)])

    dialogs.answer(choose_file(str(path)), _answer_import(qtbot, [], look))
    trigger(window, "File ▸ Import file")
    qtbot.waitUntil(lambda: "prices" in window.schema.table_names(), timeout=15000)
    assert seen == ["Types chosen from all 1,201 rows: id INTEGER, price NUMERIC(11, 3), ratio FLOAT",
                    ["INTEGER", "NUMERIC(11, 3)", "FLOAT"]]
    assert _read(db, "SELECT COUNT(*) FROM prices WHERE ratio = 1.5e-20 AND price = 0.125") == [(1,)]

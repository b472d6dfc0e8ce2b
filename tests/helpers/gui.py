"""Drive the window as a user does: menu actions by their text, keys, clicks on tree items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction


def menu_action(window: Any, path: str) -> QAction:
    """The QAction at 'Menu ▸ Item' (mnemonics and '…' ignored), as a user finds it."""
    menu_name, item_name = (part.strip() for part in path.split("▸"))

    def clean(text: str) -> str:
        return text.replace("&", "").replace("…", "").strip().lower()

    for top in window.menuBar().actions():
        if clean(top.text()) == clean(menu_name):
            for action in top.menu().actions():
                if clean(action.text()) == clean(item_name):
                    return action
    raise AssertionError(f"No menu item {path!r}")


def trigger(window: Any, path: str) -> None:
    """Choose a menu item, as a click on it would."""
    action = menu_action(window, path)
    assert action.isEnabled(), f"{path} is disabled"
    action.trigger()


def focus(window: Any, qtbot: Any) -> None:
    """Make the window the active one again (a closed dialog leaves none active offscreen),
    so its shortcuts answer keys as they do for a user."""
    from PySide6.QtWidgets import QApplication
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def choose_in(qtbot: Any, combo: Any, text: str) -> None:
    """Pick an entry of a combo box with the keyboard: focus it, Home, then Down until it shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"no {text!r} in {combo.objectName() or 'the combo box'}")


def run_in_console(window: Any, qtbot: Any, sql: str, timeout: int = 15000) -> Any:
    """Type ``sql`` into the current console (opening one with Ctrl+T if none) and press
    Ctrl+Shift+Enter; wait until it has finished."""
    console = window.current_console()
    if console is None:
        qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        console = window.current_console()
    window.tabs.setCurrentWidget(console)
    focus(window, qtbot)
    console.editor.setPlainText(sql)
    console.editor.setFocus()
    qtbot.keyClick(console.editor, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not console.busy and console.messages.toPlainText() != "", timeout=timeout)
    return console


def result_rows(console: Any, index: int = 0) -> list[tuple]:
    """The rows shown in the console's result grid ``index``, read through its model."""
    from PySide6.QtWidgets import QTableView
    pages = [console.results.widget(i) for i in range(console.results.count())]
    grids = [g for p in pages if (g := p.findChild(QTableView, "resultGrid")) is not None]
    model = grids[index].model()
    return [tuple(model.rows[r]) for r in range(model.rowCount())]


def open_table(window: Any, qtbot: Any, name: str) -> Any:
    """Click the table in the schema tree; the tab that opens."""
    tree = window.schema
    qtbot.waitUntil(lambda: name in tree.table_names(), timeout=10000)
    item = tree.item_for(name)
    rect = tree.tree.visualItemRect(item)
    qtbot.mouseClick(tree.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: getattr(window.tabs.currentWidget(), "name", None) == name, timeout=10000)
    return window.tabs.currentWidget()


class TickRecorder:
    """A timer ticking on the GUI thread: the gaps between its ticks show whether the event loop
    kept turning (a window that answers) or stalled (a frozen one)."""

    def __init__(self, interval_ms: int = 20) -> None:
        import time
        from PySide6.QtCore import QTimer
        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))
        self._timer.start(interval_ms)

    def stop(self) -> None:
        self._timer.stop()

    def max_gap(self) -> float:
        return max(b - a for a, b in zip(self.ticks, self.ticks[1:]))

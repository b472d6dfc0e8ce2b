"""The console's buttons: Run, Run all, Stop, Explain, Autocommit, Commit, Rollback, in rows that wrap
when the console is narrow (a QToolBar would hide the last ones, Commit and Rollback, behind "››")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QToolButton, QWidget

from guiapp.views.flowlayout import FlowLayout
from guiapp.views.resources import icon

if TYPE_CHECKING:
    from guiapp.views.console import ConsoleTab


def _action(console: "ConsoleTab", icon_name: str, text: str, shortcut: str | None,
            slot: Callable[[], object]) -> QAction:
    # The shortcut itself lives on the main window's Query menu (one owner, no ambiguity).
    action = QAction(icon(icon_name), text, console)
    if shortcut:
        action.setToolTip(f"{text} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(lambda _checked=False: slot())
    return action


class ConsoleBar(QWidget):
    """A row of buttons that wraps; like a QToolBar, it tells the button of an action."""

    def __init__(self) -> None:
        super().__init__(objectName="consoleToolbar")
        self.flow = FlowLayout(self)
        self._buttons: dict[QAction, QToolButton] = {}

    def add(self, action: QAction) -> None:
        self.addAction(action)
        button = self._buttons[action] = QToolButton(autoRaise=True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setDefaultAction(action)
        self.flow.add(button)

    def widgetForAction(self, action: QAction) -> QToolButton | None:  # noqa: N802 (QToolBar's name)
        return self._buttons.get(action)


def console_bar(console: "ConsoleTab") -> ConsoleBar:
    """The bar, with the console's actions and Autocommit box set on ``console``."""
    bar = ConsoleBar()
    add, flow = bar.add, bar.flow
    console.run_current_action = _action(console, "run", "Run", "Ctrl+Return", console.run_current)
    console.run_all_action = _action(console, "run-all", "Run all", "Ctrl+Shift+Return", console.run_all)
    console.stop_action = _action(console, "stop", "Stop", "Esc", console.stop)
    console.commit_action = _action(console, "commit", "Commit", None, console.commit)
    console.rollback_action = _action(console, "rollback", "Rollback", None, console.rollback)
    console.explain_action = _action(console, "explain", "Explain", "Ctrl+E", console.explain_current)
    console.autocommit = QCheckBox("Autocommit")
    console.autocommit.setToolTip("Commit every statement at once. Off: changes wait for Commit or Rollback.")
    console.autocommit.toggled.connect(console._autocommit_toggled)
    for action in (console.run_current_action, console.run_all_action, console.stop_action,
                   console.explain_action):
        add(action)
    flow.add(console.autocommit)
    add(console.commit_action)
    add(console.rollback_action)
    return bar

"""Answer modal dialogs the way a user does: read the question, press a button (or Esc).

A modal dialog runs its own event loop, so a test cannot answer it after the
call that opened it returns. The answerer polls for the active modal widget
from a timer (which that inner loop runs), records what it asked, and clicks
the button queued for it. A dialog nobody queued an answer for is closed with
Esc and recorded: a test never hangs on a forgotten question.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QWidget

Answer = str | Callable[[QWidget], None]


@dataclass
class Seen:
    """One dialog the test met: its title, its text, and the answer given."""

    title: str
    text: str
    answer: str


@dataclass
class DialogAnswerer:
    queued: deque = field(default_factory=deque)
    seen: list[Seen] = field(default_factory=list)
    timer: QTimer | None = None

    def start(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(15)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()

    def answer(self, *answers: Answer) -> None:
        """Queue answers for the next dialogs: a button's text ('Drop', 'Cancel', '&Yes'), or a
        callable that fills the dialog in and accepts it."""
        self.queued.extend(answers)

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.seen]

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible() or widget.property("answered"):
            return  # none, or one a test answered that stays open while it works (keep_open)
        text = widget.text() if isinstance(widget, QMessageBox) else ""
        if isinstance(widget, QMessageBox) and widget.informativeText():
            text += "\n" + widget.informativeText()
        answer = self.queued.popleft() if self.queued else None
        if answer is None:
            self.seen.append(Seen(widget.windowTitle(), text, "Esc"))
            widget.reject() if isinstance(widget, QDialog) else widget.close()
            return
        if callable(answer):
            self.seen.append(Seen(widget.windowTitle(), text, getattr(answer, "__name__", "callable")))
            answer(widget)
            return
        button = _button(widget, answer)
        self.seen.append(Seen(widget.windowTitle(), text, answer))
        if button is None:
            widget.reject() if isinstance(widget, QDialog) else widget.close()
            raise AssertionError(f"No button {answer!r} in dialog {widget.windowTitle()!r}: {text}")
        button.click()


def _button(widget: QWidget, label: str) -> QAbstractButton | None:
    want = label.replace("&", "").lower()
    for button in widget.findChildren(QAbstractButton):
        if button.isVisible() and button.text().replace("&", "").lower() == want:
            return button
    return None


def answerer() -> Any:
    return DialogAnswerer()


def keep_open(dialog: QWidget) -> None:
    """Within a callable answer: the dialog stays open while it works (an import with its own
    progress and Cancel); it is not answered again, with Esc or anything else."""
    dialog.setProperty("answered", True)


def choose_file(path: str) -> Callable[[QWidget], None]:
    """An answer for a file dialog: type the path into its file name box and accept."""
    def choose(dialog: QWidget) -> None:
        from PySide6.QtWidgets import QFileDialog, QLineEdit
        assert isinstance(dialog, QFileDialog), f"expected a file dialog, got {dialog.windowTitle()!r}"
        dialog.selectFile(path)
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        if edit is not None:
            edit.setText(path)
        dialog.accept()
    choose.__name__ = f"choose {path}"
    return choose


def relaunch_asking_for_a_password(dialogs: Any, open_window: Any, qtbot: Any, timeout: int = 15000) -> tuple[Any, str]:
    """Start the window with no URL (so it reopens the last database) and answer the Connect dialog
    that asks for the password by closing it. The window, and the URL the dialog was filled with."""
    asked: list[str] = []

    def read(dialog: Any) -> None:
        asked.append(dialog.url.text())
        dialog.reject()

    dialogs.answer(read)
    window = open_window(None, connected=False)
    qtbot.waitUntil(lambda: bool(asked), timeout=timeout)
    assert len(asked) == 1, asked
    return window, asked[0]

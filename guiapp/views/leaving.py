"""What closing a tab, the window or the connection does to work not yet committed.

Every path that would close a grid holding edits or a console holding an open transaction asks
one question naming each of them: Commit (write them first), Discard (forget the edits, roll the
transactions back) or Cancel (keep everything as it is, the default). A grid commits on a worker,
so Commit goes on only once every grid has written its edits; if one cannot, nothing is closed
and its tab says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Leave:
    """The user's answer, and what it applies to: grids (table pages) and consoles."""

    commit: bool = False
    grids: list[Any] = field(default_factory=list)
    consoles: list[Any] = field(default_factory=list)

    @property
    def must_wait(self) -> bool:
        """A commit runs on a worker: the caller goes on when it has landed."""
        return self.commit and bool(self.grids)


def held_by(widgets: list[Any]) -> tuple[list[Any], list[Any]]:
    """The table pages with pending edits and the consoles with an open transaction among ``widgets``."""
    grids = [w for w in widgets if w is not None and getattr(w, "pending", "")]
    consoles = [w for w in widgets if w is not None and w.objectName() == "console" and w.in_transaction]
    return grids, consoles


def describe(grids: list[Any], consoles: list[Any]) -> list[str]:
    return ([f"{page.name}: {page.pending}" for page in grids]
            + [f"{console.title} has an open transaction with uncommitted changes" for console in consoles])


class Leaving:
    """Mixed into the MainWindow (which provides ``tabs``, ``workspace`` and the status bar)."""

    def ask_to_leave(self, widgets: list[Any], title: str, doing: str) -> Leave | None:
        """Ask about what ``widgets`` hold, if anything; None if the user chose Cancel (or a commit
        is still running: its edits are already on their way, so neither Discard nor a second
        Commit could be true to them; nothing closes until it has ended)."""
        committing = [w for w in widgets if w is not None and getattr(w, "saving", False)]
        if committing:
            self.tabs.setCurrentWidget(committing[0])  # type: ignore[attr-defined]
            names = ", ".join(w.name for w in committing)
            self.statusBar().showMessage(  # type: ignore[attr-defined]
                f"Nothing was closed: {names} is still committing; close again once it has ended.", 15000)
            return None
        grids, consoles = held_by(widgets)
        if not grids and not consoles:
            return Leave()
        from PySide6.QtWidgets import QMessageBox
        import shiboken6
        lines = "\n".join(f"• {item}" for item in describe(grids, consoles))
        box = QMessageBox(QMessageBox.Icon.Question, title, f"{doing} closes work that is not committed:\n{lines}",
                          QMessageBox.StandardButton.Cancel, self)  # type: ignore[arg-type]
        box.setObjectName("leaveBox")
        box.setInformativeText("Commit writes it to the database first; Discard forgets the edits and rolls "
                               "the transactions back; Cancel keeps everything as it is.")
        commit = box.addButton("Commit", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if not shiboken6.isValid(box):  # the window went away while asking: keep everything
            return None
        clicked = box.clickedButton()
        if clicked is not commit and clicked is not discard:
            return None
        return Leave(commit=clicked is commit, grids=grids, consoles=consoles)

    def finish(self, leave: Leave, proceed: Callable[[], None]) -> None:
        """Discard: forget the grids' edits and ``proceed`` (the caller ends the consoles' transactions
        as it closes them). Commit with grids: the consoles' transactions first (on SQLite an open one
        would lock the grids out), then the grids' edits, each on its worker, then ``proceed``.
        Whatever cannot be committed keeps its work, is shown, and nothing is closed."""
        if not leave.commit or not leave.grids:  # consoles alone commit as their caller closes them
            for page in leave.grids:
                page.data_tab.model.discard_all()
            proceed()
            return
        self._each(leave.consoles, _commit_console, lambda: self._each(leave.grids, _commit_grid, proceed))

    def _each(self, items: list[Any], start: Callable[[Any, Callable[[bool], None]], None],
              then: Callable[[], None]) -> None:
        """Start ``start(item, ended)`` for every item; ``then`` once all ended well."""
        waiting = {id(item): item for item in items}
        failed: list[Any] = []

        def ended(item: Any, ok: bool) -> None:
            if waiting.pop(id(item), None) is None:
                return
            if not ok:
                failed.append(item)
            if waiting:
                return
            if not failed:
                then()
                return
            self.tabs.setCurrentWidget(failed[0])  # type: ignore[attr-defined]
            names = ", ".join(getattr(item, "name", None) or item.title for item in failed)
            self.statusBar().showMessage(  # type: ignore[attr-defined]
                f"Nothing was closed: {names} could not be committed (its tab says why).", 15000)

        if not items:
            then()
        for item in list(items):
            start(item, lambda ok, item=item: ended(item, ok))

    def _leave_database(self, proceed: Callable[[], None], cancelled: Callable[[], None]) -> None:
        """The workspace is about to connect elsewhere: every tab of this database closes."""
        widgets = [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[attr-defined]
        leave = self.ask_to_leave(widgets, "Connect", "Connecting to another database")
        if leave is None:
            cancelled()
            return

        def go() -> None:
            for console in leave.consoles:
                console.leave(commit=leave.commit)
            proceed()
        self.finish(leave, go)


def _commit_grid(page: Any, ended: Callable[[bool], None]) -> None:
    editing = page.data_tab.editing

    def once(ok: bool) -> None:
        editing.commitEnded.disconnect(once)
        ended(ok)
    editing.commitEnded.connect(once)
    if not editing.commit():
        editing.commitEnded.disconnect(once)
        ended(not page.pending)


def _commit_console(console: Any, ended: Callable[[bool], None]) -> None:
    def finished(busy: bool) -> None:
        if not busy:
            console.busyChanged.disconnect(finished)
            ended(not console.in_transaction)
    console.busyChanged.connect(finished)
    if not console.commit():
        console.busyChanged.disconnect(finished)
        ended(not console.in_transaction)

"""Questions asked before a destructive or irreversible action, naming what it touches.

One QMessageBox shape for every such question: the safe answer is the default,
so Enter or Esc never changes a database.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, text: str, detail: str, action: str,
            icon: QMessageBox.Icon = QMessageBox.Icon.Warning, check: QCheckBox | None = None) -> bool:
    """Ask; True only if the user pressed the button named ``action`` (Cancel is the default)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(detail)
    box.setObjectName("confirmBox")
    if check is not None:
        box.setCheckBox(check)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def confirm_destructive(parent: QWidget | None, what: list[str], where: str) -> bool:
    """Ask before DROP, TRUNCATE, or DELETE / UPDATE without WHERE typed in a console.

    The question can be turned off ("Do not ask again"), kept in the settings.
    """
    from guiapp.qt.settings import settings
    if str(settings().value("confirm/destructive", "true")).lower() == "false":
        return True
    check = QCheckBox("Do not ask again before destructive statements")
    never = [False]  # read after the box (and its check box) may be gone
    check.toggled.connect(lambda on: never.__setitem__(0, on))
    lines = "\n".join(f"• {item}" for item in what)
    ok = confirm(parent, "Destructive statement", f"Run on {where}?\n{lines}",
                 "This deletes data and cannot be undone once committed.", "Run", check=check)
    if ok and never[0]:
        s = settings()
        s.setValue("confirm/destructive", "false")
        s.sync()
    return ok


def confirm_drop(parent: QWidget | None, plan_text: str, where: str) -> bool:
    """Ask before destroying data, naming every table and its row count."""
    return confirm(parent, "Drop tables", f"Drop {plan_text} from {where}?",
                   "The tables and all their rows will be deleted. This cannot be undone.", "Drop")


def confirm_create(parent: QWidget | None, tables: tuple[str, ...], where: str, foreign: bool) -> bool:
    """Ask before adding tables to a database, naming each table and the database."""
    detail = "The tables are created at once (DDL commits immediately on MySQL and MariaDB)."
    if foreign:
        detail = ("This database holds other tables and none of these models: check that it is the "
                  "database you mean. " + detail)
    noun = "table" if len(tables) == 1 else f"{len(tables)} tables"
    return confirm(parent, "Create tables", f"Create {noun} {', '.join(tables)} in {where}?", detail,
                   "Create", QMessageBox.Icon.Question)


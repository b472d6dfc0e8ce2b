"""The Help menu's boxes: keyboard shortcuts, and about."""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtWidgets import QWidget

from guiapp import __version__

# Keys that are gestures, not actions: nothing to read them from.
GESTURES = [("Console", "Ctrl+Space", "Complete the name under the cursor"),
            ("Table", "Ctrl+click", "Follow a foreign key to its row"),
            ("ER diagram", "Ctrl+wheel", "Zoom")]
_AREAS = {"ConsoleTab": "Console", "TablePage": "Table", "ErdTab": "ER diagram"}


def _area(window: Any, obj: Any) -> str:
    """Where a key works: the kind of tab it belongs to, or the whole window."""
    widget = obj.parent()
    while widget is not None and widget is not window:
        if window.tabs.indexOf(widget) >= 0:
            return _AREAS.get(type(widget).__name__, window.tabs.tabText(window.tabs.indexOf(widget)))
        widget = widget.parent()
    return "Window"


def _what(obj: Any) -> str:
    """What a key does, in the words its action shows (its tooltip without the keys, or its text)."""
    text = obj.whatsThis() or re.sub(r" \([^()]*\)$", "", obj.toolTip() if hasattr(obj, "toolTip") else "")
    if not text or len(text) <= 2:
        text = obj.text() if hasattr(obj, "text") else text
    return text.replace("&", "").rstrip("…").strip()


def window_keys(window: Any) -> list[tuple[str, str, str]]:
    """(area, keys, what they do) for every action and shortcut the window holds now: its menus, and
    the open consoles', tables' and diagrams' own, read from them so the list cannot fall behind."""
    from PySide6.QtGui import QAction, QKeySequence, QShortcut
    native = QKeySequence.SequenceFormat.NativeText
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    found = [*window.findChildren(QAction), *window.findChildren(QShortcut)]
    for obj in found:
        sequences = obj.shortcuts() if isinstance(obj, QAction) else [obj.key()]
        keys = " or ".join(s.toString(native) for s in sequences if not s.isEmpty())
        what = _what(obj)
        if not keys or not what or (keys, what) in seen:
            continue
        seen.add((keys, what))
        rows.append((_area(window, obj), keys, what))
    rows += GESTURES
    order = ["Window", "Console", "Table", "ER diagram"]
    return sorted(rows, key=lambda r: (order.index(r[0]) if r[0] in order else len(order), r[0]))


def show_shortcuts(window: Any) -> None:
    # QMessageBox is imported here, not with the module: importing it makes PySide6 build its enums.
    from PySide6.QtWidgets import QMessageBox
    rows = window_keys(window)
    columns: list[list[str]] = [[], []]  # the window's keys, then the tabs': a box that fits a short screen
    area = None
    for where, keys, what in rows:
        cells = columns[0 if where == "Window" else 1]
        if where != area:
            area = where
            cells.append(f"<tr><td colspan=2>{'<br>' if cells else ''}<b>{html.escape(where)}</b></td></tr>")
        cells.append(f"<tr><td style='white-space: nowrap'><b>{html.escape(keys)}</b></td>"
                     f"<td style='white-space: nowrap'>&nbsp;&nbsp;{html.escape(what)}</td></tr>")
    tables = "".join(f"<td valign=top style='padding-right: 24px'><table>{''.join(c)}</table></td>" for c in columns)
    open_areas = {r[0] for r in rows if r not in GESTURES}
    note = ("" if {"Console", "Table", "ER diagram"} <= open_areas
            else "<p>An open table, console or ER diagram adds its own keys to this list.</p>")
    QMessageBox.information(window, "Keyboard shortcuts", f"<table><tr>{tables}</tr></table>{note}")


def show_about(parent: QWidget) -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.about(parent, "About guiapp",
                      f"<h3>guiapp {__version__}</h3><p>A desktop database browser for people who "
                      "build on SQLAlchemy: schema, data, your declared models, raw SQL, and every "
                      "change announced by blinker signals.</p>")

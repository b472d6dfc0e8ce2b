"""The look the preferences ask for: light, dark or the system's theme, and the editors' font, applied
to the whole application at once (Qt re-polishes every widget, so each view follows by itself)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_DARK_SHEET = """
QTreeView, QTableView { selection-background-color: #2f4f7a; selection-color: #ffffff; }
QTableView { gridline-color: #3a3f47; }
QLabel#banner { background: #4a3f1c; border: 1px solid #8a7436; color: #f2e2b0; }
QLabel#errorBanner { background: #4a1f1c; border: 1px solid #8a3d36; color: #f6c9c3; }
QLabel#hint { color: #a0a8b4; }
"""


_system_palette: list[QPalette] = []  # the platform's own, kept before guiapp first sets one


def system_is_dark() -> bool:
    """Whether the platform's theme is dark, read from its palette (the colour-scheme hint would
    need Qt's whole enum namespace, about 40 ms, before the window shows)."""
    if not _system_palette:
        _system_palette.append(QGuiApplication.palette())
    return _system_palette[0].color(QPalette.ColorRole.Window).lightness() < 128


def is_dark(theme: str) -> bool:
    return theme == "dark" or (theme == "system" and system_is_dark())


def dark_palette() -> QPalette:
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for name, colour in (("Window", "#2b2d31"), ("WindowText", "#e6e6e6"), ("Base", "#1f2124"),
                         ("AlternateBase", "#2b2d31"), ("ToolTipBase", "#3a3d42"), ("ToolTipText", "#e6e6e6"),
                         ("Text", "#e6e6e6"), ("Button", "#34373c"), ("ButtonText", "#e6e6e6"),
                         ("BrightText", "#ff6b6b"), ("Link", "#7fb0ff"), ("Highlight", "#2f6fd0"),
                         ("HighlightedText", "#ffffff"), ("PlaceholderText", "#8a9099")):
        palette.setColor(getattr(role, name), QColor(colour))
    for name in ("Text", "ButtonText", "WindowText"):
        palette.setColor(group.Disabled, getattr(role, name), QColor("#7a7f87"))
    return palette


def font_rule(preferences: Any) -> str:
    """The SQL editor's, the DDL's and the messages' font."""
    family = preferences.font_family.replace('"', "")
    families = (f'"{family}", ' if family else "") + '"DejaVu Sans Mono", "Menlo", "Consolas", monospace'
    return (f"\nQPlainTextEdit#sqlEditor, QPlainTextEdit#ddlView, QPlainTextEdit#messages "
            f"{{ font-family: {families}; font-size: {int(preferences.font_size)}pt; }}\n")


def apply_appearance(preferences: Any, base_sheet: str) -> None:
    """The theme's palette, and ``base_sheet`` (guiapp's style sheet) with the font and theme rules."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _system_palette:
        _system_palette.append(QGuiApplication.palette())
    dark = is_dark(preferences.theme)
    app.setPalette(dark_palette() if dark else _system_palette[0])
    app.setStyleSheet(base_sheet + font_rule(preferences) + (_DARK_SHEET if dark else ""))
    app.setProperty("guiappTheme", "dark" if dark else "light")

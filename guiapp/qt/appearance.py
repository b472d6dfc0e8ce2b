"""The look the preferences ask for: light, dark or the system's theme, and the editors' font, applied
to the whole application at once (Qt re-polishes every widget, so each view follows by itself)."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from guiapp.itemmodels.marks import use_colours

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


# The hue of each mark, blended into the palette's own Base (backgrounds) or Text (inks), so a mark
# follows whichever theme is on, then kept at a contrast of 4.5:1 or more (WCAG AA) with what it meets.
MARK_HUES = {"changed": "#ffc400", "new": "#2fbf5a", "deleted": "#e5484d", "failing": "#e5484d"}
INK_HUES = {"null": None, "loading": None, "warning": "#c27c00", "error": "#d93025", "success": "#2f9e55"}
READABLE = 4.5


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2), 0 black to 1 white."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(base: QColor, hue: QColor, share: float) -> QColor:
    return QColor.fromRgbF(*(b + (h - b) * share for b, h in (
        (base.redF(), hue.redF()), (base.greenF(), hue.greenF()), (base.blueF(), hue.blueF()))))


def _readable(base: QColor, hue: QColor, share: float, against: list[QColor]) -> QColor:
    """``hue`` blended into ``base`` as far as ``share``, backed off until it reads against ``against``."""
    while share > 0:
        colour = _mix(base, hue, share)
        if all(contrast(colour, other) >= READABLE for other in against):
            return colour
        share -= 0.02
    return QColor(base)


def theme_colours(palette: QPalette) -> dict[str, QColor]:
    """Every colour guiapp paints beyond the palette's own, derived from ``palette``: the pending-edit,
    new-row, deleted-row and failing-statement backgrounds (under Text), and the NULL, loading, warning,
    error and success inks (on Base, and NULL on a new row's background too)."""
    role = QPalette.ColorRole
    derived = _derived(palette.color(role.Base).rgba(), palette.color(role.Text).rgba())
    return {name: QColor(c) for name, c in derived}  # copies: the cached ones stay as they are


@functools.lru_cache(maxsize=8)
def _derived(base_rgba: int, text_rgba: int) -> tuple[tuple[str, QColor], ...]:
    """theme_colours' work, once per pair of Base and Text (a console says a line per statement)."""
    base, text = QColor.fromRgba(base_rgba), QColor.fromRgba(text_rgba)
    colours = {name: _readable(base, QColor(hue), 0.35, [text]) for name, hue in MARK_HUES.items()}
    for name, hue in INK_HUES.items():
        # NULL and loading are Text faded toward Base: quieter than a value, still readable.
        share = 0.55 if name == "null" else 0.6 if name == "loading" else 0.8
        grounds = [base, colours["new"]] if name == "null" else [base]
        colours[name] = _readable(text, QColor(hue or base), share, grounds)
    return tuple(colours.items())


def current_colours() -> dict[str, QColor]:
    """The theme colours for the application's palette as it is now."""
    return theme_colours(QGuiApplication.palette())


def colour(name: str) -> str:
    """One theme colour as ``#rrggbb``, for a style sheet or a message's HTML."""
    return current_colours()[name].name()


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
    use_colours(current_colours)  # computed once a model may paint: the window shows first
    sheet = base_sheet + font_rule(preferences) + (_DARK_SHEET if dark else "")
    if app.styleSheet() != sheet:  # setting it re-polishes every widget alive, even when unchanged
        app.setStyleSheet(sheet)
    app.setProperty("guiappTheme", "dark" if dark else "light")

"""The brushes every item model paints its marks with (NULL, loading, pending edits), changed in
place when the theme changes.

Filled only once a model may paint (``cells`` is loaded): the window shows before that. Setting a
brush's colour, or copying a QColor, makes PySide6 build Qt's namespace of enums on first use (its
overloads take a ``Qt.GlobalColor``): 95 Python enums, 15-40 ms, which the first frame does without.
"""

from __future__ import annotations

from typing import Callable, Mapping

from PySide6.QtGui import QBrush, QColor

NULL_BRUSH = QBrush()  # the theme fills these through use_colours()
LOADING_BRUSH = QBrush()
CHANGED_BRUSH = QBrush()  # pending grid edits, marked until Commit or Revert (a diff's colours)
NEW_BRUSH = QBrush()
DELETED_BRUSH = QBrush()
MARKS = {"changed": CHANGED_BRUSH, "new": NEW_BRUSH, "deleted": DELETED_BRUSH}


_source: list[Callable[[], Mapping[str, QColor]]] = []  # what computes the theme's colours
_painting: list[bool] = []  # a model may paint: the brushes are kept filled


def use_colours(source: Callable[[], Mapping[str, QColor]]) -> None:
    """Paint with the colours ``source`` computes from now on: at once where a model may paint, else
    when the first may (``start_painting``). The brushes are changed in place, so every model (and
    every module that imported them) follows a theme change without being told."""
    _source[:] = [source]
    if _painting:
        _fill(source())


def start_painting() -> None:
    """A model may paint from now on (``cells`` calls this as it loads): fill the brushes."""
    if not _painting:
        _painting.append(True)
        if _source:
            _fill(_source[0]())


def _fill(colours: Mapping[str, QColor]) -> None:
    for brush, name in ((NULL_BRUSH, "null"), (LOADING_BRUSH, "loading"), (CHANGED_BRUSH, "changed"),
                        (NEW_BRUSH, "new"), (DELETED_BRUSH, "deleted")):
        brush.swap(QBrush(QColor(colours[name])))  # a colour's brush is solid

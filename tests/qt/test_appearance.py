"""The theme applied before the window shows leaves the grid's code unloaded, and the first grid still
paints its marks (NULL, loading, pending edits) in the theme's colours."""

from __future__ import annotations

import os
import subprocess
import sys

# In a process of its own: whether a module is loaded is the point, and this one loads them all.
THEME_FIRST = r"""
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from guiapp.core.store.preferences import Preferences
from guiapp.qt.appearance import apply_appearance, current_colours
apply_appearance(Preferences(theme=sys.argv[1]), "")
from guiapp.itemmodels import marks
assert "guiapp.itemmodels.cells" not in sys.modules, "the theme loaded the grid's code"
assert marks.NULL_BRUSH.color().name() == "#000000"  # not filled yet: nothing paints
from guiapp.itemmodels.cells import cell_data, pending_cell_data, FOREGROUND, BACKGROUND
colours = current_colours()
assert cell_data(None, FOREGROUND).color() == colours["null"]
assert pending_cell_data(1, BACKGROUND, "changed").color() == colours["changed"]
assert pending_cell_data(1, BACKGROUND, "new").color() == colours["new"]
assert pending_cell_data(1, BACKGROUND, "deleted").color() == colours["deleted"]
assert marks.LOADING_BRUSH.color() == colours["loading"]
# a theme change after the grid loaded changes the marks at once
apply_appearance(Preferences(theme="dark" if sys.argv[1] == "light" else "light"), "")
assert cell_data(None, FOREGROUND).color() == current_colours()["null"] != colours["null"]
print("ok")
"""


def test_the_theme_fills_the_grids_marks_once_a_grid_loads() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for theme in ("light", "dark"):
        out = subprocess.run([sys.executable, "-c", THEME_FIRST, theme], capture_output=True, text=True, env=env,
                             timeout=120)
        assert out.stdout.strip().endswith("ok"), out.stderr[-2000:]

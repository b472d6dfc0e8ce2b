"""File ▸ Preferences… (Ctrl+,): the editors' font and size, the theme, how many rows a grid reads and a
console result shows, whether destructive statements ask first, and the connection and pool
defaults. OK stores them with the rest of the settings; every open view follows at once (the pool
settings from the next connection)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFontComboBox, QFormLayout,
                               QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget)

from guiapp.core.store.preferences import LIMITS, THEMES, Preferences
from guiapp.qt.workspace import Workspace

_THEME_TEXT = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class PreferencesDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from guiapp.qt.settings import load_preferences
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.workspace = workspace
        self.font = QFontComboBox(objectName="prefFont")
        self.font.setFontFilters(QFontComboBox.FontFilter.MonospacedFonts)
        self.spins: dict[str, QSpinBox] = {}
        for name, (low, high) in LIMITS.items():
            spin = QSpinBox(objectName=f"pref_{name}")
            spin.setRange(low, high)
            spin.setGroupSeparatorShown(True)
            self.spins[name] = spin
        self.theme = QComboBox(objectName="prefTheme")
        for theme in THEMES:
            self.theme.addItem(_THEME_TEXT[theme], theme)
        self.confirm = QCheckBox("Ask before DROP, TRUNCATE, and DELETE or UPDATE without WHERE in a console",
                                 objectName="prefConfirm")
        look = QFormLayout()
        look.addRow("Editor font", self.font)
        look.addRow("Font size (pt)", self.spins["font_size"])
        look.addRow("Theme", self.theme)
        data = QFormLayout()
        data.addRow("Rows a table grid reads at a time", self.spins["page_size"])
        data.addRow("Rows a console result shows before Fetch more", self.spins["result_cap"])
        data.addRow(self.confirm)
        pool = QFormLayout()
        pool.addRow("Connect timeout (s)", self.spins["connect_timeout"])
        pool.addRow("Pooled connections", self.spins["pool_size"])
        pool.addRow("Extra connections past the pool", self.spins["max_overflow"])
        pool.addRow("Wait for a free connection (s)", self.spins["pool_timeout"])
        pool.addRow(QLabel("These apply to the next connection; the command line's --pool-size and "
                           "the like win over them.", objectName="hint", wordWrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.show_values(Preferences()))
        layout = QVBoxLayout(self)
        for title, form in (("Appearance", look), ("Data", data), ("Connections", pool)):
            box = QGroupBox(title)
            box.setLayout(form)
            layout.addWidget(box)
        layout.addWidget(buttons)
        self.show_values(load_preferences())  # as stored now ("Do not ask again" may have changed one)

    def show_values(self, preferences: Preferences) -> None:
        family = preferences.font_family or QFont("DejaVu Sans Mono").family()
        self.font.setCurrentFont(QFont(family))
        for name, spin in self.spins.items():
            spin.setValue(getattr(preferences, name))
        self.theme.setCurrentIndex(THEMES.index(preferences.theme))
        self.confirm.setChecked(preferences.confirm_destructive)

    def values(self) -> Preferences:
        return replace(Preferences(), font_family=self.font.currentFont().family(),
                       theme=self.theme.currentData(), confirm_destructive=self.confirm.isChecked(),
                       **{name: spin.value() for name, spin in self.spins.items()})

    def accept(self) -> None:
        self.workspace.set_preferences(self.values())
        self.workspace.message.emit("Preferences saved.")
        super().accept()


def show_preferences(parent: QWidget, workspace: Workspace) -> Any:
    return PreferencesDialog(workspace, parent).exec()

"""Where guiapp keeps its own files: the per-user data directory (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """The user's guiapp data directory (``GUIAPP_DATA_DIR`` overrides it, for tests)."""
    override = os.environ.get("GUIAPP_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("guiapp", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_database_path() -> Path:
    return data_dir() / "demo.sqlite3"

"""The window's own settings (geometry, open tabs, recent connections): an INI file in the data dir.

Recent connections are stored without their passwords.
"""

from __future__ import annotations

import atexit
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from guiapp.core.paths import data_dir

MAX_RECENT = 10
_stand_ins: dict[Path, Path] = {}  # settings.ini that is no file -> the session's own file instead


def settings() -> QSettings:
    return QSettings(str(_settings_path()), QSettings.Format.IniFormat)


def _settings_path() -> Path:
    """``settings.ini`` in the data directory; if something else stands there (a FIFO, whose reading
    would block before the window shows, a folder), a file of this session's own, so that it is
    neither read nor replaced."""
    path = data_dir() / "settings.ini"
    if path in _stand_ins:
        return _stand_ins[path]
    try:
        if stat.S_ISREG(path.stat().st_mode):
            return path
    except FileNotFoundError:
        return path
    except OSError:
        pass
    folder = tempfile.mkdtemp(prefix="guiapp-settings-")
    atexit.register(shutil.rmtree, folder, True)
    _stand_ins[path] = Path(folder) / "settings.ini"
    return _stand_ins[path]


def settings_problem() -> str | None:
    """What to tell the user when settings.ini could not be used, or None."""
    _settings_path()
    for real in _stand_ins:
        if real == data_dir() / "settings.ini":
            return (f"{real} is not a file, so guiapp left it alone: this session starts with default "
                    "settings and keeps its changes until it ends. Remove it to keep settings again.")
    return None


def without_password(url: str) -> str:
    """The URL with any password removed (not masked: removed), for storing."""
    from guiapp.core.connect.urls import url_for_storage
    try:
        return url_for_storage(url)
    except Exception:
        from guiapp.core.redact import scrub
        return scrub(url)


def recent_urls() -> list[str]:
    value: Any = settings().value("connections/recent", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if v]


def remember_url(url: str) -> None:
    clean = without_password(url)
    recent = [clean] + [u for u in recent_urls() if u != clean]
    s = settings()
    s.setValue("connections/recent", recent[:MAX_RECENT])
    s.sync()


def remember_last(url: str, had_password: bool, ssh: str = "") -> None:
    """The database to reopen on the next start ('' for the demo), never with its password, and the
    SSH alias it was reached through."""
    s = settings()
    s.setValue("connections/last", without_password(url) if url else "")
    s.setValue("connections/last_needs_password", had_password)
    s.setValue("connections/last_ssh", ssh)
    s.sync()


def last_ssh() -> str:
    """The SSH alias the last database was reached through ('' for none)."""
    return str(settings().value("connections/last_ssh", "") or "")


def last_connection() -> tuple[str, bool]:
    """(URL without password or '' for the demo, whether it needs a password to open)."""
    s = settings()
    url = str(s.value("connections/last", "") or "")
    needs = str(s.value("connections/last_needs_password", "false")).lower() == "true"
    return url, needs


def hide_dialect_noise() -> bool:
    """Whether comparing models with the database hides what only the dialect writes differently."""
    return str(settings().value("models/hide_dialect_noise", "true")).lower() == "true"


def set_hide_dialect_noise(hide: bool) -> None:
    s = settings()
    s.setValue("models/hide_dialect_noise", hide)
    s.sync()


def load_preferences() -> Any:
    """The user's Preferences (defaults for anything missing or unreadable)."""
    from dataclasses import fields

    from guiapp.core.store.preferences import Preferences, from_stored
    s = settings()
    stored = {f.name: s.value(f"preferences/{f.name}") for f in fields(Preferences)}
    stored["confirm_destructive"] = s.value("confirm/destructive")  # also set by "Do not ask again"
    return from_stored({k: v for k, v in stored.items() if v is not None})


def save_preferences(preferences: Any) -> None:
    from dataclasses import asdict
    s = settings()
    for name, value in asdict(preferences).items():
        if name == "confirm_destructive":
            s.setValue("confirm/destructive", "true" if value else "false")
        else:
            s.setValue(f"preferences/{name}", value)
    s.sync()

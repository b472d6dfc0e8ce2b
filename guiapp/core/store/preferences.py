"""The user's preferences as plain values: their defaults, their limits, and reading them back from
stored text (a value that cannot be read, or is out of range, falls back to its default instead
of stopping the window from opening). Stored by the window with the rest of its settings."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

THEMES = ("system", "light", "dark")

# name -> (smallest, largest) for the numbers
LIMITS: dict[str, tuple[int, int]] = {
    "font_size": (6, 48),
    "page_size": (20, 10_000),
    "result_cap": (100, 10_000_000),
    "connect_timeout": (1, 600),
    "pool_size": (1, 100),
    "max_overflow": (0, 100),
    "pool_timeout": (1, 3600),
}


@dataclass(frozen=True)
class Preferences:
    font_family: str = ""  # "": the platform's monospace font
    font_size: int = 10  # points, in the SQL editor, DDL and grids
    page_size: int = 200  # rows a table grid reads at a time
    result_cap: int = 10_000  # rows a console result shows before Fetch more
    confirm_destructive: bool = True  # ask before DROP, TRUNCATE, DELETE/UPDATE without WHERE in a console
    theme: str = "system"
    connect_timeout: int = 5  # seconds; what the command line's options do not set
    pool_size: int = 5
    max_overflow: int = 0
    pool_timeout: int = 30  # seconds to wait for a free pooled connection

    def pool_defaults(self) -> dict[str, Any]:
        """The pool options these preferences set (the command line's own options win over them)."""
        return {"connect_timeout": self.connect_timeout, "pool_size": self.pool_size,
                "max_overflow": self.max_overflow, "pool_timeout": float(self.pool_timeout)}


def from_stored(stored: Mapping[str, Any]) -> Preferences:
    """Preferences from stored text values (an INI file gives strings); anything unreadable or out
    of range is its default."""
    default = Preferences()
    values: dict[str, Any] = {}
    for field in fields(Preferences):
        raw = stored.get(field.name)
        if raw is None:
            continue
        value = _read(field.name, raw, getattr(default, field.name))
        if value is not None:
            values[field.name] = value
    return replace(default, **values)


def _read(name: str, raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        text = str(raw).strip().lower()
        return True if text in ("true", "1", "yes") else False if text in ("false", "0", "no") else None
    if isinstance(default, int):
        try:
            number = int(str(raw).strip())
        except ValueError:
            return None
        low, high = LIMITS[name]
        return number if low <= number <= high else None
    text = str(raw).strip()
    if name == "theme":
        return text if text in THEMES else None
    return text[:100]

"""Hand a worker's result to a QObject's queued signal, unless the object is already gone.

A worker outlives the tab that started it (it must finish to give its connection back);
emitting on a deleted QObject raises on the worker's thread, so the result is dropped instead.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject


def emit_if_alive(owner: QObject, signal: Any, *args: Any) -> bool:
    """``signal.emit(*args)`` if ``owner`` still exists; False if it was deleted meanwhile."""
    if not shiboken6.isValid(owner):
        return False
    try:
        signal.emit(*args)
    except RuntimeError:  # deleted between the check and the emit
        return False
    return True

"""Composition root of the window (placeholder until the window lands)."""
from __future__ import annotations
from typing import Any


def run_window(url: str | None, models_spec: str | None, pool: Any) -> int:
    raise NotImplementedError

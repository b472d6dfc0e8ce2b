"""Counts in messages: "1 row", "2 rows", "1,200 rows"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """``count`` with ``noun`` in the number it takes, thousands separated."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"

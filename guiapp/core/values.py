"""Render cell values for text, CSV and JSON: binary, huge and odd values stay readable."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import uuid
from typing import Any

BINARY_PREVIEW = 32
TEXT_PREVIEW = 200


def tolerant_text(data: bytes) -> str | bytes:
    """A SQLite TEXT value as str, or its bytes when they are not valid UTF-8 (a file written by
    another program): shown and exported as binary instead of failing the whole read."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def is_binary(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview))


def binary_text(value: bytes | bytearray | memoryview, limit: int | None = None) -> str:
    """'0x' hex of ``value``; with a limit, a preview that says how long the value is."""
    data = bytes(value)
    if limit is not None and len(data) > limit:
        return f"0x{data[:limit].hex()}… ({len(data):,} bytes)"
    return "0x" + data.hex()


def timedelta_text(value: dt.timedelta) -> str:
    """'[-]H:MM:SS[.ffffff]', hours unbounded (MySQL TIME reaches 838 hours, and below zero)."""
    micros = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    sign = "-" if micros < 0 else ""
    seconds, frac = divmod(abs(micros), 1_000_000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" + (f".{frac:06d}" if frac else "")


def to_text(value: Any) -> str:
    """Full text of a value, as CSV and the SQL dump want it (NULL is '')."""
    if value is None:
        return ""
    if is_binary(value):
        return binary_text(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, dt.timedelta):
        return timedelta_text(value)
    if isinstance(value, (dict, list)):
        import json
        return json.dumps(value, ensure_ascii=False, default=to_text)
    return str(value)


def to_display(value: Any, limit: int = TEXT_PREVIEW) -> str:
    """Short one-line text for a grid cell or terminal table: NULL shown, long text cut."""
    if value is None:
        return "NULL"
    if is_binary(value):
        return binary_text(value, BINARY_PREVIEW)
    text = to_text(value)
    if len(text) > limit:
        text = text[:limit] + f"… ({len(text):,} chars)"
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def to_json(value: Any) -> Any:
    """A JSON-serialisable form: numbers, strings, objects and arrays as they are, the rest as text.

    NaN and the infinities have no JSON form: they become the strings "NaN", "Infinity"
    and "-Infinity" (never bare NaN, which no JSON reader accepts).
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return format(value, "f")  # with its scale, as the database writes it: 0.0000000000, not 0E-10
    if isinstance(value, uuid.UUID):
        return str(value)
    return to_text(value)

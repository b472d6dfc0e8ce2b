"""Cell values in text, CSV and JSON: exact, valid, and readable back."""

from __future__ import annotations

import datetime as dt
import decimal
import json

from guiapp.core.values import to_json, to_text


def test_mysql_time_beyond_a_day_and_below_zero_reads_as_mysql_writes_it() -> None:
    assert to_text(dt.timedelta(hours=49, minutes=5, seconds=7)) == "49:05:07"
    assert to_text(-dt.timedelta(hours=1, microseconds=500)) == "-1:00:00.000500"
    assert to_text(dt.timedelta(0)) == "0:00:00"


def test_json_output_is_always_valid_json() -> None:
    row = {"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "dec": decimal.Decimal("1.10"),
           "doc": {"a": [1, {"b": None}], "n": float("nan")}, "arr": [1, 2], "flag": True, "raw": b"\x00\xff"}
    text = json.dumps({k: to_json(v) for k, v in row.items()}, allow_nan=False)
    assert json.loads(text) == {"nan": "NaN", "inf": "Infinity", "ninf": "-Infinity", "dec": "1.10",
                                "doc": {"a": [1, {"b": None}], "n": "NaN"}, "arr": [1, 2], "flag": True,
                                "raw": "0x00ff"}


def test_documents_and_arrays_export_as_json_text_in_csv() -> None:
    assert to_text({"a": [1, "é"]}) == '{"a": [1, "é"]}'
    assert to_text([1, None]) == "[1, null]"


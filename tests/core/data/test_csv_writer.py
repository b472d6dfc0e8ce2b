"""The CSV writer's fast paths (the csv module in C) write exactly what writing field by field as
PostgreSQL's COPY does would write: NULL an empty field, '' as "", CR and LF quoted."""

from __future__ import annotations

import datetime as dt
import decimal
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from guiapp.core.data.output import CsvWriter, csv_field

SQLITE_VALUES = st.none() | st.text(max_size=8) | st.sampled_from(["", "\\.", "a\rb"]) | st.integers() | \
    st.floats() | st.binary(max_size=4)
ANY_VALUES = SQLITE_VALUES | st.decimals(allow_nan=False) | st.dates() | st.timedeltas() | st.booleans() | \
    st.datetimes() | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)


def _written(columns: int, batches: list[list[tuple]], bytes_only: bool) -> str:
    out = io.StringIO()
    writer = CsvWriter(out, [f"c{i}" for i in range(columns)], bytes_only=bytes_only)
    for batch in batches:
        writer.write(batch)
    return out.getvalue()


def _by_hand(columns: int, batches: list[list[tuple]]) -> str:
    lines = [",".join(f"c{i}" for i in range(columns))]
    lines += [",".join(csv_field(v, columns == 1) for v in row) for batch in batches for row in batch]
    return "\n".join(lines) + "\n"


@settings(max_examples=300)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(st.just(n), st.lists(
    st.lists(st.tuples(*[SQLITE_VALUES] * n), min_size=1, max_size=5), max_size=4))))
def test_sqlite_values_are_written_as_by_hand_in_both_modes(case) -> None:
    columns, batches = case
    assert _written(columns, batches, bytes_only=True) == _by_hand(columns, batches)
    assert _written(columns, batches, bytes_only=False) == _by_hand(columns, batches)


@settings(max_examples=300)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(st.just(n), st.lists(
    st.lists(st.tuples(*[ANY_VALUES] * n), min_size=1, max_size=5), max_size=4))))
def test_any_driver_values_are_written_as_by_hand(case) -> None:
    columns, batches = case
    assert _written(columns, batches, bytes_only=False) == _by_hand(columns, batches)


def test_null_and_the_empty_string_read_apart() -> None:
    rows = [(None, ""), ("", None), ("a\rb", "x,y"), (b"\x00", decimal.Decimal("1.10")),
            (dt.timedelta(hours=30), 'q"')]
    assert _written(2, [rows], bytes_only=False) == 'c0,c1\n,""\n"",\n"a\rb","x,y"\n0x00,1.10\n30:00:00,"q"""\n'
    assert _written(1, [[(None,), ("",)]], bytes_only=True) == 'c0\n\n""\n'


def test_a_decimal_is_written_with_its_scale_never_an_exponent() -> None:
    # What MariaDB's DECIMAL(20,10) holds, as the server writes it; str() would write 0E-10, 1.000E-7.
    values = [decimal.Decimal("0E-10"), decimal.Decimal("1.000E-7"), decimal.Decimal("1.5000000000")]
    expected = "c0,c1\n0.0000000000,E-mail\n0.0000001000,\n1.5000000000,\"\"\n"
    rows = [(values[0], "E-mail"), (values[1], None), (values[2], "")]
    assert _written(2, [rows], bytes_only=False) == expected
    assert _written(2, [rows[:2]], bytes_only=False) == expected.rsplit("1.5", 1)[0]


def test_a_lone_end_of_data_marker_is_quoted_as_copy_quotes_it() -> None:
    # COPY quotes \. only where it is alone on its line (a row of one column), whichever path writes it.
    for bytes_only in (True, False):
        assert _written(1, [[("\\.",), ("x",)]], bytes_only) == 'c0\n"\\."\nx\n'
        assert _written(2, [[("\\.", 1)]], bytes_only) == 'c0,c1\n\\.,1\n'
        assert _written(2, [[("\\.", "")]], bytes_only) == 'c0,c1\n\\.,""\n'
    out = io.StringIO()
    CsvWriter(out, ["\\."])
    assert out.getvalue() == '"\\."\n'

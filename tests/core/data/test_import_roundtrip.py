"""What guiapp exports (CSV, JSON) imports back with ``--create`` into a fresh table, every cell
identical, on every backend: odd values always (NULL, '', whitespace, quotes, backslashes, CR LF,
tabs, text beyond the BMP, integers at 2^63, decimals), plus rows drawn by hypothesis."""

from __future__ import annotations

import decimal
import os

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.core.data.test_import_create import _same
from tests.helpers.cli import guiapp

# Each example runs two guiapp processes: a few, no shrinking; GUIAPP_TEST_EXAMPLES asks for more.
EXAMPLES = settings(max_examples=int(os.environ.get("GUIAPP_TEST_EXAMPLES", "4")), deadline=None,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
BIG, SMALL = 2 ** 63 - 1, -(2 ** 63)
ODD = [(None, None, None, None), ("", 0, decimal.Decimal("0"), 0.0), ("   ", BIG, decimal.Decimal("1.5"), -0.5),
       ("\t", SMALL, decimal.Decimal("-12345678901234567890.0123456789"), 0.1234567890123456),
       ('say "hi", it\'s', BIG - 1, decimal.Decimal("0.0000000001"), 1e-20),
       ("back\\slash\\", 1, None, 1.7976931348623157e308), ("cr\r\nlf\rcr\nlf", None, decimal.Decimal("7"), None),
       ("emoji 😀 𝄞", -1, decimal.Decimal("99999999999999999999.9999999999"), 3.0), ("\\N", 2, None, 2.5)]
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
ROW = st.tuples(st.none() | TEXT, st.none() | st.integers(SMALL, BIG),
                st.none() | st.decimals(min_value=-10**19, max_value=10**19, places=10, allow_nan=False),
                st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64))


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _rows(db, table: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(map(_same, r)) for r in conn.execute(sa.text(f"SELECT id, t, i, d, f FROM {table} ORDER BY id"))]


def _round_trip(db, tmp_path, fmt: str, rows: list[tuple]) -> None:
    table = sa.Table("src", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("t", sa.Text),
                     sa.Column("i", sa.BigInteger), sa.Column("d", sa.Numeric(30, 10)), sa.Column("f", sa.Double))
    with db.engine.begin() as conn:
        for name in ("src", "back"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        table.create(conn)
        conn.execute(table.insert(), [dict(id=n, t=t, i=i, d=d, f=f) for n, (t, i, d, f) in enumerate(rows, 1)])
    out = tmp_path / f"src.{fmt}"
    done = guiapp("--url", _url(db), "export", "src", "-o", str(out))
    assert done.returncode == 0, done.stderr
    done = guiapp("--url", _url(db), "import", str(out), "back", "--create")
    assert done.returncode == 0, done.stderr
    assert _rows(db, "back") == _rows(db, "src"), done.stderr.splitlines()[0]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_odd_values_come_back_identical(db, tmp_path, fmt) -> None:
    _round_trip(db, tmp_path, fmt, ODD)


@pytest.mark.parametrize("fmt", ["csv", "json"])
@EXAMPLES
@given(drawn=st.lists(ROW, max_size=12))
def test_drawn_values_come_back_identical(db, tmp_path, fmt, drawn) -> None:
    _round_trip(db, tmp_path, fmt, ODD + drawn)  # the odd rows keep each column's type what it is

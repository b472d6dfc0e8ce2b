"""Values at the edges of their types typed into a grid land exactly as typed, on every backend:
case-only and trailing-space changes, whitespace, big integers, doubles (MariaDB stored 1e-300 as 0),
JSON; a double out of range is refused."""

from __future__ import annotations

import pytest

from tests.helpers.grids import commit, open_grid, type_into

pytestmark = pytest.mark.gui

_EDGES = {"sqlite": "CREATE TABLE edges (id INTEGER PRIMARY KEY, s VARCHAR(20), b BIGINT, d DOUBLE PRECISION, j JSON)",
          "mysql": "CREATE TABLE edges (id INTEGER PRIMARY KEY, s VARCHAR(20), b BIGINT, d DOUBLE, j JSON)",
          "postgresql": "CREATE TABLE edges (id INTEGER PRIMARY KEY, s VARCHAR(20), b BIGINT, d DOUBLE PRECISION, "
                        "j JSONB)"}


@pytest.fixture
def edges(db, open_window, qtbot):
    with db.engine.begin() as conn:
        conn.exec_driver_sql(_EDGES[db.dialect])
        conn.exec_driver_sql("""INSERT INTO edges VALUES (1, 'ada', 1, 0.5, '{"a": 1}'), """
                             """(2, 'Bob', 2, 1.5, '[1]')""")
    return open_grid(db, open_window, qtbot, "edges", 1)


def _rows(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT s, b, d FROM edges ORDER BY id")]


def test_edge_values_typed_land_exactly(edges, db, qtbot) -> None:
    tab = edges
    type_into(qtbot, tab, 0, 1, "Ada")  # case only
    type_into(qtbot, tab, 1, 1, "  Bob  ")  # whitespace around
    type_into(qtbot, tab, 0, 2, "9223372036854775807")
    type_into(qtbot, tab, 1, 2, "-9223372036854775808")
    type_into(qtbot, tab, 0, 3, "0.30000000000000004")
    type_into(qtbot, tab, 1, 3, "1e-300")
    type_into(qtbot, tab, 0, 4, '{"a": [1, 2.5, "x"]}')
    assert tab.model.pending == "2 rows edited"
    type_into(qtbot, tab, 1, 3, "1e999")  # past a double's range: refused, not stored as infinity or 0
    assert "out of its range" in tab.error.text()
    type_into(qtbot, tab, 1, 3, "1e-999")
    assert "out of its range" in tab.error.text()
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert _rows(db) == [("Ada", 2**63 - 1, 0.30000000000000004), ("  Bob  ", -2**63, 1e-300)]
    import json
    with db.engine.connect() as conn:
        doc = conn.exec_driver_sql("SELECT j FROM edges WHERE id = 1").scalar()
    assert (json.loads(doc) if isinstance(doc, str) else doc) == {"a": [1, 2.5, "x"]}

"""The ER diagram as data: read from the reflected schema (three backends) or the declared models, and
laid out so that no two boxes overlap and referenced tables sit above the tables pointing at them,
at 200 tables as at 3."""

from __future__ import annotations

import random

import pytest

from guiapp.core.schema import erd
from guiapp.core.errors import GuiappError
from guiapp.core.schema.catalog import catalog_for


def _overlapping(boxes: dict) -> list[tuple[str, str]]:
    found = []
    items = list(boxes.items())
    for i, (a, (ax, ay, aw, ah)) in enumerate(items):
        for b, (bx, by, bw, bh) in items[i + 1:]:
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                found.append((a, b))
    return found


def _sizes(table: erd.ErdTable) -> tuple[float, float]:
    return 60 + 7 * max(len(table.name), 10), 20 + 16 * len(table.columns)


def test_the_reflected_schema_has_its_tables_keys_and_links(db, models) -> None:
    from guiapp.core.schema.ddl import create_models
    create_models(db, models)
    diagram = erd.layout(erd.from_catalog(catalog_for(db), db.display), _sizes)
    assert {"users", "books", "persons", "hobbies", "person_hobby"} <= {t.name for t in diagram.tables}
    books = diagram.table("books")
    marks = {c.name: (c.primary_key, c.foreign_key) for c in books.columns}
    assert marks["id"] == (True, False) and marks["user_id"] == (False, True)
    assert ("users", "books") in diagram.paths  # one line, referenced table first
    assert {("persons", "person_hobby"), ("hobbies", "person_hobby")} <= set(diagram.paths)
    assert not _overlapping(diagram.boxes)
    user_y, book_y = diagram.boxes["users"][1], diagram.boxes["books"][1]
    assert user_y < book_y  # the referenced table above
    first, last = diagram.paths[("users", "books")][0], diagram.paths[("users", "books")][-1]
    ux, uy, uw, uh = diagram.boxes["users"]
    assert first[1] == pytest.approx(uy + uh)  # the line leaves the bottom of users ...
    assert last[1] == pytest.approx(book_y)  # ... and meets the top of books


def test_the_declared_models_are_drawn_without_a_database(models) -> None:
    diagram = erd.layout(erd.from_metadata(models.metadata, models.source), _sizes)
    assert {t.name for t in diagram.tables} == set(models.metadata.tables)
    assert ("users", "books") in diagram.paths
    only = diagram.only(["users", "books"])
    assert [t.name for t in only.tables] == ["users", "books"] and len(only.links) == 1
    with pytest.raises(GuiappError, match="'nosuch' is not a table here"):
        diagram.only(["nosuch"])


def test_two_hundred_tables_with_cycles_and_self_references_do_not_overlap() -> None:
    rng = random.Random(7)
    tables, links = [], []
    for i in range(200):
        columns = [erd.ErdColumn("id", "INTEGER", primary_key=True)]
        for j in range(rng.randint(0, 8)):
            columns.append(erd.ErdColumn(f"c{j}", "VARCHAR(40)"))
        tables.append(erd.ErdTable(f"table_{i:03}", tuple(columns)))
        for _ in range(rng.randint(0, 2) if i else 0):
            links.append(erd.ErdLink(f"table_{i:03}", f"table_{rng.randrange(i):03}", ("ref",)))
    links += [erd.ErdLink("table_001", "table_150", ("back",)),  # a cycle
              erd.ErdLink("table_010", "table_010", ("parent_id",))]  # a self-reference
    for order in range(4):  # the layout's inner order follows the input's: try several
        rng.shuffle(tables)
        diagram = erd.layout(erd.Diagram(list(tables), links), _sizes)
        assert len(diagram.boxes) == 200
        assert not _overlapping(diagram.boxes), order
    x, y, w, h = diagram.boxes["table_010"]
    loop = diagram.paths[("table_010", "table_010")]  # a self-reference: a loop on its right side
    assert loop[0][0] == loop[-1][0] == x + w and all(y <= py <= y + h for _px, py in loop)


def test_unrelated_tables_are_packed_into_a_block_not_one_endless_row() -> None:
    tables = [erd.ErdTable(f"t{i}", (erd.ErdColumn("id", "INTEGER", primary_key=True),) * (1 + i % 7))
              for i in range(200)]
    diagram = erd.layout(erd.Diagram(tables, []), _sizes)
    width = max(x + w for x, _y, w, _h in diagram.boxes.values())
    height = max(y + h for _x, y, _w, h in diagram.boxes.values())
    assert not _overlapping(diagram.boxes)
    assert width < 3 * height and height < 3 * width

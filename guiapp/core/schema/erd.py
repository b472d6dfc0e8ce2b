"""An entity-relationship diagram as data: tables with their columns and keys, foreign keys as edges,
and a layered layout (grandalf's Sugiyama) packed component by component. No Qt: the window draws
it, and ``guiapp erd`` renders it to a file, from the same positions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from guiapp.core.errors import GuiappError


@dataclass(frozen=True)
class ErdColumn:
    name: str
    type: str
    primary_key: bool = False
    foreign_key: bool = False
    nullable: bool = True


@dataclass(frozen=True)
class ErdTable:
    name: str
    columns: tuple[ErdColumn, ...]
    kind: str = "table"


@dataclass(frozen=True)
class ErdLink:
    """A foreign key of ``source`` (columns) pointing at ``target``."""
    source: str
    target: str
    columns: tuple[str, ...]


@dataclass
class Diagram:
    """What is drawn: tables and links, with ``boxes`` (x, y, width, height: top left) and ``paths``
    (a polyline per pair of linked tables, keyed (referenced, referencing); a table that references
    itself gets a loop on its right side) once ``layout`` has run. Several foreign keys between one
    pair share a line: count ``links`` for the foreign keys, ``paths`` for the lines."""
    tables: list[ErdTable]
    links: list[ErdLink]
    title: str = ""
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    paths: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)

    def table(self, name: str) -> ErdTable:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)

    def only(self, names: Iterable[str]) -> "Diagram":
        """The named tables and the links between them; an unknown name is an error that lists them."""
        wanted = list(names)
        known = {t.name for t in self.tables}
        unknown = [n for n in wanted if n not in known]
        if unknown:
            raise GuiappError(f"{unknown[0]!r} is not a table here ({', '.join(sorted(known)) or 'none'}).")
        keep = set(wanted)
        return Diagram([t for t in self.tables if t.name in keep],
                       [ln for ln in self.links if ln.source in keep and ln.target in keep], self.title)


def from_catalog(catalog: Any, title: str = "") -> Diagram:
    """The reflected schema (tables and views of the default schema), read in bulk."""
    tables, links = [], []
    for summary, info in catalog.tables():
        if isinstance(info, GuiappError) or summary.schema is not None:
            continue  # a broken view, or another schema: not drawn
        fk_columns = {c for fk in info.foreign_keys for c in fk.columns}
        tables.append(ErdTable(info.name, tuple(
            ErdColumn(c.name, c.type, c.primary_key, c.name in fk_columns, c.nullable) for c in info.columns),
            info.kind))
        links += [ErdLink(info.name, fk.referred_table, fk.columns) for fk in info.foreign_keys]
    return _linked(tables, links, title)


def from_metadata(metadata: Any, title: str = "") -> Diagram:
    """Declared SQLAlchemy models (a MetaData), drawn as they are declared, without a database."""
    tables, links = [], []
    for table in metadata.sorted_tables:
        tables.append(ErdTable(table.name, tuple(
            ErdColumn(c.name, _type_text(c.type), c.primary_key, bool(c.foreign_keys), bool(c.nullable))
            for c in table.columns)))
        for fk in table.foreign_key_constraints:
            links.append(ErdLink(table.name, fk.referred_table.name, tuple(fk.column_keys)))
    return _linked(tables, links, title)


def _type_text(type_: Any) -> str:
    try:
        return str(type_)
    except Exception:  # a type that needs a dialect to print (e.g. a custom TypeDecorator)
        return type(type_).__name__


def _linked(tables: list[ErdTable], links: list[ErdLink], title: str) -> Diagram:
    """Links to tables that are drawn (a foreign key into another schema is not)."""
    names = {t.name for t in tables}
    return Diagram(tables, [ln for ln in links if ln.target in names], title)


class _View:
    """grandalf's per-vertex and per-edge view: its size in, its position (centre) or path out."""

    def __init__(self, w: float = 0, h: float = 0) -> None:
        self.w, self.h = w, h
        self.xy: tuple[float, float] = (0.0, 0.0)
        self.points: list[tuple[float, float]] = []

    def setpath(self, points: list[Any]) -> None:
        self.points = [(float(x), float(y)) for x, y in points]


GAP = 60.0  # between boxes of one component, and between components


def layout(diagram: Diagram, size_of: Callable[[ErdTable], tuple[float, float]]) -> Diagram:
    """Place every table: a layered layout per connected component (referenced tables above the
    tables that point at them), components packed in rows about as wide as the whole is tall."""
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    vertices = {t.name: Vertex(t.name) for t in diagram.tables}
    for t in diagram.tables:
        vertices[t.name].view = _View(*size_of(t))
    edges, seen = [], set()
    for link in diagram.links:
        pair = (link.target, link.source)
        if link.source == link.target or pair in seen:
            continue  # one line per pair of tables; a self-reference is a loop, drawn below
        seen.add(pair)
        edge = Edge(vertices[link.target], vertices[link.source])
        edge.view = _View()
        edges.append((pair, edge))
    graph = Graph(list(vertices.values()), [e for _, e in edges])

    placed: list[tuple[list[Any], float, float, float, float]] = []  # (vertices, min x, min y, w, h)
    for component in graph.C:
        if len(component.sV) > 1:
            sugiyama = SugiyamaLayout(component)
            sugiyama.xspace, sugiyama.yspace = GAP, GAP * 1.5
            sugiyama.init_all()
            sugiyama.draw()
        members = list(component.sV)
        _spread_layers(members)
        left = min(v.view.xy[0] - v.view.w / 2 for v in members)
        top = min(v.view.xy[1] - v.view.h / 2 for v in members)
        right = max(v.view.xy[0] + v.view.w / 2 for v in members)
        bottom = max(v.view.xy[1] + v.view.h / 2 for v in members)
        placed.append((members, left, top, right - left, bottom - top))

    # Shelf packing: the largest components first, rows about as wide as the total is high.
    placed.sort(key=lambda p: (-len(p[0]), -p[3] * p[4]))
    area = sum((w + GAP) * (h + GAP) for _, _, _, w, h in placed)
    row_width = max(math.sqrt(area) * 1.4, max((w for *_, w, _h in placed), default=0))
    x = y = row_height = 0.0
    offsets: dict[str, tuple[float, float]] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for members, left, top, w, h in placed:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        dx, dy = x - left, y - top
        for v in members:
            cx, cy = v.view.xy
            boxes[v.data] = (cx - v.view.w / 2 + dx, cy - v.view.h / 2 + dy, v.view.w, v.view.h)
            offsets[v.data] = (dx, dy)
        x += w + GAP
        row_height = max(row_height, h)
    diagram.boxes = boxes
    diagram.paths = {}
    for (target, source), edge in edges:
        dx, dy = offsets[source]
        points = edge.view.points or [vertices[target].view.xy, vertices[source].view.xy]
        diagram.paths[(target, source)] = _clip_to_boxes([(px + dx, py + dy) for px, py in points],
                                                         boxes[target], boxes[source])
    for link in diagram.links:
        if link.source == link.target and link.source in boxes:
            diagram.paths[(link.source, link.source)] = _loop(boxes[link.source])
    return diagram


LOOP = 24.0  # how far a self-reference's loop reaches out of its box (less than GAP / 2)


def _loop(box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """A self-reference: out of the box's right edge near its top and back in a little lower, the
    first point on the box (where the arrow goes, as for any link's referenced end)."""
    x, y, w, h = box
    top, bottom = y + min(14.0, h / 3), y + min(14.0 + LOOP, h * 2 / 3)
    return [(x + w, top), (x + w + LOOP, top), (x + w + LOOP, bottom), (x + w, bottom)]


def _spread_layers(members: list[Any]) -> None:
    """Push apart boxes of one layer that the layout left overlapping (it spaces centres by the median
    width, so a wide box can cover its neighbour), then layers that a tall box reaches into."""
    layers: dict[float, list[Any]] = {}
    for v in members:
        layers.setdefault(round(v.view.xy[1], 3), []).append(v)
    for row in layers.values():
        row.sort(key=lambda v: v.view.xy[0])
        for a, b in zip(row, row[1:]):
            least = a.view.xy[0] + a.view.w / 2 + GAP / 2 + b.view.w / 2
            if b.view.xy[0] < least:
                b.view.xy = (least, b.view.xy[1])
    shift, previous_bottom = 0.0, None
    for y in sorted(layers):  # top to bottom; a layer moved down moves every layer below it too
        row = layers[y]
        top = min(v.view.xy[1] - v.view.h / 2 for v in row) + shift
        if previous_bottom is not None and top < previous_bottom + GAP / 2:
            shift += previous_bottom + GAP / 2 - top
        for v in row:
            v.view.xy = (v.view.xy[0], v.view.xy[1] + shift)
        previous_bottom = max(v.view.xy[1] + v.view.h / 2 for v in row)


def _clip_to_boxes(points: list[tuple[float, float]], start_box: tuple[float, float, float, float],
                   end_box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """A line from the bottom edge of the referenced table to the top edge of the referencing one
    (or the reverse, when the layout put it higher), so the lines meet the boxes, not their centres."""
    if len(points) < 2:
        return points
    sx, sy, sw, sh = start_box
    ex, ey, ew, eh = end_box
    first, last = points[0], points[-1]
    below = ey >= sy
    first = (min(max(first[0], sx + 8), sx + sw - 8), sy + sh if below else sy)
    last = (min(max(last[0], ex + 8), ex + ew - 8), ey if below else ey + eh)
    return [first, *points[1:-1], last]

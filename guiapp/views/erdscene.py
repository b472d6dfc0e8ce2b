"""Drawing an ER diagram: a box per table (name, then its columns with PK / FK marks and types), a line
per foreign key with an arrow at the referenced table; and writing it to SVG or PNG. The window's
diagram tab and ``guiapp erd`` draw from the same scene."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from guiapp.core.schema.erd import Diagram, ErdTable
from guiapp.core.errors import GuiappError

MAX_ROWS = 30  # columns listed in one box; the rest are counted
PAD = 8.0
MARK = 26.0  # the PK / FK column
HEADER = QColor("#2f5d8a")
VIEW_HEADER = QColor("#6b6b6b")
FOUND = QColor("#f2b632")
LINE = QColor("#7a8a9a")
FOREIGN = QColor("#2f6f3a")


def fonts() -> tuple[QFont, QFont]:
    body = QFont()
    body.setPointSizeF(9)
    bold = QFont(body)
    bold.setBold(True)
    return body, bold


def _rows(table: ErdTable) -> list[tuple[str, str, str, bool]]:
    """(mark, name, type, is a foreign key) per line: a key column that is also a foreign key is
    marked PK, its name drawn in the foreign-key colour."""
    rows = [("PK" if c.primary_key else "FK" if c.foreign_key else "", c.name, c.type, c.foreign_key)
            for c in table.columns]
    if len(rows) > MAX_ROWS:
        rows = rows[:MAX_ROWS - 1] + [("", f"… {len(rows) - MAX_ROWS + 1} more columns", "", False)]
    return rows


def box_sizes(diagram: Diagram) -> dict[str, tuple[float, float]]:
    """Each box's size for the fonts it is drawn with (measured here, on the GUI thread)."""
    body, bold = fonts()
    plain, strong = QFontMetricsF(body), QFontMetricsF(bold)
    line = plain.height() + 2
    sizes = {}
    for table in diagram.tables:
        rows = _rows(table)
        names = max((plain.horizontalAdvance(r[1]) for r in rows), default=0)
        types = max((plain.horizontalAdvance(r[2]) for r in rows), default=0)
        width = max(strong.horizontalAdvance(table.name) + 2 * PAD, MARK + names + types + 3 * PAD, 120)
        sizes[table.name] = (width, line * (len(rows) + 1) + PAD)
    return sizes


class TableBox(QGraphicsItem):
    """One table: selectable; ``found`` marks a search match."""

    def __init__(self, table: ErdTable, rect: tuple[float, float, float, float]) -> None:
        super().__init__()
        self.table = table
        self.found = False
        x, y, w, h = rect
        self.setPos(x, y)
        self._size = QRectF(0, 0, w, h)
        self._rows = _rows(table)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setToolTip(f"{table.kind} {table.name}: {len(table.columns)} columns. Double-click to open it.")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        return self._size.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: Any, _widget: Any = None) -> None:
        body, bold = fonts()
        far = option.levelOfDetailFromTransform(painter.worldTransform()) < 0.35
        line = QFontMetricsF(body).height() + 2
        rect = self._size
        edge = FOUND if self.found else QColor("#1d3b57") if self.isSelected() else QColor("#9aa7b4")
        painter.setPen(QPen(edge, 3 if self.found or self.isSelected() else 1))
        painter.setBrush(QBrush(QColor("#ffffff")))
        painter.drawRoundedRect(rect, 4, 4)
        header = QRectF(rect.left(), rect.top(), rect.width(), line + PAD / 2)
        painter.fillRect(header.adjusted(1, 1, -1, 0), VIEW_HEADER if self.table.kind == "view" else HEADER)
        if far:  # zoomed far out: text would be specks, and 200 boxes of it slow every frame
            return
        painter.setFont(bold)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(header.adjusted(PAD, 0, -PAD, 0), Qt.AlignmentFlag.AlignVCenter, self.table.name)
        painter.setFont(body)
        y = header.bottom() + 2
        for mark, name, type_, foreign in self._rows:
            row = QRectF(rect.left() + PAD, y, rect.width() - 2 * PAD, line)
            painter.setPen(QColor("#a06000") if mark == "PK" else FOREIGN)
            painter.drawText(row, Qt.AlignmentFlag.AlignVCenter, mark)
            painter.setPen(FOREIGN if foreign else QColor("#1b1b1b"))
            painter.drawText(row.adjusted(MARK, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, name)
            painter.setPen(QColor("#707070"))
            painter.drawText(row, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, type_)
            y += line


def _link_item(points: list[tuple[float, float]], tooltip: str) -> QGraphicsPathItem:
    path = QPainterPath(QPointF(*points[0]))
    for point in points[1:]:
        path.lineTo(QPointF(*point))
    # The arrow points at the referenced table: the first point, where the line leaves it.
    tip, after = QPointF(*points[0]), QPointF(*points[1])
    direction = after - tip
    length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-6)
    ux, uy = direction.x() / length, direction.y() / length
    base = tip + QPointF(ux * 10, uy * 10)
    arrow = QPolygonF([tip, base + QPointF(-uy * 5, ux * 5), base + QPointF(uy * 5, -ux * 5), tip])
    path.addPolygon(arrow)
    item = QGraphicsPathItem(path)
    item.setPen(QPen(LINE, 1.4))
    item.setToolTip(tooltip)
    item.setZValue(-1)
    return item


def build_scene(diagram: Diagram, scene: QGraphicsScene | None = None) -> QGraphicsScene:
    """A scene holding ``diagram`` (laid out already); the boxes are the scene's TableBox items."""
    scene = scene if scene is not None else QGraphicsScene()
    scene.clear()
    scene.setBackgroundBrush(QBrush(QColor("#f7f8fa")))
    for table in diagram.tables:
        scene.addItem(TableBox(table, diagram.boxes[table.name]))
    described: dict[tuple[str, str], list[str]] = {}
    for link in diagram.links:
        described.setdefault((link.target, link.source), []).append(
            f"{link.source}({', '.join(link.columns)}) → {link.target}")
    for pair, points in diagram.paths.items():
        scene.addItem(_link_item(points, "\n".join(described[pair])))
    scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))
    return scene


def boxes(scene: QGraphicsScene) -> list[TableBox]:
    return [item for item in scene.items(Qt.SortOrder.AscendingOrder) if isinstance(item, TableBox)]


MAX_PNG_SIDE = 12000  # pixels: a 200-table schema stays under ~500 MB of image memory


def write_image(scene: QGraphicsScene, path: str | Path) -> Path:
    """The whole scene as ``.svg`` or ``.png`` (by the file's suffix), drawn in memory, then written
    as exports are: beside the file, replacing it only once complete (a full disk leaves the
    earlier diagram as it was, and says so)."""
    from PySide6.QtCore import QBuffer, QIODevice

    from guiapp.core.data.exportfile import PartialFile, resolve_target
    path = Path(path)
    source = scene.sceneRect()
    suffix = path.suffix.lower()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".svg":
        from PySide6.QtSvg import QSvgGenerator
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(int(source.width()), int(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle("ER diagram")
        generator.setDescription("Drawn by guiapp")
        painter = QPainter(generator)
        scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
        painter.end()
    elif suffix == ".png":
        scale = min(2.0, MAX_PNG_SIDE / max(source.width(), source.height(), 1))
        image = QImage(max(1, int(source.width() * scale)), max(1, int(source.height() * scale)),
                       QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(image.rect()), source)
        painter.end()
        if not image.save(buffer, "PNG"):
            raise GuiappError(f"Could not draw {path.name}: the image is too large to encode.")
    else:
        raise GuiappError(f"{path.name}: the diagram is written as .svg or .png; give the file one of those names.")
    buffer.close()
    target, mode = resolve_target(path)
    with PartialFile(target, mode, shown=path) as out:
        out.write(bytes(buffer.data()))
    return path

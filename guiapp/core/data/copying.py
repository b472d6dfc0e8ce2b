"""Cells as clipboard text for other tools, and clipboard text back into cells.

TSV with a header row is what spreadsheets paste into columns; CSV, JSON and SQL
come from the export writers, so a copied value reads exactly as an exported one;
Markdown suits issues and chat. Pasting reads TSV as spreadsheets write it (quoted
cells may hold tabs, line breaks and doubled quotes).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any, Sequence

from guiapp.core.backends.base import quote_plain
from guiapp.core.data.output import make_writer
from guiapp.core.values import to_text

if TYPE_CHECKING:
    from guiapp.core.connect.database import Database

COPY_FORMATS = ("tsv", "csv", "json", "markdown", "sql")


def _tsv_cell(value: Any) -> str:
    text = "" if value is None else to_text(value)
    if any(c in text for c in '\t\n\r"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _markdown_cell(value: Any) -> str:
    text = "NULL" if value is None else to_text(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


def copy_text(fmt: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, table: str = "result",
              db: "Database | None" = None) -> str:
    """``rows`` under ``columns`` as text in ``fmt`` (one of COPY_FORMATS); SQL INSERTs are quoted
    and their literals written for ``db``'s database (standard SQL without one)."""
    if fmt == "tsv":
        lines = ["\t".join(_tsv_cell(c) for c in columns)]
        lines += ["\t".join(_tsv_cell(v) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "markdown":
        lines = ["| " + " | ".join(_markdown_cell(c) for c in columns) + " |",
                 "|" + "|".join(" --- " for _ in columns) + "|"]
        lines += ["| " + " | ".join(_markdown_cell(v) for v in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    out = io.StringIO()
    extra: dict[str, Any] = {}
    if fmt == "sql":
        extra = {"table": table}
        if db is not None:
            dialect = db.engine.dialect
            extra.update(quote=lambda name: quote_plain(dialect, name), literal=db.backend.literal)
    writer = make_writer(fmt, out, columns, **extra)
    writer.write(list(rows))
    writer.close()
    return out.getvalue()


def single_value_text(value: Any) -> str:
    """One cell copied alone: its value as text, NULL as nothing (what the user pastes elsewhere)."""
    return "" if value is None else to_text(value)


def parse_tsv(text: str) -> list[list[str]]:
    """Clipboard text from a spreadsheet (or from guiapp) as rows of cells."""
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"')]

"""Files that open in an in-memory DuckDB (Parquet, CSV, JSON) or are DuckDB databases, by name.

Apart from duckdb.py and free of imports, so the command line and the window's start-up can tell
such a file from a command or a SQLite file without loading SQLAlchemy.
"""

from __future__ import annotations

import os

#: file suffix -> the DuckDB function that reads such a file as a table.
DATA_FILES = {".parquet": "read_parquet", ".csv": "read_csv_auto", ".tsv": "read_csv_auto",
              ".json": "read_json_auto", ".jsonl": "read_json_auto", ".ndjson": "read_json_auto"}
DUCKDB_SUFFIXES = (".duckdb", ".ddb")


def is_duckdb_file(text: str) -> bool:
    """True for a path (not a URL) named like a DuckDB database or a data file DuckDB reads."""
    text = text.strip().lower()
    return "://" not in text and (text.endswith(DUCKDB_SUFFIXES) or os.path.splitext(text)[1] in DATA_FILES)


def duckdb_url_for(path: str) -> str:
    """The URL that opens ``path`` (absolute, so a later cwd does not matter) in DuckDB."""
    return f"duckdb:///{os.path.abspath(os.path.expanduser(path.strip()))}"

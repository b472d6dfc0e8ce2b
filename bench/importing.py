"""Import of a million-row CSV against the database's own bulk loader, and committing 1,000 edited
cells from a grid against the same UPDATEs sent by the raw driver."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from common import DATA
from harness import Row, median, raw_connection

IMPORT_ROWS = 1_000_000
EDITS = 1_000
_COLUMNS = "id INTEGER PRIMARY KEY, name VARCHAR(40), email VARCHAR(60), score INTEGER, note VARCHAR(40)"


def _csv() -> Path:
    path = DATA / "import.csv"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("id,name,email,score,note\n")
            for i in range(1, IMPORT_ROWS + 1):
                f.write(f"{i},Name {i},user{i}@example.org,{i % 1000},{'' if i % 5 == 0 else f'note {i}'}\n")
    return path


def _ensure_database(url: str) -> None:
    """The benchmark database exists even before bench/generate.py has run."""
    from sqlalchemy.engine import make_url
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        import sqlite3
        DATA.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(u.database).close()
        return
    import pymysql
    raw = pymysql.connect(host=u.host, port=u.port or 3306, user=u.username, password=u.password or "")
    raw.cursor().execute(f"CREATE DATABASE IF NOT EXISTS `{u.database}`")
    raw.close()


def _fresh(url: str, table: str) -> None:
    _ensure_database(url)
    raw = raw_connection(url)
    cur = raw.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {table}")
    cur.execute(f"CREATE TABLE {table} ({_COLUMNS})")
    raw.commit()
    raw.close()


def _native_load(url: str, path: Path, table: str) -> float:
    """The database's own loader: the sqlite3 shell's .import, or LOAD DATA LOCAL INFILE."""
    from sqlalchemy.engine import make_url
    u = make_url(url)
    start = time.perf_counter()
    if u.get_backend_name() == "sqlite":
        subprocess.run(["sqlite3", u.database, f".import --csv --skip 1 {path} {table}"], check=True)
    else:
        import pymysql
        raw = pymysql.connect(host=u.host, port=u.port or 3306, user=u.username, password=u.password or "",
                              database=u.database, local_infile=True)
        with raw.cursor() as cur:
            cur.execute(f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {table} FIELDS TERMINATED BY ',' "
                        "LINES TERMINATED BY '\\n' IGNORE 1 LINES (id, name, email, score, @note) "
                        "SET note = NULLIF(@note, '')")
        raw.commit()
        raw.close()
    return time.perf_counter() - start


def bench_import(url: str, runs: int) -> list[Row]:
    from guiapp.core.connect.database import Database
    from guiapp.core.data.importing import import_file
    from guiapp.core.schema.catalog import catalog_for
    from guiapp.core.data.sniffing import sniff
    path = _csv()
    _ensure_database(url)
    db = Database(url).open()
    ours, base = [], []
    for _ in range(max(runs // 2, 1)):  # a million rows a run: fewer runs
        _fresh(url, "bench_import")
        base.append(_native_load(url, path, "bench_import"))
        _fresh(url, "bench_import")
        catalog_for(db).invalidate()  # the table was made again behind guiapp's back
        start = time.perf_counter()
        result = import_file(db, path, "bench_import", sniff(path))
        ours.append(time.perf_counter() - start)
        assert result.rows == IMPORT_ROWS, result.rows
    _drop(url, "bench_import")
    db.engine.dispose()
    loader = "sqlite3 .import" if url.startswith("sqlite") else "LOAD DATA LOCAL INFILE"
    return [{"what": f"import a {IMPORT_ROWS:,}-row CSV (baseline: {loader})", "value": median(ours), "unit": "s",
             "baseline": median(base), "ratio": median(ours) / median(base), "target": "(for information)"}]


def bench_edit_commit(url: str, runs: int) -> list[Row]:
    """Commit 1,000 cells edited in a grid (guarded UPDATEs, signals) vs 1,000 plain UPDATEs."""
    from guiapp.core.connect.database import Database
    from guiapp.core.data.edits import EditBuffer, edit_key
    from guiapp.core.data.saving import save_edits
    from guiapp.core.schema.catalog import catalog_for
    _fresh(url, "bench_edits")
    raw = raw_connection(url)
    cur = raw.cursor()
    mark = "?" if url.startswith("sqlite") else "%s"
    cur.executemany(f"INSERT INTO bench_edits VALUES ({', '.join([mark] * 5)})",
                    [(i, f"Name {i}", f"u{i}@example.org", i, None) for i in range(1, 10_001)])
    raw.commit()
    db = Database(url).open()
    info = catalog_for(db).table("bench_edits")
    ours, base = [], []
    for run in range(runs):
        cur.execute("SELECT id, name, email, score, note FROM bench_edits WHERE id <= %d ORDER BY id" % EDITS)
        rows = [tuple(r) for r in cur.fetchall()]
        raw.commit()
        start = time.perf_counter()
        cur.executemany(f"UPDATE bench_edits SET name = {mark} WHERE id = {mark}",
                        [(f"raw {run} {r[0]}", r[0]) for r in rows])
        raw.commit()
        base.append(time.perf_counter() - start)
        cur.execute("SELECT id, name, email, score, note FROM bench_edits WHERE id <= %d ORDER BY id" % EDITS)
        rows = [tuple(r) for r in cur.fetchall()]
        raw.commit()
        buffer = EditBuffer(info, edit_key(info))
        for r in rows:
            buffer.set_value(r, 1, f"grid {run} {r[0]}")
        start = time.perf_counter()
        report = save_edits(db, buffer)
        ours.append(time.perf_counter() - start)
        assert report.updated == EDITS, report
    raw.close()
    _drop(url, "bench_edits")
    db.engine.dispose()
    return [{"what": f"commit {EDITS:,} edited cells (baseline: {EDITS:,} UPDATEs, raw driver)",
             "value": median(ours) * 1000, "unit": "ms", "baseline": median(base) * 1000,
             "ratio": median(ours) / median(base), "target": "(for information)"}]


def _drop(url: str, table: str) -> None:
    raw = raw_connection(url)
    raw.cursor().execute(f"DROP TABLE IF EXISTS {table}")
    raw.commit()
    raw.close()

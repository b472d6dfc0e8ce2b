"""Import of a 200,000-row CSV as a whole `guiapp import` process against the issue's baselines (a
million rows against the database's own loader, for information), and committing 1,000 edited cells
from a grid against the same UPDATEs sent by the raw driver."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Callable

from common import DATA
from harness import Row, median, raw_connection

IMPORT_ROWS = 1_000_000
PROCESS_ROWS = 200_000
EDITS = 1_000
_COLUMNS = "id INTEGER PRIMARY KEY, name VARCHAR(40), email VARCHAR(60), score INTEGER, note VARCHAR(40)"


def _csv(rows: int = IMPORT_ROWS) -> Path:
    path = DATA / ("import.csv" if rows == IMPORT_ROWS else f"import-{rows}.csv")
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("id,name,email,score,note\n")
            for i in range(1, rows + 1):
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


# -- import of 200,000 rows into an existing table, whole processes, against the baselines ---
# Each baseline reads the same CSV with the csv module and sends it the plain way (an unquoted empty
# field as NULL), in one transaction, as a process of its own.
RAW_IMPORT = """
import csv, sys
url_kind, target, path = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    next(reader)
    rows = [(int(a), b, c, int(d), e or None) for a, b, c, d, e in reader]
if url_kind == "sqlite":
    import sqlite3
    con = sqlite3.connect(target)
    con.executemany("INSERT INTO bench_import VALUES (?, ?, ?, ?, ?)", rows)
else:
    import pymysql
    host, port, user, password, database = target.split("|")
    con = pymysql.connect(host=host, port=int(port), user=user, password=password, database=database)
    con.cursor().executemany("INSERT INTO bench_import (id, name, email, score, note) "
                             "VALUES (%s, %s, %s, %s, %s)", rows)
con.commit()
con.close()
"""


def _race_imports(ours: list[str], theirs: list[str], fresh: Callable[[], None],
                  runs: int) -> tuple[list[float], list[float]]:
    """Both commands alternately into an emptied table, after one warm-up run each."""
    from exporting import _process_env, _timed
    env = _process_env()
    mine, base = [], []
    for i in range(runs + 1):
        fresh()
        took_base = _timed(theirs, env)
        fresh()
        took_ours = _timed(ours, env)
        if i:  # the first: the OS file cache, and guiapp's bytecode written as a first start writes it
            base.append(took_base)
            mine.append(took_ours)
    return mine, base


def _process_row(what: str, ours: list[float], base: list[float]) -> Row:
    return {"what": f"guiapp import of {PROCESS_ROWS:,} CSV rows, whole process (vs {what})", "value": median(ours),
            "unit": "s", "baseline": median(base), "ratio": median(ours) / median(base), "target": "<= 1.5x"}


def bench_import_process(url: str, runs: int) -> list[Row]:
    """SQLite and MariaDB: `guiapp import` into an existing table against the raw driver's executemany
    of the same rows in one transaction (sqlite3; PyMySQL, which sends multi-row INSERTs)."""
    import sys
    from sqlalchemy.engine import make_url
    from exporting import _guiapp
    path = _csv(PROCESS_ROWS)
    script = DATA / "raw_import.py"
    script.write_text(RAW_IMPORT)
    u = make_url(url)
    sqlite = u.get_backend_name() == "sqlite"
    target = u.database if sqlite else f"{u.host}|{u.port or 3306}|{u.username}|{u.password or ''}|{u.database}"
    ours, base = _race_imports([_guiapp(), "--url", url, "import", str(path), "bench_import"],
                               [sys.executable, str(script), "sqlite" if sqlite else "mysql", str(target), str(path)],
                               lambda: _fresh(url, "bench_import"), runs)
    _drop(url, "bench_import")
    script.unlink(missing_ok=True)
    return [_process_row("python sqlite3 executemany" if sqlite else "raw PyMySQL executemany", ours, base)]


def bench_import_postgresql(_url: str, runs: int) -> list[Row]:
    """`guiapp import` into an existing PostgreSQL table against `psql \\copy ... FROM` the same file."""
    import os

    import psycopg
    from sqlalchemy.engine import make_url
    from common import POSTGRESQL_URL
    from exporting import _guiapp
    u = make_url(POSTGRESQL_URL)
    path = _csv(PROCESS_ROWS)
    if u.password:
        os.environ["PGPASSWORD"] = u.password
    params = {"host": u.host or "127.0.0.1", "port": u.port or 5432, "user": u.username or "", "dbname": u.database}

    def fresh() -> None:
        with psycopg.connect(**params, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS bench_import")
            conn.execute(f"CREATE TABLE bench_import ({_COLUMNS})")
    psql = ["psql", "-X", "-q", "-h", params["host"], "-p", str(params["port"]), "-U", params["user"],
            "-d", u.database or "", "-c", f"\\copy bench_import FROM '{path}' WITH (FORMAT csv, HEADER)"]
    ours, base = _race_imports([_guiapp(), "--url", POSTGRESQL_URL, "import", str(path), "bench_import"], psql,
                               fresh, runs)
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute("DROP TABLE bench_import")
    return [_process_row("psql \\copy", ours, base)]

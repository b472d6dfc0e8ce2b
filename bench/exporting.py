"""Export of a million rows to CSV against a plain driver loop."""

from __future__ import annotations

import csv
import time

from common import BIG, BIG_ROWS, DATA
from harness import Row, median, raw_connection


# -- 3. export 1M rows to CSV vs a plain driver loop -----------------------------------------------
def bench_export(url: str, runs: int) -> list[Row]:
    from guiapp.core.database import Database
    from guiapp.core.export import export, table_select
    db = Database(url).open()
    ours, base = [], []
    target = DATA / "export.csv"
    for _ in range(runs):
        raw = raw_connection(url)
        start = time.perf_counter()
        if url.startswith("sqlite"):
            cur = raw.cursor()
        else:
            import pymysql.cursors
            cur = raw.cursor(pymysql.cursors.SSCursor)
        cur.execute(f"SELECT id, name, email, ctime, score, note FROM {BIG} ORDER BY id")
        with open(target, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([d[0] for d in cur.description])
            while True:
                rows = cur.fetchmany(5000)
                if not rows:
                    break
                writer.writerows(rows)
        cur.close()
        raw.close()
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = export(db, table_select(db, BIG), target)
        ours.append(time.perf_counter() - start)
        assert result.rows == BIG_ROWS, result.rows
    target.unlink(missing_ok=True)
    db.engine.dispose()
    return [{"what": f"export {BIG_ROWS:,} rows to CSV", "value": median(ours), "unit": "s",
             "baseline": median(base), "ratio": median(ours) / median(base), "target": "<= 1.2x"}]


# -- 4. cold start to a visible window vs a bare QMainWindow ----------------------------------------

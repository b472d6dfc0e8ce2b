"""Measure guiapp against baselines run in the same process or run, and write bench/results.md.

    .venv/bin/python bench/run.py [--runs 5] [--only NAME ...] [--db sqlite|mariadb]

Each row is a median over --runs runs. Needs bench/generate.py first.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The windows opened here remember their database as the last one used: keep that out of the
# user's own settings.
os.environ.setdefault("GUIAPP_DATA_DIR", tempfile.mkdtemp(prefix="guiapp-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cancelling import bench_stall, bench_stop  # noqa: E402
from catalogue import bench_catalogue  # noqa: E402
from common import urls  # noqa: E402
from exporting import (bench_export, bench_export_c, bench_export_postgresql,  # noqa: E402
                       bench_export_postgresql_inprocess, bench_export_process)
from grid import bench_first_page, bench_rss, rss_child  # noqa: E402
from harness import Row, app, verdict, write_results  # noqa: E402
from importing import (bench_edit_commit, bench_import, bench_import_postgresql,  # noqa: E402
                       bench_import_process)
from startup import bench_cold_start  # noqa: E402
from tree import bench_open_tables, bench_tree  # noqa: E402
from windowrss import bench_window_rss, window_child  # noqa: E402

BENCHES: dict[str, Callable[[str, int], list[Row]]] = {
    "first_page": bench_first_page, "rss": bench_rss, "export": bench_export,
    "export_c": bench_export_c, "export_process": bench_export_process, "export_pg": bench_export_postgresql,
    "export_pg_inprocess": bench_export_postgresql_inprocess,
    "cold_start": bench_cold_start, "stall": bench_stall, "stop": bench_stop, "catalogue": bench_catalogue,
    "tree": bench_tree, "open_tables": bench_open_tables, "import": bench_import, "edit_commit": bench_edit_commit,
    "import_process": bench_import_process, "import_pg": bench_import_postgresql,
    "window_rss": bench_window_rss,
}
#: benchmarks that run once and name their own database (or none)
ONCE = {"cold_start": "any", "catalogue": None, "tree": None, "open_tables": None, "export_pg": "postgresql",
        "import_pg": "postgresql", "export_pg_inprocess": "postgresql"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), default=None)
    parser.add_argument("--db", choices=sorted(urls()), nargs="*", default=None)
    args = parser.parse_args()
    app()
    rows: list[Row] = []
    for name in args.only or list(BENCHES):
        for db_name, url in urls().items():
            if args.db and db_name not in args.db:
                continue
            if name in ONCE and db_name != "sqlite":
                continue  # the window shows before it connects; the catalogue runs on each backend itself
            started = time.perf_counter()
            for row in BENCHES[name](url, args.runs):
                row.setdefault("db", ONCE.get(name) or db_name)
                row["verdict"] = verdict(row)
                rows.append(row)
                print(f"{row['db']:>8}  {row['what']:<62} {row['value']:>9.1f} {row['unit']:<22} "
                      f"baseline {row['baseline']:>9.1f}  ratio {row['ratio']:>5.2f}  {row['verdict']}"
                      f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    write_results(rows, args.runs)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_rss":
        app()
        rss_child(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "_window_rss":
        window_child(sys.argv[2])
    else:
        main()

"""The command line when the server dies under it: one line on stderr, a non-zero exit, no
half-written file, and no traceback from the connection pool after the message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

FILL = {
    "mysql": "CREATE TABLE big AS SELECT seq AS n, REPEAT('x', 200) AS pad FROM seq_1_to_400000",
    "postgresql": "CREATE TABLE big AS SELECT n, repeat('x', 200) AS pad FROM generate_series(1, 400000) AS n",
}


def test_a_server_dying_mid_export_leaves_one_line_and_no_file(private_server, tmp_path: Path) -> None:
    private_server.admin(FILL[private_server.kind])
    target = tmp_path / "big.csv"
    process = subprocess.Popen([sys.executable, "-m", "guiapp", "--url", private_server.url, "export", "big",
                                "-o", str(target)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONWARNINGS": "default"})
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > 200_000 for p in tmp_path.glob("*.part*")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the export never started writing"
        time.sleep(0.02)
    private_server.stop()
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "connection was lost" in lines[0] and "Traceback" not in err, err
    assert list(tmp_path.iterdir()) == []


SLEEP = {"mysql": "SELECT SLEEP(60)", "postgresql": "SELECT pg_sleep(60)"}


def test_ctrl_c_on_a_server_that_stopped_answering_returns_at_once(private_server) -> None:
    process = subprocess.Popen([sys.executable, "-m", "guiapp", "--url", private_server.url, "--connect-timeout", "2",
                                "query", SLEEP[private_server.kind]], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not private_server.busy("sleep"):  # connected, and the statement is running on the server
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the statement never reached the server"
        time.sleep(0.02)
    private_server.freeze()
    started = time.monotonic()
    process.send_signal(signal.SIGINT)  # the first Ctrl-C
    _out, err = process.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert process.returncode == 1 and err.strip().splitlines()[-1] == "Error: Query cancelled.", err
    assert "Traceback" not in err

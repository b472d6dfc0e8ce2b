"""Run a SQL script with the database's own command-line client (sqlite3, mysql, psql), as a user
runs what ``guiapp diff`` printed: stopping at the first error, foreign keys on for SQLite."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def _command(url) -> list[str]:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return ["sqlite3", "-bail", "-cmd", "PRAGMA foreign_keys=ON", str(url.database)]
    if backend in ("mysql", "mariadb"):
        command = ["mysql", "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306), "-u", url.username or "root"]
        if url.password:
            command.append(f"-p{url.password}")
        return [*command, url.database]
    if backend == "postgresql":
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.host or "127.0.0.1",
                "-p", str(url.port or 5432), "-U", url.username or "root", "-d", url.database]
    raise AssertionError(f"no client for {backend}")


def run_script(url, script: str | Path) -> subprocess.CompletedProcess:
    """Run ``script`` (text, or a file) with the client; the result's returncode says if it failed."""
    command = _command(url)
    if shutil.which(command[0]) is None:
        pytest.fail(f"the {command[0]} client is not installed (.ci/run installs it)")
    text = Path(script).read_text(encoding="utf-8") if isinstance(script, Path) else script
    return subprocess.run(command, input=text, capture_output=True, text=True, timeout=120)

"""Faults at the edges of the command line: the data directory, a full disk, odd URLs and models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import guiapp


@pytest.fixture
def unmakeable(tmp_path: Path) -> str:
    """A data directory that cannot be made: a file stands where its parent should be."""
    (tmp_path / "a_file").write_text("")
    return str(tmp_path / "a_file" / "guiapp")


def test_a_data_directory_that_cannot_be_made_is_one_sentence(unmakeable: str) -> None:
    env = {"GUIAPP_DATA_DIR": unmakeable}
    version = guiapp("--version", env=env)
    assert version.returncode == 0 and version.stdout.startswith("guiapp, version ")
    assert version.stderr == ""
    expected = (f"Error: Cannot create guiapp's data directory {unmakeable}: Not a directory. "
                "Point GUIAPP_DATA_DIR at a folder you can write.")
    tables = guiapp("tables", env=env)
    assert tables.returncode == 1
    assert tables.stderr.strip().splitlines() == [expected]


def test_the_window_without_a_data_directory_is_one_sentence(unmakeable: str) -> None:
    env = {**os.environ, "GUIAPP_DATA_DIR": unmakeable, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "guiapp"], capture_output=True, text=True, env=env,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: Cannot create guiapp's data directory {unmakeable}: Not a directory. "
        "Point GUIAPP_DATA_DIR at a folder you can write."]

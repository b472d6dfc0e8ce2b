"""The layers hold: the import contracts in pyproject.toml (import-linter) pass on the code as it is,
and they do fail when a forbidden import is added, so the rule is checked, not only drawn."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(package_root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    return subprocess.run([str(LINT), str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=package_root, env=env, capture_output=True, text=True, timeout=120)


def test_every_import_contract_is_kept() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def _copy_with(tmp_path: Path, module: str, line: str) -> Path:
    shutil.copytree(ROOT / "guiapp", tmp_path / "guiapp", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}\n")
    return tmp_path


def test_a_view_importing_a_backend_breaks_the_contracts(tmp_path: Path) -> None:
    result = _lint(_copy_with(tmp_path, "guiapp/views/gridcopy.py", "import guiapp.core.backends.base"))
    assert result.returncode != 0
    assert "guiapp.views.gridcopy -> guiapp.core.backends.base" in result.stdout


def test_a_lower_core_layer_importing_a_higher_one_breaks_the_contracts(tmp_path: Path) -> None:
    result = _lint(_copy_with(tmp_path, "guiapp/core/connect/urls.py", "import guiapp.core.data.export"))
    assert result.returncode != 0
    assert "guiapp.core.connect.urls -> guiapp.core.data.export" in result.stdout


def test_the_core_importing_qt_breaks_the_contracts(tmp_path: Path) -> None:
    result = _lint(_copy_with(tmp_path, "guiapp/core/run/query.py", "import PySide6.QtCore"))
    assert result.returncode != 0
    assert "guiapp.core.run.query -> PySide6" in result.stdout

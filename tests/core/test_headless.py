"""The core and the CLI import without Qt (harlequin's check): they must run without a display."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import guiapp.core

CORE_MODULES = sorted(m.name for m in pkgutil.walk_packages(guiapp.core.__path__, "guiapp.core."))


def test_core_modules_are_found() -> None:
    assert {"guiapp.core.connect.database", "guiapp.core.run.query", "guiapp.core.schema.catalog",
            "guiapp.core.backends.sqlite", "guiapp.core.backends.mysql",
            "guiapp.core.backends.postgresql"} <= set(CORE_MODULES)


def test_core_cli_signals_and_models_never_import_qt() -> None:
    modules = CORE_MODULES + ["guiapp.signals", "guiapp.models", "guiapp.cli"]
    code = ("import sys\n"
            f"for m in {modules!r}:\n"
            "    __import__(m)\n"
            "    leaked = [k for k in sys.modules if k.startswith('PySide6') or k.startswith('shiboken')]\n"
            "    assert not leaked, (m, leaked[:3])\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"

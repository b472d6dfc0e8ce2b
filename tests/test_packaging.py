"""What ``pip install guiapp`` (or pipx) gets: a wheel that holds every module, icon and the style sheet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.helpers.workers import source_tree_build

ROOT = Path(__file__).resolve().parents[1]

CHECK = r"""
import importlib, json, pkgutil, sys
import guiapp
modules = [m.name for m in pkgutil.walk_packages(guiapp.__path__, "guiapp.")]
for name in modules:
    if name != "guiapp.__main__":
        importlib.import_module(name)
from guiapp.views import resources
print(json.dumps({"package": guiapp.__file__, "root": str(resources.RESOURCES),
                  "icons": sorted(p.stem for p in (resources.RESOURCES / "icons").glob("*.svg")),
                  "style": len(resources.style_sheet()), "modules": len(modules)}))
"""


@pytest.mark.slow  # a package build: out of the quick tier, as the README says
def test_the_wheel_ships_every_module_icon_and_the_style_sheet(tmp_path) -> None:
    import json
    wheels = tmp_path / "wheels"
    with source_tree_build():
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                       check=True, capture_output=True, timeout=300)
    [wheel] = wheels.glob("guiapp-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    target = venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    # The dependencies come from this environment; guiapp itself only from the wheel (a .pth
    # on PYTHONPATH is not read, so this checkout's editable install cannot leak in).
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"], "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([str(venv / "bin" / "python"), "-c", CHECK], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["package"].startswith(str(target))
    assert found["root"] == str(target / "guiapp" / "_resources")
    assert found["style"] > 0
    used = set(re.findall(r'icon\("([\w-]+)"\)', "".join(p.read_text() for p in (ROOT / "guiapp").rglob("*.py"))))
    used |= {f"state-{s}" for s in ("missing", "present", "differs")}
    assert used <= set(found["icons"]), used - set(found["icons"])
    source_modules = [p for p in (ROOT / "guiapp").rglob("*.py")]
    assert found["modules"] == len(source_modules) - 1  # every module but the package's own __init__

"""Installing guiapp as a desktop tool, the way the README says: `pipx install .` from a clone, then
`guiapp --install-desktop` puts it in the application menu, opening SQLite, DuckDB and Parquet
files, and `guiapp --uninstall-desktop` removes exactly what that wrote."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.system import ensure_debian_package
from tests.helpers.workers import source_tree_build

ROOT = Path(__file__).resolve().parents[1]
WRITTEN = ("applications/guiapp.desktop", "icons/hicolor/scalable/apps/guiapp.svg", "mime/packages/guiapp.xml")


def _guiapp(command: list[str], home: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(home), "GUIAPP_DATA_DIR": str(data)}
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)


def _entry(home: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(home / "applications" / "guiapp.desktop")
    return parser["Desktop Entry"]


def _check_install_and_uninstall(command: list[str], tmp_path: Path) -> str:
    """Install, check, uninstall; returns the launcher the entry named."""
    ensure_debian_package("desktop-file-validate", "desktop-file-utils")
    home, data = tmp_path / "share", tmp_path / "data"
    (home / "applications").mkdir(parents=True)
    mine = home / "applications" / "someone-else.desktop"
    mine.write_text("[Desktop Entry]\nType=Application\nName=Else\nExec=true\n")

    done = _guiapp(command, home, data, "--install-desktop")
    assert done.returncode == 0, done.stderr
    for name in WRITTEN:
        assert (home / name).is_file(), name
        assert f"Wrote {home / name}" in done.stdout
    valid = subprocess.run(["desktop-file-validate", str(home / WRITTEN[0])], capture_output=True, text=True)
    assert valid.returncode == 0 and not valid.stdout.strip(), valid.stdout + valid.stderr

    entry = _entry(home)
    assert entry["Exec"].split()[-1] == "%f"
    launcher = entry["Exec"].split()[0]
    assert os.access(launcher, os.X_OK), launcher
    for mime in ("application/vnd.sqlite3", "application/x-duckdb", "application/vnd.apache.parquet"):
        assert mime in entry["MimeType"].split(";")
    package = (home / WRITTEN[2]).read_text()
    for glob in ("*.sqlite", "*.sqlite3", "*.db", "*.duckdb", "*.parquet"):
        assert f'<glob pattern="{glob}"/>' in package
    if (home / "mime" / "globs2").exists():  # update-mime-database ran: the desktop knows the types now
        assert "*.duckdb" in (home / "mime" / "globs2").read_text()

    # The launcher the entry names is the guiapp that wrote it.
    version = subprocess.run([*entry["Exec"].split()[:-1], "--version"], capture_output=True, text=True,
                             timeout=60)
    assert version.returncode == 0 and "guiapp" in version.stdout, version.stderr

    again = _guiapp(command, home, data, "--install-desktop")  # installing twice changes nothing
    assert again.returncode == 0, again.stderr

    removed = _guiapp(command, home, data, "--uninstall-desktop")
    assert removed.returncode == 0, removed.stderr
    for name in WRITTEN:
        assert not (home / name).exists(), name
        assert f"Removed {home / name}" in removed.stdout
    assert mine.read_text().startswith("[Desktop Entry]")  # nothing of anyone else's
    if (home / "mime" / "globs2").exists():
        assert "*.duckdb" not in (home / "mime" / "globs2").read_text()

    nothing = _guiapp(command, home, data, "--uninstall-desktop")
    assert nothing.returncode == 0 and "Nothing to remove" in nothing.stdout
    return launcher


def test_install_desktop_writes_a_valid_entry_and_uninstall_removes_exactly_it(tmp_path: Path) -> None:
    _check_install_and_uninstall([sys.executable, "-m", "guiapp"], tmp_path)


def test_uninstall_keeps_a_file_the_user_changed(tmp_path: Path) -> None:
    home, data = tmp_path / "share", tmp_path / "data"
    command = [sys.executable, "-m", "guiapp"]
    assert _guiapp(command, home, data, "--install-desktop").returncode == 0
    icon = home / WRITTEN[1]
    icon.write_text("<svg>the user's own icon</svg>")
    done = _guiapp(command, home, data, "--uninstall-desktop")
    assert done.returncode == 0, done.stderr
    assert icon.read_text() == "<svg>the user's own icon</svg>"
    assert f"Kept {icon}: it changed since guiapp wrote it" in done.stdout
    assert not (home / WRITTEN[0]).exists()


def test_install_desktop_into_a_folder_it_cannot_write_says_which(tmp_path: Path) -> None:
    home = tmp_path / "share"
    home.write_text("a file, not a folder")
    done = _guiapp([sys.executable, "-m", "guiapp"], home, tmp_path / "data", "--install-desktop")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: Cannot write the desktop entry") and "Traceback" not in done.stderr
    assert str(home) in done.stderr


@pytest.mark.slow
def test_pipx_install_from_a_clone_as_the_readme_says(tmp_path: Path) -> None:
    """The README's desktop install, `pipx install .`, in a fresh pipx home, then the desktop entry
    written by the installed command (whose Exec is pipx's guiapp)."""
    readme = (ROOT / "README.md").read_text()
    assert "pipx install ." in readme
    pipx_venv = tmp_path / "pipx-venv"
    # pipx's own environment, filled by this environment's pip: a venv's own pip (ensurepip) would
    # cost about 4 CPU-seconds more, and pipx makes its shared pip itself.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(pipx_venv)], check=True, timeout=120)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(pipx_venv / "bin" / "python"), "install", "-q",
                    "pipx"], check=True, timeout=600, capture_output=True)
    home = tmp_path / "pipx"
    env = {**os.environ, "PIPX_HOME": str(home), "PIPX_BIN_DIR": str(home / "bin"),
           "PIPX_MAN_DIR": str(home / "man")}
    env.pop("PYTHONPATH", None)
    with source_tree_build():
        done = subprocess.run([str(pipx_venv / "bin" / "pipx"), "install", str(ROOT)], capture_output=True,
                              text=True, env=env, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    installed = home / "bin" / "guiapp"
    assert os.access(installed, os.X_OK)
    assert _check_install_and_uninstall([str(installed)], tmp_path / "desktop") == str(installed)

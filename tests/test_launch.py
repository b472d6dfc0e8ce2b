"""``guiapp``, ``guiapp FILE`` and ``guiapp --url URL`` open the window without loading the command line,
and read those forms exactly as the command line does; anything else goes to the command line."""

from __future__ import annotations

import os
import subprocess

import pytest

from guiapp.cli import _file_as_url
from guiapp.launch import window_url


@pytest.mark.parametrize("name", ["app.db", "Music.SQLITE", "new.sqlite3", "a b.db", "data.s3db"])
def test_a_sqlite_file_opens_the_window_on_the_url_the_cli_would_use(tmp_path, name: str) -> None:
    path = str(tmp_path / name)
    assert window_url([path], {}) == (True, _file_as_url([path])[1])  # ["--url", URL, "run"]


def test_nothing_or_a_url_opens_the_window() -> None:
    assert window_url([], {}) == (True, None)
    assert window_url(["--url", "mysql://u@h/db"], {}) == (True, "mysql://u@h/db")
    assert window_url(["--url=sqlite:///x.db"], {}) == (True, "sqlite:///x.db")


@pytest.mark.parametrize("args", [["tables"], ["query", "x.db"], ["--url", "sqlite:///x.db", "tables"],
                                  ["--read-only", "x.db"], ["-h"], ["--version"], ["x.db", "--read-only"],
                                  ["notes.txt"], ["--install-desktop"], ["--url"]])
def test_anything_else_is_for_the_command_line(args: list[str]) -> None:
    assert window_url(args, {}) == (False, None)


def test_a_folder_named_like_a_file_is_for_the_command_line(tmp_path) -> None:
    folder = tmp_path / "looks.db"
    folder.mkdir()
    assert window_url([str(folder)], {}) == (False, None)  # which says it is a folder


def test_options_in_the_environment_are_for_the_command_line() -> None:
    assert window_url(["app.db"], {"GUIAPP_MODELS": "myapp.models"}) == (False, None)
    assert window_url([], {"GUIAPP_URL": "sqlite:///x.db"}) == (False, None)
    assert window_url(["app.db"], {"GUIAPP_DATA_DIR": "/tmp/d", "GUIAPP_DEBUG": "1"})[0]


@pytest.mark.parametrize("library, package", [("libxcb-shape.so.0", "libxcb-shape0"), ("libEGL.so.1", "libegl1")])
def test_a_missing_x11_library_is_named_with_the_package_that_installs_it(tmp_path, library, package) -> None:
    """A library Qt's X11 plugin cannot load (here a broken copy found first on the library path, as a
    missing one is for the loader) gives one line whose apt command installs that very library."""
    import sys
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 libraries are a Linux matter")
    (tmp_path / library).write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":99", LD_LIBRARY_PATH=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "guiapp"], env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and library in lines[0], done.stderr
    assert f" {package} " in lines[0].split("apt install", 1)[1], lines[0]


def test_fonts_read_ahead_leave_the_start_alone_where_fontconfig_is_missing(monkeypatch) -> None:
    """The fonts read on another thread while PySide6 loads are a head start, never a condition: on a
    system without the library, the thread ends quietly and Qt reads its fonts as it always did."""
    import sys
    import threading

    from guiapp.app import read_font_configuration_meanwhile
    if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
        assert read_font_configuration_meanwhile() is None  # Qt reads its fonts its own way there
        return
    raised: list = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    thread = read_font_configuration_meanwhile("libguiapp-no-such-fontconfig.so.1")
    assert thread is not None
    thread.join(10)
    assert not thread.is_alive() and raised == []
    real = read_font_configuration_meanwhile()
    assert real is not None
    real.join(10)
    assert not real.is_alive() and raised == []

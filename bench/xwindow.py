"""Whole processes timed on a real X server (Xvfb), as users start them: from the process's start to
X reporting its main window mapped, and to its title naming what it opened.

X tells exactly when a window is mapped: the root window's SubstructureNotify events include a
MapNotify for every top-level window, and a window's PropertyNotify says when its title changes.
Nothing is polled. Needs Xvfb (Debian: xvfb) and python-xlib (guiapp's `bench` extra).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from contextlib import contextmanager
from typing import Iterator

XVFB = shutil.which("Xvfb")


def missing() -> str | None:
    """What this machine lacks to time windows on X, in one line, or None."""
    if XVFB is None:
        return "Xvfb is not installed (apt-get install xvfb)"
    try:
        import Xlib  # noqa: F401
    except ImportError:
        return "python-xlib is not installed (pip install -e '.[bench]')"
    return None


@contextmanager
def xvfb() -> Iterator[str]:
    """A private Xvfb server for the run; yields its DISPLAY (a free number, chosen by Xvfb)."""
    assert XVFB is not None
    read, write = os.pipe()
    server = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp",
                               "-noreset"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


class Timing:
    """Seconds from the process's start to its first top-level window mapped, and to a title that
    contains ``title_part`` (None when not asked or not seen); and the CPU time the process had used
    by then, all threads (Linux; None elsewhere): a figure the machine's load moves much less."""

    def __init__(self, mapped: float | None, titled: float | None, cpu_mapped: float | None = None,
                 cpu_titled: float | None = None) -> None:
        self.mapped, self.titled = mapped, titled
        self.cpu_mapped, self.cpu_titled = cpu_mapped, cpu_titled


def cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by every thread of process ``pid`` (from /proc/PID/task/*/schedstat)."""
    import glob
    total, found = 0, False
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
            found = True
        except (OSError, ValueError, IndexError):  # a thread that ended meanwhile
            continue
    return total / 1e9 if found else None


def time_window(command: list[str], env: dict[str, str], title_part: str | None = None,
                timeout: float = 30.0) -> Timing:
    """Start ``command`` on ``env['DISPLAY']``, wait until its window is mapped (and titled with
    ``title_part``), then kill it (SIGKILL: the program saves nothing, so every run starts alike)."""
    from Xlib import X
    from Xlib.display import Display

    display = Display(env["DISPLAY"])
    try:
        root = display.screen().root
        root.change_attributes(event_mask=X.SubstructureNotifyMask)
        display.sync()
        name_atom, utf8 = display.intern_atom("_NET_WM_NAME"), display.intern_atom("UTF8_STRING")

        def title_of(window: object) -> str:
            try:
                prop = window.get_full_property(name_atom, utf8)  # type: ignore[attr-defined]
            except Exception:  # the window is gone
                return ""
            return prop.value.decode("utf-8", "replace") if prop is not None else ""

        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        mapped = titled = cpu_mapped = cpu_titled = None
        watched: set[int] = set()
        deadline = start + timeout
        try:
            while mapped is None or (title_part is not None and titled is None):
                if time.perf_counter() > deadline or process.poll() is not None:
                    raise TimeoutError(f"{command[0]}: no window{' titled ' + title_part if title_part else ''} "
                                       f"within {timeout:.0f} s (exit status {process.poll()})")
                if not display.pending_events():
                    select.select([display.fileno()], [], [], 0.05)
                while display.pending_events():
                    event = display.next_event()
                    now = time.perf_counter() - start
                    if event.type == X.CreateNotify and not event.override:
                        # Told of its title changes from now on; a title set before is read here.
                        event.window.change_attributes(event_mask=X.PropertyChangeMask)
                        watched.add(event.window.id)
                        if title_part and titled is None and title_part in title_of(event.window):
                            titled, cpu_titled = now, cpu_seconds(process.pid)
                    elif event.type == X.MapNotify and not event.override and event.window.id in watched:
                        if mapped is None:
                            mapped, cpu_mapped = now, cpu_seconds(process.pid)
                    elif event.type == X.PropertyNotify and event.atom == name_atom and title_part and titled is None:
                        if title_part in title_of(event.window):
                            titled, cpu_titled = now, cpu_seconds(process.pid)
        finally:
            process.kill()
            process.wait(10)
        return Timing(mapped, titled, cpu_mapped, cpu_titled)
    finally:
        display.close()


# -- what the start-up rows run ----------------------------------------------------------------------
BARE_WINDOW = ("from PySide6.QtWidgets import QApplication, QMainWindow\n"
               "app = QApplication([]); w = QMainWindow(); w.resize(1280, 800); w.show(); app.exec()\n")
SQLITEBROWSER = shutil.which("sqlitebrowser")


def guiapp_script() -> str | None:
    """The installed ``guiapp`` console script beside this Python (``.venv/bin/guiapp``), as users run it."""
    import sys
    from pathlib import Path
    script = Path(sys.executable).with_name("guiapp")
    return str(script) if script.exists() else None


def bare_command() -> list[str]:
    """A bare PySide6 ``QMainWindow`` of guiapp's size, shown: the floor every Qt window starts from."""
    import sys
    return [sys.executable, "-c", BARE_WINDOW]


def x_environment(display: str, home: str, cache: str) -> dict[str, str]:
    """The environment of every program timed: the private X server, a home of its own (guiapp and DB
    Browser for SQLite keep their settings there), the caches every run shares (fontconfig's, as on a
    desktop in use), and compiled bytecode allowed, as an installed copy has it."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "PYTHONDONTWRITEBYTECODE")
           and not k.startswith("GUIAPP_")}
    env.update(DISPLAY=display, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_DATA_HOME=os.path.join(home, ".local", "share"), XDG_CACHE_HOME=cache)
    return env


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes), for the notes: the machine is shared."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"

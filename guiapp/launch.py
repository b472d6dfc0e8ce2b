"""The ``guiapp`` command's entry point. When the command line asks for nothing but the window (no
argument, a SQLite file, or ``--url URL``, and no GUIAPP_* option in the environment) it opens it at
once, without loading the command line: click and the commands cost about 50-90 ms of a cold start
that a bare Qt window does not pay. Anything else goes to the CLI, which reads the same forms the same
way (``guiapp app.db`` there too means the window on that file)."""

from __future__ import annotations

import os
import sys

#: variables that are not command-line options (the CLI reads GUIAPP_URL, GUIAPP_POOL_SIZE and the like)
_NOT_OPTIONS = {"GUIAPP_DATA_DIR", "GUIAPP_DEBUG", "GUIAPP_SSH_CONFIG"}


def window_url(args: list[str], environ: dict[str, str] | os._Environ[str]) -> tuple[bool, str | None]:
    """``(True, url)`` when ``args`` only ask for the window on ``url`` (None: the database used
    last); ``(False, None)`` when the command line must read them."""
    if any(name.startswith("GUIAPP_") and name not in _NOT_OPTIONS for name in environ):
        return False, None
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--url":
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--url="):
        return True, args[0][len("--url="):]
    if len(args) == 1 and not args[0].startswith("-"):
        from guiapp.core.paths import SQLITE_SUFFIXES, sqlite_url_for
        # Named like a SQLite file: never a command's name. Any other name (a file without such an
        # ending, a command) is for the CLI to tell apart.
        if args[0].strip().lower().endswith(SQLITE_SUFFIXES) and not os.path.isdir(args[0]):
            return True, sqlite_url_for(args[0].strip())
        from guiapp.core.backends.datafiles import duckdb_url_for, is_duckdb_file
        if is_duckdb_file(args[0]) and not os.path.isdir(args[0]):
            return True, duckdb_url_for(args[0])
    return False, None


def main() -> None:
    window, url = window_url(sys.argv[1:], os.environ)
    if not window:
        from guiapp.cli import main as cli_main
        cli_main()
        return
    try:
        from guiapp.app import run_window
        status = run_window(url=url, models_spec=None, pool={})
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # the window reports its own failures; this is a bug, logged with its traceback
        from guiapp.core.errors import GuiappError, report_bug
        if isinstance(exc, GuiappError):  # before the window could show (no data directory): one line
            print(f"Error: {exc}", file=sys.stderr)
            sys.exit(1)
        if os.environ.get("GUIAPP_DEBUG"):
            raise
        print(f"Error: {report_bug(exc)}", file=sys.stderr)
        sys.exit(1)
    sys.exit(status)

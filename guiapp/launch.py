"""The ``guiapp`` command's entry point. With nothing to parse (no argument, no GUIAPP_* option in the
environment) it opens the window at once, without loading the command line: click and the commands
cost about 50 ms of a cold start that a bare Qt window does not pay. Anything else goes to the CLI."""

from __future__ import annotations

import os
import sys

#: variables that are not command-line options (the CLI reads GUIAPP_URL, GUIAPP_POOL_SIZE and the like)
_NOT_OPTIONS = {"GUIAPP_DATA_DIR", "GUIAPP_DEBUG", "GUIAPP_SSH_CONFIG"}


def _nothing_to_parse() -> bool:
    return len(sys.argv) <= 1 and not any(name.startswith("GUIAPP_") and name not in _NOT_OPTIONS
                                          for name in os.environ)


def main() -> None:
    if not _nothing_to_parse():
        from guiapp.cli import main as cli_main
        cli_main()
        return
    from guiapp.core import logs
    logs.configure(bool(os.environ.get("GUIAPP_DEBUG")))
    try:
        from guiapp.app import run_window
        status = run_window(url=None, models_spec=None, pool={})
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # the window reports its own failures; this is a bug, logged with its traceback
        if os.environ.get("GUIAPP_DEBUG"):
            raise
        from guiapp.core.errors import report_bug
        print(f"Error: {report_bug(exc)}", file=sys.stderr)
        sys.exit(1)
    sys.exit(status)

"""Where log records go: a small rotating file in the data directory, never the terminal.

SQLAlchemy logs, with a traceback, a connection it could not close after a server died; with no
handler configured Python prints that to stderr, after guiapp's own one-line message. Here every
record goes to ``guiapp.log`` instead, with every password guiapp knows of hidden.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from typing import Iterable

from guiapp.core.redact import scrub

LOG_NAME = "guiapp.log"
_secrets: set[str] = set()


def remember_secrets(secrets: Iterable[str]) -> None:
    """Passwords of opened URLs: hidden wherever they appear in a record, tracebacks included."""
    _secrets.update(s for s in secrets if s)


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record), _secrets)


def log_path() -> str:
    """Where the log file is, for messages that send the user there."""
    from guiapp.core.paths import data_dir
    return os.fspath(data_dir() / LOG_NAME)


def configure(debug: bool = False) -> None:
    """Send warnings and errors of guiapp and its libraries to the log file (and, with
    ``debug``, to stderr as well). Idempotent while the data directory stays the same."""
    from guiapp.core.errors import GuiappError
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "guiapp", False)]
    try:
        path = os.path.abspath(log_path())
    except GuiappError:  # no data directory: nothing is logged, and what needs one says why
        path = ""
    if any(getattr(h, "baseFilename", None) == path for h in ours) or \
            (not path and ours and all(isinstance(h, logging.NullHandler) for h in ours)):
        return
    for handler in ours:  # the data directory moved (a test, GUIAPP_DATA_DIR): follow it
        root.removeHandler(handler)
        handler.close()
    formatter = _ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    try:
        if not path:
            raise OSError("no data directory")
        handlers.append(logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=2, encoding="utf-8", delay=True))
    except OSError:
        handlers.append(logging.NullHandler())  # an unwritable data directory must not stop the app
    if debug:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.guiapp = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.captureWarnings(True)  # SQLAlchemy's "did not recognize type" goes to the log too
    sys.unraisablehook = _log_unraisable


def _log_unraisable(unraisable: "sys.UnraisableHookArgs") -> None:
    """A driver's finaliser failing on a dead connection ("Exception ignored in ...") goes to the
    log, not to the terminal after the message that already said the connection was lost."""
    logging.getLogger("guiapp.unraisable").warning(
        "%s: %r", unraisable.err_msg or "Exception ignored in", unraisable.object,
        exc_info=(unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback))

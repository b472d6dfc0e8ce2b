"""Run the ``guiapp`` command as a user does: a real process, its exit code, stdout and stderr."""

from __future__ import annotations

import os
import subprocess
import sys


def guiapp(*args: str, input: str | None = None, env: dict | None = None,
           timeout: float = 60, wrapper: list[str] | None = None) -> subprocess.CompletedProcess:
    """``wrapper``: a command that runs guiapp (setpriv, to run it without some of root's powers)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*(wrapper or []), sys.executable, "-m", "guiapp", *args], input=input, capture_output=True,
                          text=True, env=full_env, timeout=timeout,
                          stdin=None if input is not None else subprocess.DEVNULL)

"""Debian packages some tests need (sshd, desktop-file-utils): installed with apt-get when missing
and the tests run as root, so the project's own files install them (.ci/run does it first)."""

from __future__ import annotations

import os
import shutil
import subprocess


def ensure_debian_package(executable: str, package: str) -> None:
    """Make ``executable`` (a name on PATH or an absolute path) available, installing ``package``."""
    def present() -> bool:
        return os.path.isfile(executable) if os.path.isabs(executable) else shutil.which(executable) is not None
    if present():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError(f"This test needs {executable}: install the {package} package.")
    # Parallel workers may install at once: the second waits for dpkg's lock instead of failing.
    done = subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=300", "install", "-y", "-q", package],
                          capture_output=True, text=True,
                          timeout=600, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if done.returncode != 0 or not present():
        raise RuntimeError(f"Could not install {package}: {done.stderr.strip()[-500:]}")

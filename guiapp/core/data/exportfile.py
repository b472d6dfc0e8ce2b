"""The file an export writes: a new file beside the target that replaces it only when complete.

A cancelled or failed export (Ctrl-C, a full disk, a value that cannot be written) leaves
the file that was there as it was. A symlink is written through: its target gets the new
content and keeps its mode, and the link stays a link.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from guiapp.core.errors import ExportError


def resolve_target(path: Path) -> tuple[Path, int | None]:
    """The file to replace for ``path`` (the file a symlink points to, for a link), and its
    mode (None if there is no file yet). A device, FIFO, socket, folder or a link to one is
    refused, and so is a link to nothing: never overwritten, never turned into a file."""
    target = path
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not os.path.lexists(target):
            raise ExportError(f"Cannot write {path}: it is a link to {target}, which does not exist. "
                              "Choose a file name.")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ExportError(f"Cannot write {path}: it is not a regular file. Choose a file name.")
    return target, stat.S_IMODE(st.st_mode)


class PartialFile:
    """A binary file created exclusively beside ``target`` (nothing planted there, no symlink, is
    followed), with the mode a new file gets here (0666 less the umask) or ``mode``; on a clean
    exit it replaces ``target``, on any error it is removed."""

    def __init__(self, target: Path, mode: int | None, shown: Path | None = None) -> None:
        self.target, self.mode, self.shown = target, mode, shown or target
        self.tmp: Path | None = None
        self.file: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        for _ in range(100):
            # os.urandom, as secrets.token_hex reads it, without secrets' imports (hmac, hashlib:
            # 1% of a command-line export's start).
            tmp = self.target.with_name(f".{self.target.name}.{os.urandom(4).hex()}.part")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise ExportError(f"Cannot write {self.shown}: {exc.strerror or exc}") from None
            self.tmp, self.file = tmp, open(fd, "wb")
            return self.file
        raise ExportError(f"Cannot write {self.shown}: no free name for a partial file beside it.")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self.tmp is not None and self.file is not None
        try:
            self.file.close()
            if kind is None:
                if self.mode is not None:
                    os.chmod(self.tmp, self.mode)  # a 0600 file stays 0600
                os.replace(self.tmp, self.target)
                return
        except OSError as error:
            self.tmp.unlink(missing_ok=True)
            raise ExportError(f"Cannot write {self.shown}: {error.strerror or error}") from None
        self.tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"Cannot write {self.shown}: {exc.strerror or exc}") from None


__all__ = ["PartialFile", "resolve_target"]

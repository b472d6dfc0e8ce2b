"""guiapp in the desktop's application menu: a freedesktop entry, its icon and the file types it opens.

``guiapp --install-desktop`` writes three files under the user's XDG data directory
(``~/.local/share``): the ``.desktop`` entry, the icon, and a shared-mime-info package that
names SQLite, DuckDB and Parquet files by their extensions. What was written is recorded, with a
digest of each file, in guiapp's own data directory, so ``--uninstall-desktop`` removes exactly
those files, and leaves one the user has since changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from guiapp.core.errors import GuiappError
from guiapp.core.paths import data_dir, resource_root

APP_ID = "guiapp"
RECORD_NAME = "desktop-install.json"

#: the file types the entry opens: (MIME type, its comment, its globs)
FILE_TYPES = (
    ("application/vnd.sqlite3", "SQLite3 database", ("*.sqlite", "*.sqlite3", "*.db", "*.db3", "*.s3db", "*.sl3")),
    ("application/x-duckdb", "DuckDB database", ("*.duckdb",)),
    ("application/vnd.apache.parquet", "Apache Parquet file", ("*.parquet",)),
)


class DesktopError(GuiappError):
    """The desktop entry could not be written or removed."""


@dataclass
class DesktopReport:
    """What an install or uninstall did, as lines for the user."""

    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # changed since guiapp wrote them: left alone
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Wrote {p}" for p in self.written] + [f"Removed {p}" for p in self.removed]
        out += [f"Kept {p}: it changed since guiapp wrote it" for p in self.kept]
        return out + self.notes


def xdg_data_home() -> Path:
    """Where per-user desktop files live (``$XDG_DATA_HOME``, else ``~/.local/share``)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher_command() -> list[str]:
    """The command that starts this guiapp: the installed ``guiapp`` script that is running, else
    this interpreter with ``-m guiapp`` (a checkout run with ``python -m guiapp``)."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == APP_ID and script.is_file() and os.access(script, os.X_OK):
        return [str(script.absolute())]  # not resolved: pipx's link survives an upgrade of its venv
    found = shutil.which(APP_ID)
    if found:
        return [os.path.abspath(found)]
    return [sys.executable, "-m", APP_ID]


def _exec_arg(arg: str) -> str:
    """One argument of a desktop entry's Exec key, quoted as the Desktop Entry spec asks."""
    if not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`%'):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return '"' + escaped.replace("%", "%%") + '"'


def desktop_entry(command: list[str]) -> str:
    mime_types = "".join(f"{mime};" for mime, _comment, _globs in FILE_TYPES)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=guiapp",
        "GenericName=Database Browser",
        "Comment=Browse and edit SQLite, MariaDB and PostgreSQL databases and your SQLAlchemy models",
        "Exec=" + " ".join(_exec_arg(a) for a in command) + " %f",
        f"TryExec={command[0]}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Development;Database;",
        "Keywords=SQL;SQLite;MySQL;MariaDB;PostgreSQL;SQLAlchemy;DuckDB;Parquet;",
        f"MimeType={mime_types}",
        f"StartupWMClass={APP_ID}",
        "",
    ])


def mime_package() -> str:
    types = []
    for mime, comment, globs in FILE_TYPES:
        patterns = "".join(f'\n    <glob pattern="{g}"/>' for g in globs)
        types.append(f'  <mime-type type="{mime}">\n    <comment>{comment}</comment>{patterns}\n  </mime-type>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">\n'
            + "\n".join(types) + "\n</mime-info>\n")


def _targets(home: Path) -> dict[Path, bytes]:
    icon = (resource_root() / "icons" / "app.svg").read_bytes()
    return {
        home / "applications" / f"{APP_ID}.desktop": desktop_entry(launcher_command()).encode(),
        home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": icon,
        home / "mime" / "packages" / f"{APP_ID}.xml": mime_package().encode(),
    }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record_path() -> Path:
    return data_dir() / RECORD_NAME


def _read_record() -> dict[str, str]:
    try:
        return {str(k): str(v) for k, v in json.loads(_record_path().read_text()).items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise DesktopError(f"Cannot read {_record_path()}, the record of what guiapp installed: {exc}") from None


def _refresh_caches(home: Path) -> None:
    """Let the desktop see the change at once where its cache tools exist; without them it does
    on its next scan, which is worth saying but not an error."""
    for tool, folder in (("update-mime-database", home / "mime"),
                         ("update-desktop-database", home / "applications")):
        if shutil.which(tool) and folder.is_dir():
            subprocess.run([tool, str(folder)], capture_output=True, timeout=60)


def install_desktop() -> DesktopReport:
    """Write the entry, the icon and the file types; record what was written."""
    home = xdg_data_home()
    report = DesktopReport()
    record = _read_record()
    try:
        for path, data in _targets(home).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.part")
            partial.write_bytes(data)
            os.replace(partial, path)
            record[str(path)] = _digest(data)
            report.written.append(path)
        _record_path().write_text(json.dumps(record, indent=1))
    except OSError as exc:
        raise DesktopError(f"Cannot write the desktop entry: {exc.strerror or exc} "
                           f"({exc.filename or home})") from None
    _refresh_caches(home)
    report.notes.append(f"guiapp is in the application menu; it opens with {shlex.join(launcher_command())}.")
    return report


def uninstall_desktop() -> DesktopReport:
    """Remove what install_desktop wrote, and nothing else."""
    report = DesktopReport()
    record = _read_record()
    if not record:
        report.notes.append("Nothing to remove: guiapp's desktop entry is not installed.")
        return report
    for name, digest in record.items():
        path = Path(name)
        try:
            if not path.is_file() or path.is_symlink():
                continue
            if _digest(path.read_bytes()) != digest:
                report.kept.append(path)
                continue
            path.unlink()
            report.removed.append(path)
        except OSError as exc:
            raise DesktopError(f"Cannot remove {path}: {exc.strerror or exc}") from None
    _record_path().unlink(missing_ok=True)
    _refresh_caches(xdg_data_home())
    return report

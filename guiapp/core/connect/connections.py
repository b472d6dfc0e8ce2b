"""Saved connections: a name, the URL without its password, a colour, and a read-only flag, in
``connections.json`` in the data directory. A password never reaches this file: it goes to the
system keyring when there is one (see keychain), or is asked for each time."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from guiapp import signals
from guiapp.core.errors import GuiappError
from guiapp.core.paths import data_dir

COLOURS = ("#2f7d4f", "#2f5d8a", "#b5651d", "#8a3a7a", "#b03a2e", "#6b6b6b")


@dataclass(frozen=True)
class SavedConnection:
    name: str
    url: str  # as stored: never with a password
    colour: str = COLOURS[0]
    read_only: bool = False
    needs_password: bool = False  # the URL had one: reopen from the keyring, or ask
    ssh: str = ""  # the ssh alias it is reached through ("" : directly)


class ConnectionsError(GuiappError):
    """A name that is empty or taken, or a file that cannot be read or written."""


class ConnectionStore:
    """The saved connections, written whole to a temporary file and renamed over the old one, so a
    crash never leaves half a file."""

    _lock = threading.Lock()

    def __init__(self, path: Path | None = None) -> None:
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or data_dir() / "connections.json"

    def all(self) -> list[SavedConnection]:
        if not self.path.exists():
            return []
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [SavedConnection(**{k: v for k, v in item.items() if k in SavedConnection.__dataclass_fields__})
                    for item in raw]
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise ConnectionsError(f"The saved connections in {self.path} cannot be read ({exc}); move the "
                                   "file aside and guiapp starts a new one.") from None

    def get(self, name: str) -> SavedConnection | None:
        return next((c for c in self.all() if c.name == name), None)

    def save(self, connection: SavedConnection, replacing: str | None = None) -> SavedConnection:
        """Add ``connection`` (or put it in the place of the one named ``replacing``). The URL is
        stored without its password whatever it holds."""
        from guiapp.core.connect.urls import parse_url, url_for_storage, url_secrets
        name = " ".join(connection.name.split())
        if not name:
            raise ConnectionsError("A saved connection needs a name.")
        try:
            stored = url_for_storage(connection.url)
            secret = bool(url_secrets(parse_url(connection.url))) or connection.needs_password
        except Exception as exc:
            raise ConnectionsError(f"Not a database URL: {exc}") from None
        clean = SavedConnection(name, stored, connection.colour, connection.read_only, secret, connection.ssh.strip())
        with self._lock:
            current = self.all()
            if any(c.name == name and c.name != replacing for c in current):
                raise ConnectionsError(f"A connection named {name!r} is saved already: choose another name.")
            kept = [c if c.name != replacing else clean for c in current]
            if replacing is None or all(c.name != replacing for c in current):
                kept.append(clean)
            self._write(kept)
        signals.connections_changed.send(self, name=name)
        return clean

    def delete(self, name: str) -> None:
        with self._lock:
            self._write([c for c in self.all() if c.name != name])
        signals.connections_changed.send(self, name=name)

    def _write(self, connections: list[SavedConnection]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".connections-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump([asdict(c) for c in connections], out, indent=2)
            os.replace(temp, self.path)
        except OSError as exc:
            Path(temp).unlink(missing_ok=True)
            raise ConnectionsError(f"Could not save the connections in {self.path}: {exc}") from None

"""The status bar's live figures: the pool (in use / size, overflow; who waits for a connection) and
the SSH tunnel's state. A mixin of MainWindow, which owns ``pool_label``, ``tunnel_label`` and
``workspace``; it reacts to the bridge's signals and never asks the database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot


class StatusFigures:
    pool_label: Any
    tunnel_label: Any
    workspace: Any

    @Slot(object)
    def _pool_changed(self, db: Any) -> None:
        if db is None or db is not self.workspace.db:
            if self.workspace.db is None:
                self.pool_label.setText("")
            return
        self.pool_label.setText(str(db.pool_status()))

    @Slot(object, dict)
    def _tunnel_changed(self, db: Any, kw: dict) -> None:
        """SSH tunnel state in the status bar: this window's database, or the one it is connecting to."""
        if self.workspace.db is not None and db is not self.workspace.db and kw["state"] != "connecting":
            return
        self._show_tunnel(kw["alias"], kw["state"], kw["local_port"])

    def _show_tunnel(self, alias: str, state: str, port: int) -> None:
        words = {"connecting": "connecting…", "reconnecting": "reconnecting…"}
        self.tunnel_label.setText(f"SSH via {alias}: {words.get(state, state)}")
        self.tunnel_label.setToolTip(f"Tunnel to the server through {alias}, on 127.0.0.1:{port}")
        self.tunnel_label.show()

    @Slot(object, dict)
    def _pool_waiting(self, db: Any, limits: dict) -> None:
        if db is not self.workspace.db:
            return
        self.statusBar().showMessage(
            f"Waiting for a connection: all {limits['size'] + max(limits['overflow'], 0)} are in use "
            f"(pool size {limits['size']}, overflow {limits['overflow']}); giving up after "
            f"{limits['timeout']:g} s.", int(limits["timeout"] * 1000) + 1000)


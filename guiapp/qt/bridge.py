"""The one bridge from blinker signals to Qt signals, delivered on the GUI thread.

blinker runs receivers synchronously in the sending thread, often a worker.
The bridge's receivers only emit Qt signals; because the bridge lives in the
GUI thread, Qt queues those emissions and delivers them there. Widgets connect
to the bridge's Qt signals and so never run on a worker, and their
connections die with them.

Signals:
    event(str, object, dict): every blinker signal: name, sender, keyword arguments.
    databaseOpened(object): a Database connected.
    schemaChanged(object, tuple): a Database and the tables that changed (empty: any).
    tableCreated(object, str), tableDropped(object, str): a Database and a table.
    poolChanged(object): a Database whose pool figures moved.
    poolWaiting(object, dict): a Database whose every connection is in use; someone waits for one.
    queryStarted(object, dict), queryFinished(object, dict), queryFailed(object, dict):
        a QuerySession and the signal's keyword arguments.
    transactionEnded(object, str): a QuerySession and 'commit' or 'rollback'.
    rowsChanged(object, str): a Database and a table whose rows were written (row-saved, row-deleted,
        rows-imported).
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from guiapp import signals


class SignalBridge(QObject):
    """Re-emits every guiapp blinker signal as Qt signals. Keep one alive for the app's life."""

    event = Signal(str, object, dict)
    databaseOpened = Signal(object)
    schemaChanged = Signal(object, tuple)
    tableCreated = Signal(object, str)
    tableDropped = Signal(object, str)
    poolChanged = Signal(object)
    poolWaiting = Signal(object, dict)
    queryStarted = Signal(object, dict)
    queryFinished = Signal(object, dict)
    queryFailed = Signal(object, dict)
    transactionEnded = Signal(object, str)
    rowsChanged = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # blinker holds receivers weakly; these bound methods live as long as the bridge.
        self._receivers: list[tuple[Any, Any]] = []
        for sig in signals.ALL_SIGNALS:
            receiver = self._make_receiver(sig.name)
            sig.connect(receiver, weak=False)
            self._receivers.append((sig, receiver))

    def _make_receiver(self, name: str) -> Any:
        def receive(sender: Any, **kw: Any) -> None:
            self._relay(name, sender, kw)
        return receive

    def _relay(self, name: str, sender: Any, kw: dict[str, Any]) -> None:
        """Runs in the sender's thread: only emit (Qt queues to the GUI thread)."""
        if not shiboken6.isValid(self):  # the window is gone; a late worker must not crash
            return
        self.event.emit(name, sender, dict(kw))
        if name == "database-opened":
            self.databaseOpened.emit(sender)
        elif name == "schema-changed":
            self.schemaChanged.emit(sender, tuple(kw.get("tables", ())))
        elif name == "table-created":
            self.tableCreated.emit(sender, kw["table"])
        elif name == "table-dropped":
            self.tableDropped.emit(sender, kw["table"])
        elif name in ("pool-checkout", "pool-checkin", "connection-created", "connection-invalidated"):
            self.poolChanged.emit(sender)
        elif name == "pool-waiting":
            self.poolWaiting.emit(sender, dict(kw))
        elif name == "query-started":
            self.queryStarted.emit(sender, dict(kw))
        elif name == "query-finished":
            self.queryFinished.emit(sender, dict(kw))
        elif name == "query-failed":
            self.queryFailed.emit(sender, dict(kw))
        elif name in ("row-saved", "row-deleted", "rows-imported"):
            self.rowsChanged.emit(sender, kw["table"])
        elif name == "transaction-ended":
            self.transactionEnded.emit(sender, kw.get("action", ""))

    def close(self) -> None:
        """Disconnect from blinker (the app is shutting down)."""
        for sig, receiver in self._receivers:
            sig.disconnect(receiver)
        self._receivers.clear()

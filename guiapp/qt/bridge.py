"""The one bridge from blinker signals to Qt signals, delivered on the GUI thread.

blinker runs receivers synchronously in the sending thread, often a worker.
The bridge's receivers only emit Qt signals; because the bridge lives in the
GUI thread, Qt queues those emissions and delivers them there. Widgets connect
to the bridge's Qt signals and so never run on a worker, and their
connections die with them.

Each blinker signal goes to the typed Qt signal(s) that :data:`ROUTES` names, with the
arguments its function takes from (sender, keyword arguments). A widget listens to the one
typed signal it cares about; nothing parses signal names.

Signals:
    signalSent(str, object, dict): every blinker signal as sent: name, sender, keyword
        arguments. For the Signals panel, which logs them all; widgets use the typed ones.
    databaseOpened(object): a Database connected.
    schemaNews(object, str, tuple, str): a Database, what happened ('created', 'dropped' or
        'changed'), the tables it touched (none for 'changed': any may have) and the origin
        ('external' for another program; 'model', 'sql', 'import' for guiapp itself).
    poolChanged(object): a Database whose pool figures moved.
    poolWaiting(object, dict): a Database whose every connection is in use; someone waits for one.
    queryStarted(object, dict), queryFinished(object, dict), queryFailed(object, dict):
        a QuerySession and the signal's keyword arguments.
    transactionEnded(object, str): a QuerySession and 'commit' or 'rollback'.
    rowsChanged(object, str): a Database and a table whose rows were written (row-saved, row-deleted,
        rows-imported).
    tunnelChanged(object, dict): an SSH tunnel's owner and its state, alias and local port.
    snippetsChanged(), connectionsChanged(): the saved snippets or connections changed.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from guiapp import signals

Args = Callable[[Any, dict], tuple]


def _sender(sender: Any, _kw: dict) -> tuple:
    return (sender,)


def _sender_kw(sender: Any, kw: dict) -> tuple:
    return (sender, dict(kw))


def _nothing(_sender: Any, _kw: dict) -> tuple:
    return ()


def _schema(change: str) -> Args:
    def args(sender: Any, kw: dict) -> tuple:
        tables = (kw["table"],) if "table" in kw else tuple(kw.get("tables", ()))
        return sender, change, tables, kw.get("origin") or ""
    return args


def _table(sender: Any, kw: dict) -> tuple:
    return sender, kw["table"]


#: blinker signal name -> [(Qt signal of the bridge, its arguments from (sender, keyword arguments))]
ROUTES: dict[str, list[tuple[str, Args]]] = {
    "database-opened": [("databaseOpened", _sender)],
    "table-created": [("schemaNews", _schema("created"))],
    "table-dropped": [("schemaNews", _schema("dropped"))],
    "schema-changed": [("schemaNews", _schema("changed"))],
    "pool-checkout": [("poolChanged", _sender)],
    "pool-checkin": [("poolChanged", _sender)],
    "connection-created": [("poolChanged", _sender)],
    "connection-invalidated": [("poolChanged", _sender)],
    "pool-waiting": [("poolWaiting", _sender_kw)],
    "query-started": [("queryStarted", _sender_kw)],
    "query-finished": [("queryFinished", _sender_kw)],
    "query-failed": [("queryFailed", _sender_kw)],
    "transaction-ended": [("transactionEnded", lambda sender, kw: (sender, kw.get("action", "")))],
    "row-saved": [("rowsChanged", _table)],
    "row-deleted": [("rowsChanged", _table)],
    "rows-imported": [("rowsChanged", _table)],
    "tunnel-changed": [("tunnelChanged", _sender_kw)],
    "snippets-changed": [("snippetsChanged", _nothing)],
    "connections-changed": [("connectionsChanged", _nothing)],
}


class SignalBridge(QObject):
    """Re-emits every guiapp blinker signal as Qt signals. Keep one alive for the app's life."""

    signalSent = Signal(str, object, dict)
    databaseOpened = Signal(object)
    schemaNews = Signal(object, str, tuple, str)
    poolChanged = Signal(object)
    poolWaiting = Signal(object, dict)
    queryStarted = Signal(object, dict)
    queryFinished = Signal(object, dict)
    queryFailed = Signal(object, dict)
    transactionEnded = Signal(object, str)
    rowsChanged = Signal(object, str)
    tunnelChanged = Signal(object, dict)
    snippetsChanged = Signal()
    connectionsChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # blinker holds receivers weakly; these bound methods live as long as the bridge.
        self._receivers: list[tuple[Any, Any]] = []
        for sig in signals.ALL_SIGNALS:
            receiver = self._make_receiver(sig.name, ROUTES.get(sig.name, []))
            sig.connect(receiver, weak=False)
            self._receivers.append((sig, receiver))

    def _make_receiver(self, name: str, routes: list[tuple[str, Args]]) -> Any:
        qt_routes = [(getattr(self, qt_name), args) for qt_name, args in routes]

        def receive(sender: Any, **kw: Any) -> None:
            """Runs in the sender's thread: only emit (Qt queues to the GUI thread)."""
            if not shiboken6.isValid(self):  # the window is gone; a late worker must not crash
                return
            self.signalSent.emit(name, sender, dict(kw))
            for qt_signal, args in qt_routes:
                qt_signal.emit(*args(sender, kw))
        return receive

    def close(self) -> None:
        """Disconnect from blinker (the app is shutting down)."""
        for sig, receiver in self._receivers:
            sig.disconnect(receiver)
        self._receivers.clear()

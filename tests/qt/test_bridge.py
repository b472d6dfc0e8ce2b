"""The blinker-to-Qt bridge: delivery on the GUI thread, and no calls into deleted widgets."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication

from guiapp import signals
from guiapp.qt.bridge import SignalBridge

pytestmark = pytest.mark.gui


class Listener(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, bool]] = []

    @Slot(object, str, tuple, str)
    def created(self, _db: object, change: str, tables: tuple, origin: str) -> None:
        self.calls.append((change, tables, origin, QThread.currentThread() is QApplication.instance().thread()))


def test_signals_sent_on_a_worker_arrive_on_the_gui_thread(qtbot) -> None:
    bridge = SignalBridge()
    listener = Listener()
    bridge.schemaNews.connect(listener.created)
    sender = object()
    worker = threading.Thread(target=lambda: signals.table_created.send(sender, table="t1", origin="sql"))
    with qtbot.waitSignal(bridge.schemaNews, timeout=5000):
        worker.start()
        worker.join()
    qtbot.waitUntil(lambda: listener.calls != [])
    assert listener.calls == [("created", ("t1",), "sql", True)]
    bridge.close()


def test_every_route_joins_a_real_signal_to_a_typed_qt_signal() -> None:
    """A renamed blinker signal or Qt signal breaks here, not silently in a widget."""
    from guiapp.qt.bridge import ROUTES
    names = {s.name for s in signals.ALL_SIGNALS}
    for name, routes in ROUTES.items():
        assert name in names
        for qt_name, _args in routes:
            assert isinstance(getattr(SignalBridge, qt_name), Signal)


def test_every_signal_reaches_the_signal_log(qtbot) -> None:
    bridge = SignalBridge()
    seen: list[str] = []
    bridge.signalSent.connect(lambda name, sender, kw: seen.append(name))
    for sig in signals.ALL_SIGNALS:
        sig.send(object(), table="x", tables=(), action="commit")
    qtbot.waitUntil(lambda: len(seen) == len(signals.ALL_SIGNALS))
    assert sorted(seen) == sorted(s.name for s in signals.ALL_SIGNALS)
    bridge.close()


class Recorder(QObject):
    """Records its calls where they outlive it, so a call into a deleted one would be seen."""

    calls: list[tuple[str, str]] = []

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    @Slot(object, str, tuple, str)
    def dropped(self, _db: object, _change: str, tables: tuple, _origin: str) -> None:
        Recorder.calls.append((self.name, *tables))


def test_a_deleted_widget_is_never_called(qtbot) -> None:
    bridge = SignalBridge()
    live, doomed = Recorder("live"), Recorder("doomed")
    bridge.schemaNews.connect(live.dropped)
    bridge.schemaNews.connect(doomed.dropped)
    doomed.deleteLater()
    qtbot.waitUntil(lambda: not _alive(doomed))
    worker = threading.Thread(target=lambda: signals.table_dropped.send(object(), table="gone", origin="sql"))
    with qtbot.waitSignal(bridge.schemaNews, timeout=5000):
        worker.start()
        worker.join()
    qtbot.waitUntil(lambda: Recorder.calls != [])
    QApplication.processEvents()  # a queued call into the deleted one would land by now
    assert Recorder.calls == [("live", "gone")]
    bridge.close()


def _alive(obj: QObject) -> bool:
    import shiboken6
    return shiboken6.isValid(obj)


def test_every_signal_is_documented() -> None:
    for sig in signals.ALL_SIGNALS:
        assert sig.__doc__ and "Sender" in sig.__doc__, sig.name
    names = {s.name for s in signals.ALL_SIGNALS}
    assert {"connection-created", "pool-checkout", "pool-checkin", "schema-changed", "before-create",
            "table-created", "before-drop", "table-dropped", "query-started", "query-finished",
            "query-failed"} <= names


EMIT_STORM = '''
import sys, threading
from PySide6.QtCore import QObject, Signal, QCoreApplication
app = QCoreApplication([])
class Sink(QObject):
    got = Signal(object)
    def __init__(self):
        super().__init__()
        self.n = 0
        self.got.connect(self.count)
    def count(self, value):
        self.n += 1
sink = Sink()
def storm():
    for i in range(20000):
        sink.got.emit(None if i % 2 else (i, False))
worker = threading.Thread(target=storm)
worker.start()
worker.join()
while sink.n < 20000:
    app.processEvents()
print("ok")
'''


def test_many_emits_from_a_worker_do_not_crash() -> None:
    """PySide6 6.12.0 frees None/True/False after a few thousand emits; the app must never run on it."""
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", EMIT_STORM], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-500:]


def test_task_runner_keeps_only_the_newest_result_of_a_group(qtbot) -> None:
    import threading as th

    from guiapp.qt.tasks import TaskRunner
    runner = TaskRunner(max_threads=2)
    started, gate = th.Event(), th.Event()
    done: list[str] = []
    stale: list[str] = []

    def old() -> str:
        started.set()
        gate.wait(5)
        return "old"

    runner.submit(old, group="g", on_done=done.append, on_stale=stale.append)
    assert started.wait(5)
    runner.submit(lambda: "new", group="g", on_done=done.append, on_stale=stale.append)
    qtbot.waitUntil(lambda: done == ["new"], timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert done == ["new"] and stale == ["old"]


def test_task_runner_never_starts_a_superseded_job_that_was_still_waiting(qtbot) -> None:
    import threading as th

    from guiapp.qt.tasks import TaskRunner
    runner = TaskRunner(max_threads=1)
    gate = th.Event()
    ran: list[str] = []
    runner.submit(lambda: gate.wait(5))  # the one thread is busy: the next jobs wait
    runner.submit(lambda: ran.append("old"), group="g", on_done=lambda _: ran.append("old delivered"))
    runner.submit(lambda: ran.append("new"), group="g")
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert ran == ["new"]


class Counter(QObject):
    """Records, for every query-started signal, its sender, number and whether it ran on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[object, list[int]] = {}
        self.off_gui_thread = 0

    @Slot(object, dict)
    def started(self, sender: object, kw: dict) -> None:
        if QThread.currentThread() is not QApplication.instance().thread():
            self.off_gui_thread += 1
        self.seen.setdefault(sender, []).append(kw["statement_no"])


def test_ten_thousand_signals_from_four_threads_arrive_on_the_gui_thread_in_order(qtbot) -> None:
    bridge = SignalBridge()
    counter = Counter()
    bridge.queryStarted.connect(counter.started)
    senders = [object() for _ in range(4)]

    def burst(sender: object) -> None:
        for number in range(2500):
            signals.query_started.send(sender, sql="SELECT 1", statement_no=number)

    workers = [threading.Thread(target=burst, args=(s,)) for s in senders]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    qtbot.waitUntil(lambda: sum(len(v) for v in counter.seen.values()) == 10_000, timeout=20000)
    assert counter.off_gui_thread == 0
    assert all(counter.seen[s] == list(range(2500)) for s in senders)  # in order, per sender
    bridge.close()

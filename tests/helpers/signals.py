"""Record blinker signals during a block."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from blinker import Signal


class Recorder:
    """Collects (signal name, kwargs) for every signal it is connected to."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def names(self, signal_name: str, key: str = "table") -> list[Any]:
        return [kw.get(key) for name, kw in self.events if name == signal_name]


@contextmanager
def recording(*signals: Signal) -> Iterator[Recorder]:
    """Record every send of ``signals`` inside the block."""
    rec = Recorder()
    receivers = []
    for sig in signals:
        def receiver(sender: Any, _name: str = sig.name, **kw: Any) -> None:
            rec.events.append((_name, kw))
        receivers.append(receiver)
        sig.connect(receiver)
    try:
        yield rec
    finally:
        for sig, receiver in zip(signals, receivers):
            sig.disconnect(receiver)

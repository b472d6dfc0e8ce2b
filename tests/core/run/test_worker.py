"""The one worker mechanism: order, parallelism, withdrawal, shutdown, and errors kept or reported."""

from __future__ import annotations

import threading
import time

import pytest

from guiapp.core.run.worker import Workers, in_background


def test_one_thread_runs_calls_in_the_order_given() -> None:
    seen: list[int] = []
    workers = Workers("order")
    for number in range(200):
        workers.submit(seen.append, number)
    workers.shutdown()
    assert workers.join(5)
    assert seen == list(range(200))


def test_a_pool_runs_its_calls_side_by_side() -> None:
    """Four calls that each wait for all four to have started only finish on four threads."""
    barrier = threading.Barrier(4, timeout=5)
    workers = Workers("side-by-side", threads=4)
    tickets = [workers.submit(barrier.wait) for _ in range(4)]
    assert all(ticket.wait(5) for ticket in tickets)
    assert sorted(ticket.result() for ticket in tickets) == [0, 1, 2, 3]


def test_a_call_withdrawn_before_it_starts_never_runs() -> None:
    started, gate = threading.Event(), threading.Event()
    ran: list[str] = []
    workers = Workers("withdraw")
    first = workers.submit(lambda: (started.set(), gate.wait(5)))
    assert started.wait(5)
    second = workers.submit(ran.append, "second")
    assert second.withdraw()
    assert not first.withdraw()  # already running
    gate.set()
    workers.shutdown()
    assert workers.join(5) and ran == []


def test_clear_withdraws_every_waiting_call() -> None:
    gate = threading.Event()
    ran: list[int] = []
    started = threading.Event()
    workers = Workers("clear")
    workers.submit(lambda: (started.set(), gate.wait(5)))
    assert started.wait(5)
    for number in range(3):
        workers.submit(ran.append, number)
    assert workers.clear() == 3
    gate.set()
    workers.shutdown()
    assert workers.join(5) and ran == []


def test_shutdown_finishes_queued_work_and_refuses_new_work() -> None:
    ran: list[str] = []
    workers = Workers("shutdown")
    workers.submit(time.sleep, 0.1)
    workers.submit(ran.append, "queued")
    workers.shutdown()
    late = workers.submit(ran.append, "late")
    assert workers.join(5)
    assert ran == ["queued"] and late.wait(0) and late.result() is None


def test_join_gives_up_on_a_call_that_does_not_end() -> None:
    gate = threading.Event()
    workers = Workers("stuck")
    workers.submit(gate.wait, 10)
    workers.shutdown()
    started = time.monotonic()
    assert not workers.join(0.2)
    assert time.monotonic() - started < 2
    gate.set()
    assert workers.join(5)


def test_what_a_call_raises_reaches_the_waiter_or_the_bug_handler() -> None:
    kept = Workers("kept").submit(int, "not a number")
    assert kept.wait(5)
    with pytest.raises(ValueError):
        kept.result()
    reported: list[BaseException] = []
    workers = Workers("reported", on_bug=reported.append)
    workers.submit(int, "x")
    workers.submit(reported.append, "still alive")
    workers.shutdown()
    assert workers.join(5)
    assert isinstance(reported[0], ValueError) and reported[1] == "still alive"


def test_an_idle_thread_ends_and_new_work_starts_another() -> None:
    workers = Workers("idle", idle_seconds=0.05)
    names: list[str] = []
    workers.submit(lambda: names.append(threading.current_thread().name)).wait(5)
    deadline = time.monotonic() + 5
    while any(t.name == "idle" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(t.name == "idle" for t in threading.enumerate())
    assert workers.submit(lambda: "again").wait(5)
    assert names == ["idle"]


def test_in_background_does_not_wait_and_logs_what_it_raises(caplog: pytest.LogCaptureFixture) -> None:
    gate = threading.Event()
    started = time.monotonic()
    ticket = in_background("background", gate.wait, 5)
    assert time.monotonic() - started < 1 and not ticket.wait(0)
    gate.set()
    assert ticket.wait(5)
    with caplog.at_level("ERROR"):
        in_background("background-bug", int, "x").wait(5)
    assert "ValueError" in caplog.text
    kept = in_background("background-kept", int, "y", report=False)  # the CLI waits for its command
    assert kept.wait(5)
    with pytest.raises(ValueError):
        kept.result()

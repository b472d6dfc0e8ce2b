"""The Qt-free script runner shared by the console and ``guiapp query``: its messages, in order."""

from __future__ import annotations

import threading

import pytest

from guiapp.core.run import runner as m
from guiapp.core.connect.database import Database
from guiapp.core.errors import BugError
from guiapp.core.logs import log_path
from guiapp.core.run.query import QuerySession


class Inbox:
    """Collects a runner's messages; wait(run) returns once that run has finished."""

    def __init__(self) -> None:
        self.messages: list[m.Message] = []
        self.changed = threading.Condition()

    def post(self, message: m.Message) -> None:
        with self.changed:
            self.messages.append(message)
            self.changed.notify_all()

    def wait(self, run: int) -> list[m.Message]:
        with self.changed:
            assert self.changed.wait_for(lambda: any(isinstance(x, m.RunFinished) and x.run == run
                                                   for x in self.messages), timeout=30)
            return [x for x in self.messages if x.run == run]


def kinds(messages: list[m.Message]) -> list[str]:
    """The kinds of messages, notices left out (MariaDB says its DDL commits on its own)."""
    return [type(x).__name__ for x in messages if not isinstance(x, m.Notice)]


@pytest.fixture
def many(db: Database) -> Database:
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE many (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO many VALUES " + ", ".join(f"({i})" for i in range(1, 3001)))
    return db


@pytest.fixture
def runner(db: Database):
    inbox = Inbox()
    made = m.ScriptRunner(lambda: QuerySession(db), inbox.post, row_cap=1200, first_batch=500, batch=500)
    made.inbox = inbox
    yield made
    made.shutdown()
    assert made.wait(10)


def test_a_script_posts_started_rows_finished_and_run_finished_in_order(runner) -> None:
    run = runner.run("CREATE TABLE runner_t (n INTEGER); INSERT INTO runner_t VALUES (1), (2); "
                     "SELECT n FROM runner_t ORDER BY n")
    messages = runner.inbox.wait(run)
    assert kinds(messages) == ["StatementStarted", "StatementFinished", "StatementStarted", "StatementFinished",
                               "StatementStarted", "ResultStarted", "RowsFetched", "StatementFinished",
                               "RunFinished"]
    rows = [x for x in messages if isinstance(x, m.RowsFetched)]
    assert rows[0].rows == [(1,), (2,)] and rows[0].done
    finished = [x for x in messages if isinstance(x, m.StatementFinished)]
    assert finished[1].summary.startswith("2 rows affected") and finished[1].rowcount == 2
    assert messages[-1].in_transaction and not messages[-1].failed
    run = runner.rollback()
    assert kinds(runner.inbox.wait(run)) == ["StatementFinished", "RunFinished"]


def test_rows_beyond_the_cap_are_left_on_the_server_and_said_so(many, runner) -> None:
    run = runner.run("SELECT x FROM many ORDER BY x; SELECT 1")  # the first result is not the last: read up to the cap
    messages = runner.inbox.wait(run)
    fetched = sum(len(x.rows) for x in messages if isinstance(x, m.RowsFetched) and x.index == 0)
    assert fetched == 1200  # 500, 500, then the 200 the cap of 1,200 leaves: never past it
    assert any(isinstance(x, m.Notice) and "only the first 1,200 rows were kept" in x.text for x in messages)


def test_the_last_result_stays_open_for_fetch_more(many, runner) -> None:
    run = runner.run("SELECT x FROM many WHERE x <= 800 ORDER BY x")
    first = [x for x in runner.inbox.wait(run) if isinstance(x, m.RowsFetched)]
    assert len(first[0].rows) == 500 and not first[0].done
    runner.fetch_more(run, 0, 1000)
    with runner.inbox.changed:
        runner.inbox.changed.wait_for(lambda: len([x for x in runner.inbox.messages
                                                 if isinstance(x, m.RowsFetched)]) == 2, timeout=10)
    more = [x for x in runner.inbox.messages if isinstance(x, m.RowsFetched)][1]
    assert len(more.rows) == 300 and more.done and more.rows[-1] == (800,)


def test_a_failure_is_a_typed_message_then_the_run_finishes(runner) -> None:
    run = runner.run("SELECT 1; SELECT * FROM no_such_table")
    messages = runner.inbox.wait(run)
    failed = next(x for x in messages if isinstance(x, m.StatementFailed))
    assert failed.error.line == 1 and not failed.cancelled
    assert messages[-1].failed


def test_a_bug_is_logged_with_its_traceback_and_shown_as_one_line(db: Database) -> None:
    inbox = Inbox()

    def broken_session() -> QuerySession:
        raise ZeroDivisionError("a bug in the making")

    runner = m.ScriptRunner(broken_session, inbox.post)
    failed = next(x for x in inbox.wait(runner.run("SELECT 1")) if isinstance(x, m.StatementFailed))
    runner.shutdown()
    assert isinstance(failed.error, BugError)
    assert str(failed.error) == (f"Unexpected ZeroDivisionError: a bug in the making (a bug in guiapp; the "
                                 f"details are in {log_path()})")
    assert "Traceback" in open(log_path(), encoding="utf-8").read()


def test_stop_before_the_statement_reaches_the_server_stops_it_there(db: Database) -> None:
    """A Stop pressed while the run is still on its way (a connect, a ping) must not be lost."""
    inbox, stopped = Inbox(), threading.Event()

    def slow_session() -> QuerySession:
        stopped.wait(10)  # the session is still being made when the user presses Stop
        return QuerySession(db)

    runner = m.ScriptRunner(slow_session, inbox.post)
    run = runner.run("CREATE TABLE never_made (n INTEGER)")
    assert runner.stop() is False  # nothing on the server yet
    stopped.set()
    messages = inbox.wait(run)
    failed = next(x for x in messages if isinstance(x, m.StatementFailed))
    assert failed.cancelled and not any(isinstance(x, m.StatementStarted) for x in messages)
    run = runner.run("SELECT 1")  # the next run is not stopped by the last one's Stop
    assert [x.rows for x in inbox.wait(run) if isinstance(x, m.RowsFetched)] == [[(1,)]]
    runner.shutdown()
    from guiapp.core.schema.catalog import catalog_for
    assert "never_made" not in {t.name for t in catalog_for(db).names(refresh=True)}

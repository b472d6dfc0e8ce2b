"""Raw SQL: results in batches, transactions, errors with lines, warnings, cancel, odd values."""

from __future__ import annotations

import threading
import time

import pytest

from guiapp import signals
from guiapp.core.connect.database import Database
from guiapp.core.errors import QueryCancelledError, QueryError
from guiapp.core.run.query import QuerySession, run_one
from tests.helpers.signals import recording


@pytest.fixture
def numbers(db: Database) -> Database:
    """A table of 2,500 numbered rows."""
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE numbers (n INTEGER PRIMARY KEY, label VARCHAR(20))")
        for start in range(0, 2500, 500):
            conn.exec_driver_sql("INSERT INTO numbers VALUES " +
                                 ", ".join(f"({i}, 'row {i}')" for i in range(start + 1, start + 501)))
    return db


def test_script_results_come_in_batches_with_counts_and_times(numbers: Database) -> None:
    session = QuerySession(numbers)
    results = []
    for result in session.run("SELECT n, label FROM numbers ORDER BY n; SELECT 'a;b' AS s"):
        sizes = [len(batch) for batch in result.batches(1000)]
        results.append((result.columns, sizes, result.rowcount))
        assert result.elapsed >= 0
    assert results == [(("n", "label"), [1000, 1000, 500], 2500), (("s",), [1], 1)]
    session.close()


def test_changes_stay_in_a_transaction_until_commit(numbers: Database) -> None:
    session = QuerySession(numbers)
    [result] = list(session.run("UPDATE numbers SET label = 'x' WHERE n <= 10"))
    assert result.rowcount == 10 and not result.has_rows
    assert session.in_transaction
    assert run_one(numbers, "SELECT count(*) FROM numbers WHERE label = 'x'") == [(0,)]
    with recording(signals.transaction_ended) as rec:
        session.rollback()
    assert rec.events == [("transaction-ended", {"action": "rollback"})]
    assert run_one(numbers, "SELECT count(*) FROM numbers WHERE label = 'x'") == [(0,)]
    list(session.run("DELETE FROM numbers WHERE n > 2000"))
    session.commit()
    assert not session.in_transaction
    assert run_one(numbers, "SELECT count(*) FROM numbers") == [(2000,)]
    assert numbers.pool_status().checked_out == 0  # nothing held once committed


def test_a_typed_commit_ends_the_transaction_and_a_rollback_to_savepoint_does_not(numbers: Database) -> None:
    session = QuerySession(numbers)
    with recording(signals.transaction_ended) as rec:
        list(session.run("UPDATE numbers SET label = 'kept' WHERE n = 1; SAVEPOINT s1; "
                         "UPDATE numbers SET label = 'undone' WHERE n = 2; ROLLBACK TO SAVEPOINT s1"))
        assert session.in_transaction and rec.events == []
        list(session.run("COMMIT"))
    assert not session.in_transaction
    assert rec.events == [("transaction-ended", {"action": "commit"})]
    assert run_one(numbers, "SELECT n FROM numbers WHERE label IN ('kept', 'undone')") == [(1,)]
    session.close()


def test_read_only_work_gives_the_connection_back(numbers: Database) -> None:
    session = QuerySession(numbers)
    result = session.execute("SELECT n FROM numbers")
    assert numbers.pool_status().checked_out == 1  # streaming
    result.fetch(10)
    result.close()
    assert numbers.pool_status().checked_out == 0
    assert not session.in_transaction


def test_error_names_the_script_line_and_is_signalled(db: Database) -> None:
    session = QuerySession(db)
    with recording(signals.query_started, signals.query_failed) as rec:
        with pytest.raises(QueryError) as err:
            list(session.run("SELECT 1;\n\nSELECT * FROM\n  no_such_table"))
    assert err.value.line == 3
    assert "no_such_table" in str(err.value)
    failed = [kw for name, kw in rec.events if name == "query-failed"]
    assert failed[0]["statement_no"] == 2 and failed[0]["cancelled"] is False
    # The session is still usable.
    assert [r.fetch() for r in session.run("SELECT 2")] == [[(2,)]]


def test_syntax_error(db: Database) -> None:
    with pytest.raises(QueryError, match="syntax"):
        list(QuerySession(db).run("SELEC 1"))


def test_percent_and_colon_in_sql_are_sent_verbatim(db: Database) -> None:
    assert run_one(db, "SELECT '100%', ':name', '%s'") == [("100%", ":name", "%s")]


def test_binary_and_huge_cells_survive(db: Database) -> None:
    big = "x" * 100_000
    hex_literal = db.backend.bytes_literal(b"\x00\xff\x10")
    rows = run_one(db, f"SELECT {hex_literal}, '{big}'")
    assert bytes(rows[0][0]) == b"\x00\xff\x10"
    assert len(rows[0][1]) == 100_000


def test_mysql_warnings_are_reported(mysql_db: Database) -> None:
    result = QuerySession(mysql_db).execute("SELECT CAST('abc' AS SIGNED)")
    assert result.fetch() == [(0,)]
    assert any("1292" in w for w in result.warnings)


def _keep_cancelling(session: QuerySession, stopped: threading.Event, outcome: dict) -> threading.Thread:
    """Call cancel() until the query reports it stopped.

    A cancel that lands before the statement reaches the server does nothing, and
    nothing outside tells when it has: so retry, waiting on the 'stopped' event.
    """
    def loop() -> None:
        while not stopped.wait(0.05):
            if session.cancel():
                outcome.setdefault("cancelled", True)
    thread = threading.Thread(target=loop)
    thread.start()
    return thread


def test_cancel_sleep_on_mysql_leaves_the_pool_healthy(mysql_db: Database) -> None:
    session = QuerySession(mysql_db)
    outcome: dict = {}
    stopped = threading.Event()
    thread = _keep_cancelling(session, stopped, outcome)
    start = time.monotonic()
    with recording(signals.query_failed) as rec:
        with pytest.raises(QueryCancelledError):
            try:
                session.execute("SELECT SLEEP(10)").fetch()
            finally:
                stopped.set()
    thread.join()
    assert outcome["cancelled"] is True
    assert time.monotonic() - start < 3
    assert rec.events[0][1]["cancelled"] is True
    processes = run_one(mysql_db, "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                                  "WHERE DB = DATABASE() AND INFO LIKE 'SELECT SLEEP(10)%'")
    assert processes == [(0,)]
    assert session.execute("SELECT 42").fetch() == [(42,)]
    assert mysql_db.pool_status().checked_out == 0


def test_cancel_long_recursive_query_on_sqlite(sqlite_db: Database) -> None:
    session = QuerySession(sqlite_db)
    outcome: dict = {}
    stopped = threading.Event()
    thread = _keep_cancelling(session, stopped, outcome)
    start = time.monotonic()
    with pytest.raises(QueryCancelledError):
        try:
            session.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                            "SELECT count(*) FROM c").fetch()
        finally:
            stopped.set()
    thread.join()
    assert outcome["cancelled"] is True
    assert time.monotonic() - start < 3
    assert session.execute("SELECT 42").fetch() == [(42,)]
    assert sqlite_db.pool_status().checked_out == 0


def test_cancel_when_nothing_runs_is_a_no_op(db: Database) -> None:
    assert QuerySession(db).cancel() is False


def test_a_with_that_writes_waits_for_commit_like_any_write(postgresql_db: Database) -> None:
    run_one(postgresql_db, "CREATE TABLE cte_rows (n INTEGER PRIMARY KEY)")
    run_one(postgresql_db, "INSERT INTO cte_rows VALUES (1), (2), (3)")
    session = QuerySession(postgresql_db)
    [result] = list(session.run("WITH gone AS (DELETE FROM cte_rows WHERE n < 3 RETURNING n) "
                                "SELECT n FROM gone ORDER BY n"))
    assert session.in_transaction  # a write, though it starts with WITH and returns rows
    assert run_one(postgresql_db, "SELECT count(*) FROM cte_rows") == [(3,)]
    session.commit()
    assert run_one(postgresql_db, "SELECT n FROM cte_rows") == [(3,)]
    session.close()


def test_statement_kinds_see_through_with_and_explain() -> None:
    from guiapp.core.script import Statement
    assert not Statement("WITH x AS (SELECT 1 AS n) DELETE FROM t WHERE n IN (SELECT n FROM x)").is_read_only
    assert Statement("WITH x AS (SELECT 'delete; update' AS s) SELECT s FROM x").is_read_only
    assert not Statement("EXPLAIN ANALYZE DELETE FROM t").is_read_only
    assert Statement("EXPLAIN DELETE FROM t").is_read_only


@pytest.mark.parametrize("dedicated", [False, True], ids=["in-a-transaction", "console"])
def test_a_statement_after_a_streamed_query_runs_as_itself(numbers: Database, dedicated: bool) -> None:
    """A streamed read must not leave its server-side cursor mode on the connection: on PostgreSQL the
    next CREATE would be wrapped in DECLARE ... CURSOR FOR and fail as a syntax error."""
    session = QuerySession(numbers, dedicated=dedicated)
    if not dedicated:
        list(session.run("INSERT INTO numbers VALUES (9999, 'held')"))  # keeps the connection in a transaction
    rows = [row for result in session.run("SELECT COUNT(*) FROM numbers") for row in result.fetch()]
    results = list(session.run("CREATE TABLE after_stream (n INTEGER); INSERT INTO after_stream VALUES (1)"))
    assert [r.rowcount for r in results][-1] == 1 and rows[0][0] >= 2500
    if session.in_transaction:
        session.rollback()
    session.close()

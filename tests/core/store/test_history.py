"""The query history file: what it keeps, what it never keeps (passwords), and its cap."""

from __future__ import annotations

from guiapp.core.store.history import History, record_queries, stop_recording
from guiapp.core.run.query import run_one
from tests.helpers.cli import guiapp


def test_statements_run_are_recorded_with_outcome_rows_and_connection(db, tmp_path) -> None:
    history = record_queries(History(tmp_path / "h.sqlite3"))
    try:
        run_one(db, "CREATE TABLE hist (n INTEGER)")
        run_one(db, "INSERT INTO hist VALUES (1), (2)")
        try:
            run_one(db, "SELECT nosuch FROM hist")
        except Exception:
            pass
    finally:
        stop_recording()
    newest = history.search()
    assert [e.outcome for e in newest[:2]] == ["error", "ok"]
    assert newest[1].sql == "INSERT INTO hist VALUES (1), (2)" and newest[1].rows == 2
    assert newest[1].connection == db.display and newest[1].seconds is not None
    assert [e.sql for e in history.search("insert")] == ["INSERT INTO hist VALUES (1), (2)"]
    assert history.search("50%") == []  # LIKE characters are searched as they are


def test_passwords_set_by_a_statement_are_not_kept(tmp_path) -> None:
    history = History(tmp_path / "h.sqlite3")
    history.add("mysql+pymysql://root:***@db/test", "CREATE USER 'bob'@'%' IDENTIFIED BY 'Sup3rSecret'", 0.1, 0, "ok")
    history.add("postgresql://u:hunter2@db/test", "ALTER ROLE bob WITH PASSWORD 'hunter3'", 0.1, 0, "ok")
    raw = (tmp_path / "h.sqlite3").read_bytes()
    assert b"Sup3rSecret" not in raw and b"hunter2" not in raw and b"hunter3" not in raw
    assert history.search("IDENTIFIED")[0].sql == "CREATE USER 'bob'@'%' IDENTIFIED BY '***'"


def test_the_newest_entries_are_kept_up_to_the_cap(tmp_path) -> None:
    history = History(tmp_path / "h.sqlite3", max_entries=50)
    for i in range(120):
        history.add("sqlite://", f"SELECT {i}", 0.0, None, "ok")
    kept = history.search(limit=1000)
    assert len(kept) == 50 and kept[0].sql == "SELECT 119" and kept[-1].sql == "SELECT 70"


def test_guiapp_query_is_recorded_in_the_users_history(sqlite_db, tmp_path, monkeypatch) -> None:
    url = sqlite_db.url.render_as_string(hide_password=False)
    assert guiapp("--url", url, "query", "SELECT 41 + 1").returncode == 0
    assert [e.sql for e in History().search()] == ["SELECT 41 + 1"]

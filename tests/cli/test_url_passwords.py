"""A password typed into a URL unencoded ('@', '/', ':' and '%' in it) is the password the user
meant: it runs to the last '@' before the host. The command line connects with it, through every
driver, the direct CSV export too, and no message shows any part of it, not even when the URL is
given without --url."""

from __future__ import annotations

import pytest

from tests.helpers.cli import guiapp
from tests.helpers.oddpassword import PASSWORD, USER, odd_user, shows_no_part, typed_url


def test_the_password_runs_to_the_last_at_sign(server_db) -> None:
    with odd_user(server_db):
        done = guiapp("--url", typed_url(server_db), "query", "--format", "csv", "SELECT CURRENT_USER")
    assert done.returncode == 0, done.stderr
    assert USER in done.stdout
    assert shows_no_part(done.stdout + done.stderr)


def test_a_failure_names_the_host_and_no_part_of_the_password(server_db) -> None:
    done = guiapp("--url", typed_url(server_db, port=1), "query", "SELECT 1")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "127.0.0.1" in lines[0], done.stderr
    assert shows_no_part(done.stderr + done.stdout), done.stderr


def test_the_direct_export_splits_it_the_same_way(server_db, tmp_path) -> None:
    with server_db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE odd_pw (n INTEGER)")
        conn.exec_driver_sql("INSERT INTO odd_pw VALUES (7)")
    with odd_user(server_db):
        target = tmp_path / "out.csv"
        done = guiapp("--url", typed_url(server_db), "export", "odd_pw", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text().split() == ["n", "7"]
    assert shows_no_part(done.stdout + done.stderr)


@pytest.mark.parametrize("where", ["alone", "after a command"])
def test_a_url_given_without_url_is_refused_without_its_password(server_db, where: str) -> None:
    url = typed_url(server_db)
    done = guiapp(url) if where == "alone" else guiapp("tables", url)
    assert done.returncode != 0
    assert PASSWORD not in done.stderr and shows_no_part(done.stderr + done.stdout), done.stderr
    assert f"{USER}:***@127.0.0.1" in done.stderr


def test_splitting_a_url_imports_no_sqlalchemy() -> None:
    """The direct export exists to skip SQLAlchemy's import: the URL parser it shares must not bring it."""
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", "import sys, guiapp.core.data.directexport as d; "
                           "d.DirectExport('postgresql://u:a@b/c@127.0.0.1/db'); "
                           "print('sqlalchemy' in sys.modules)"], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr

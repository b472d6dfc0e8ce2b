"""guiapp --ssh ALIAS: every command reaches the server through an SSH tunnel to a Host of the ssh
config; a refused key is one line on stderr and a non-zero exit. On MariaDB and PostgreSQL."""

from __future__ import annotations

from tests.helpers.cli import guiapp


def test_commands_run_through_an_ssh_alias(server_db, ssh_aliases) -> None:
    url = server_db.url.render_as_string(hide_password=False)
    with server_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE far_away (id INTEGER PRIMARY KEY)")
    done = guiapp("--url", url, "--ssh", "guiapp-inner", "tables", "--names")
    assert done.returncode == 0, done.stderr
    assert "far_away" in done.stdout.split()
    query = guiapp("--url", url, "--ssh", "guiapp-bastion", "query", "SELECT 6 * 7 AS answer")
    assert query.returncode == 0 and "42" in query.stdout


def test_a_refused_key_is_one_line_and_a_failure(server_db, ssh_aliases) -> None:
    url = server_db.url.render_as_string(hide_password=False)
    done = guiapp("--url", url, "--ssh", "guiapp-wrongkey", "tables")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "SSH tunnel through guiapp-wrongkey" in lines[0] and "Permission denied" in lines[0]

"""guiapp --ssh ALIAS: every command reaches the server through an SSH tunnel to a Host of the ssh
config; a refused key is one line on stderr and a non-zero exit. On MariaDB and PostgreSQL."""

from __future__ import annotations

import psutil

from tests.helpers.cli import guiapp


def _tunnels(config) -> set[int]:
    """The ssh forwards running with the tests' ssh config."""
    found = set()
    for process in psutil.process_iter(["pid", "cmdline"]):
        command = process.info["cmdline"] or []
        if command[:2] == ["ssh", "-N"] and str(config) in command:
            found.add(process.info["pid"])
    return found


def test_commands_run_through_an_ssh_alias_and_leave_no_ssh_behind(server_db, ssh_aliases) -> None:
    url = server_db.url.render_as_string(hide_password=False)
    with server_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE far_away (id INTEGER PRIMARY KEY)")
    before = _tunnels(ssh_aliases.config)
    done = guiapp("--url", url, "--ssh", "guiapp-inner", "tables", "--names")
    assert done.returncode == 0, done.stderr
    assert "far_away" in done.stdout.split()
    query = guiapp("--url", url, "--ssh", "guiapp-bastion", "query", "SELECT 6 * 7 AS answer")
    assert query.returncode == 0 and "42" in query.stdout
    assert _tunnels(ssh_aliases.config) - before == set()  # each command closed its tunnel on the way out


def test_a_refused_key_is_one_line_and_a_failure(server_db, ssh_aliases) -> None:
    url = server_db.url.render_as_string(hide_password=False)
    done = guiapp("--url", url, "--ssh", "guiapp-wrongkey", "tables")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "SSH tunnel through guiapp-wrongkey" in lines[0] and "Permission denied" in lines[0]


def test_an_alias_that_ssh_would_read_as_an_option_is_refused(server_db, ssh_aliases, tmp_path) -> None:
    url = server_db.url.render_as_string(hide_password=False)
    marker = tmp_path / "ran"
    done = guiapp("--url", url, f"--ssh=-oProxyCommand=touch {marker}", "query", "SELECT 1")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "starts with '-'" in lines[0], done.stderr
    assert not marker.exists()

"""Connection profiles: the password goes into the URL object and nowhere it could be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from guiapp.core.errors import ConfigError
from guiapp.core.options import PoolOptions
from guiapp.core.connect.profiles import ConnectionProfile


def test_a_typed_password_is_kept_out_of_what_is_shown_and_stored() -> None:
    profile = ConnectionProfile.from_text("mysql+pymysql://ada@db.example:3306/app?charset=utf8mb4",
                                          password="p@ss:w/rd%")
    assert profile.url.password == "p@ss:w/rd%"
    assert profile.display == "mysql+pymysql://ada:***@db.example:3306/app?charset=utf8mb4"
    assert profile.for_storage() == "mysql+pymysql://ada@db.example:3306/app?charset=utf8mb4"
    assert profile.secrets == ("p@ss:w/rd%",)


def test_fields_make_the_same_profile_and_bad_fields_say_which() -> None:
    profile = ConnectionProfile.from_fields("postgresql+psycopg", host="h", port=5432, user="u", password="pw",
                                            database="d", options=PoolOptions(read_only=True))
    assert profile.display == "postgresql+psycopg://u:***@h:5432/d" and profile.options.read_only
    with pytest.raises(ConfigError, match="Bad connection details"):
        ConnectionProfile.from_fields("mysql+pymysql", port=-3)


def test_a_missing_sqlite_file_is_named_and_made_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    profile = ConnectionProfile.from_text(f"sqlite:///{path}")
    assert profile.missing_file() == str(path)
    with pytest.raises(ConfigError, match="does not exist"):
        profile.open()
    db = ConnectionProfile.from_text(f"sqlite:///{path}", create=True).open()
    assert path.exists() and ConnectionProfile(db.url).missing_file() is None
    db.dispose()

"""Passwords kept in the system keyring under the URL as stored, and nothing where there is none."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from guiapp.core.connect import keychain

URL = make_url("mysql+pymysql://ada:S3cret%40x@db.example/app")


def test_a_password_is_kept_under_the_url_without_it_and_can_be_forgotten(memory_keyring) -> None:
    assert keychain.remember(URL)
    assert memory_keyring.items == {("guiapp", "mysql+pymysql://ada@db.example/app"): "S3cret@x"}
    assert keychain.password_for("mysql+pymysql://ada@db.example/app") == "S3cret@x"
    keychain.forget("mysql+pymysql://ada@db.example/app")
    assert keychain.password_for("mysql+pymysql://ada@db.example/app") is None


def test_without_a_keyring_nothing_is_kept_and_nothing_fails() -> None:
    assert keychain.remember(URL) is False  # this machine has no keyring: the window asks instead
    assert keychain.password_for("mysql+pymysql://ada@db.example/app") is None
    keychain.forget("mysql+pymysql://ada@db.example/app")

"""Passwords hidden in any text: URLs, query strings, and every known secret."""

from __future__ import annotations

from guiapp.core.redact import scrub


def test_a_password_in_a_url_and_in_a_query_string_is_hidden() -> None:
    assert scrub("mysql://ada:s3cret@db/app and pg://x@h/d?password=hunter2&sslmode=require") == (
        "mysql://ada:***@db/app and pg://x@h/d?password=***&sslmode=require")


def test_a_short_secret_inside_a_longer_one_never_leaves_the_longer_one_half_shown() -> None:
    assert scrub("connecting with Qx@7731%Marmot;pw", ["pw", "Qx@7731%Marmot;pw"]) == "connecting with ***"

"""Passwords remembered in the system keyring, never in guiapp's own files.

Keyed by the URL as stored (without its password), under the service name "guiapp". Where
no usable keyring exists (a headless machine, a locked or absent Secret Service), every
call quietly does nothing and the window asks for the password again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL

from guiapp.core.connect.urls import url_for_storage

SERVICE = "guiapp"


def _keyring() -> Any:
    """The keyring module if a usable backend is configured, else None."""
    try:
        import keyring
        from keyring.backends import fail
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def remember(url: URL) -> bool:
    """Keep the URL's password for its stored form; False where no keyring can keep it."""
    keyring = _keyring()
    if keyring is None or not url.password:
        return False
    try:
        keyring.set_password(SERVICE, url_for_storage(url), str(url.password))
        return True
    except Exception:  # locked, refused, D-Bus gone: the password is asked for next time
        return False


def password_for(stored_url: str) -> str | None:
    """The password kept for a stored URL, or None."""
    return secret(SERVICE, stored_url)


def forget(stored_url: str) -> None:
    """Drop a kept password (it was refused by the server)."""
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(SERVICE, stored_url)
    except Exception:
        pass


def secret(service: str, key: str) -> str | None:
    """Any other secret kept under ``service`` (an SSH key's passphrase, under "guiapp-ssh"), or None."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(service, key)
    except Exception:
        return None


def keep_secret(service: str, key: str, value: str) -> bool:
    """Keep a secret under ``service``; False where no keyring can keep it."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(service, key, value)
        return True
    except Exception:
        return False

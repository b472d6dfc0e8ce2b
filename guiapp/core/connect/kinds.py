"""The kinds of database a user can pick in the Connect form, as their backends describe them."""

from __future__ import annotations

from typing import NamedTuple

from guiapp.core.backends import built_in


class Kind(NamedTuple):
    """A choice of the form's database list: a server (host, port, user) or a file."""

    label: str
    drivername: str
    port: int
    file: bool = False


def database_kinds() -> list[Kind]:
    """One choice per built-in backend, labelled and with the port its server listens on."""
    return [Kind(b.label, b.name, b.default_port, b.file_based) for b in built_in()]

"""Hide passwords in any text before it is shown, logged or stored. No heavy imports."""

from __future__ import annotations

import re
from typing import Iterable

_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*:)([^@\s]*)(@)")


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Hide passwords in ``text``: any ``user:secret@`` URL part and any known secret."""
    text = _PASSWORD_IN_URL.sub(r"\1***\3", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def log_bug(exc: BaseException) -> None:
    """Print an unexpected exception's traceback to stderr, with URL passwords hidden.

    For bugs only: errors the user caused are shown as one sentence, not logged.
    """
    import sys
    import traceback
    text = "".join(traceback.format_exception(exc))
    print(scrub(text), file=sys.stderr, end="")

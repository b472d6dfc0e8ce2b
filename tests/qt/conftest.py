"""Qt tests: the window fixtures and the dialog answerer."""

from tests.helpers.qtfixtures import dialogs, open_window, window  # noqa: F401

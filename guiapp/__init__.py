"""guiapp: a desktop database browser for people who build on SQLAlchemy."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``guiapp.current_database`` and ``guiapp.current_profile``, imported on first use
    (the window starts without loading the core)."""
    if name in ("current_database", "current_profile"):
        from guiapp.core.connect import context
        return getattr(context, name)
    raise AttributeError(f"module 'guiapp' has no attribute {name!r}")

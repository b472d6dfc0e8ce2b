"""guiapp: a desktop database browser for people who build on SQLAlchemy."""

__version__ = "0.1.0"

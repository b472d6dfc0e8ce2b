"""The app's own files in the user's data directory: query history, snippets, preferences.

Its own SQLite files and MetaData, never the user's database. May import only the core's root
modules (errors, paths, redact, ...) and ``guiapp.signals``; nothing here knows a backend or a
connection.
"""

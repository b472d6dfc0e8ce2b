"""The Qt-free core shared by the command line and the window.

Layers, each importing only those below it (``pyproject.toml``'s import contracts check it):

- ``data/``      rows: paging, edits, import, export
- ``schema/``    the catalogue, models, DDL, migrations, ER diagram, plans
- ``run/``       workers, statements, query sessions, scripts, jobs
- ``connect/``   URLs, profiles, the pooled Database, TLS, tunnels, keychain
- ``store/``     the app's own files (history, snippets, preferences), beside ``backends/``
- ``backends/``  every per-database fact

The modules at this level are used by all of them and import none of them: ``errors``, ``redact``,
``logs``, ``paths``, ``values``, ``script`` (SQL text), ``options`` and ``wording``.
"""

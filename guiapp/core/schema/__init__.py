"""The database's structure and the user's models: the catalogue (frozen dataclasses), declared
models and their state, create and drop, migration SQL, the ER diagram and query plans.

May import everything below it: the core's root modules, ``backends/``, ``store/``, ``connect/``
and ``run/``; never ``data/``.
"""

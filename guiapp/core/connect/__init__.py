"""Reaching a database: URLs as typed, shown and stored, profiles, the pooled Database, TLS, SSH
tunnels, the keychain, saved connections and ``current_database``.

May import the core's root modules, ``backends/`` and ``store/``; never ``run/``, ``schema/`` or
``data/``, which sit on top of it.
"""

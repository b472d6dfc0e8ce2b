"""Running SQL: workers (the one way off the calling thread), cancellable statements, query
sessions with their transactions, the script runner's typed messages, jobs on pooled connections,
and what typed DDL changed.

May import the core's root modules, ``backends/``, ``store/`` and ``connect/``.
"""

"""Rows: paging a table, the grid's cache and loader, held edits and their commit, import, export,
clipboard formats, values for another database, charts, and the demo data.

The top layer of the core: it may import every other part of it, and nothing in the core imports it.
"""

"""Qt item models (table data, query results, signal log). Not SQLAlchemy models."""

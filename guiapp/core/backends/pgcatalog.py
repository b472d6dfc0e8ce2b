"""PostgreSQL's catalogue of a whole schema in three pg_catalog queries (a fourth names the columns
of tables outside it that its foreign keys point to).

SQLAlchemy's bulk calls read the same facts, but its queries deparse every index with
pg_get_indexdef and every foreign key with pg_get_constraintdef (then parse the text back), and it
builds one type object per column: 1.5 s on 5,000 tables. Here keys come as column numbers, named
from the columns already read, and a type is made once per distinct type text, by the dialect's
own ``_reflect_type`` (enums and domains included), so the types are the objects SQLAlchemy would
have made. Views stay with SQLAlchemy (see PostgreSQLBackend.reflect).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from guiapp.core.backends.reflection import RawTable, assemble

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# Every query reads "FROM pg_class c ... WHERE <the tables>": those of one schema (the current one
# when :schema is NULL), narrowed to :names when it is set.
_FROM = "FROM pg_catalog.pg_class c"
_WHERE = ("WHERE c.relkind IN ('r', 'p', 'f') AND c.relnamespace = "
          "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = COALESCE(:schema, current_schema())) "
          "AND (CAST(:names AS text[]) IS NULL OR c.relname = ANY(CAST(:names AS text[])))")
# A table with no column still gives one row (attname NULL), so it reads as a table with none. A
# default never names a column, so it is deparsed without its table (0): opening 5,000 tables to
# deparse them costs 0.15 s; a generated column's expression does name columns.
_COLUMNS = (
    "SELECT c.relname::text, c.oid, a.attnum, a.attname::text, "
    "pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "CASE WHEN NOT a.atthasdef THEN NULL WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0) "
    "ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, "
    "a.attidentity <> '', NULLIF(a.attgenerated, '')::text, ds.description, coll.collname::text, "
    "CASE WHEN pg_catalog.pg_collation_is_visible(coll.oid) THEN NULL ELSE collns.nspname::text END "
    "{from_} "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
    "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid AND ds.objsubid = a.attnum "
    "AND ds.classoid = 'pg_catalog.pg_class'::regclass "
    "LEFT JOIN pg_catalog.pg_collation coll ON a.attcollation <> 0 AND coll.oid = a.attcollation "
    "AND coll.oid <> t.typcollation "
    "LEFT JOIN pg_catalog.pg_namespace collns ON collns.oid = coll.collnamespace "
    "{where} ORDER BY a.attrelid, a.attnum")
# Key columns come as numbers (0 for an expression), named from the columns read: naming them in
# SQL, a subquery per index, triples the time of these two queries.
_INDEXES = (
    "SELECT c.relname::text, c.oid, i.relname::text, x.indisunique, x.indisprimary, con.contype::text, "
    "x.indkey::int2[], x.indnkeyatts "
    "{from_} JOIN pg_catalog.pg_index x ON x.indrelid = c.oid "
    "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
    "LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid "
    "AND con.contype IN ('p', 'u') {where}")
_FOREIGN = (
    "SELECT c.relname::text, con.conname::text, con.conrelid, con.conkey, "
    "CASE WHEN pg_catalog.pg_table_is_visible(r.oid) THEN NULL ELSE rn.nspname::text END, r.relname::text, "
    "con.confrelid, con.confkey, con.confupdtype::text, con.confdeltype::text, con.condeferrable, "
    "con.condeferred, con.confmatchtype::text "
    "{from_} JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid AND con.contype = 'f' "
    "JOIN pg_catalog.pg_class r ON r.oid = con.confrelid "
    "JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace {where} ORDER BY c.relname, con.conname")
# The columns of tables a foreign key refers to that were not read (another schema, or not asked for).
_MORE_COLUMNS = ("SELECT attrelid, attnum, attname::text FROM pg_catalog.pg_attribute "
                 "WHERE attrelid = ANY(CAST(:oids AS oid[])) AND attnum > 0")
_RULES = {"r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}  # 'a', NO ACTION: none
_MATCH = {"f": "FULL", "p": "PARTIAL"}  # 's', SIMPLE, is the default SQLAlchemy leaves out too
_NEXTVAL = re.compile(r"(nextval\(')([^']+)('.*$)")


def can_read(dialect: Any) -> bool:
    """The server has the catalogue columns these queries read (attgenerated came with PostgreSQL 12,
    indnkeyatts with 11), and the SQLAlchemy dialect the type reader this module borrows (2.0 and
    2.1 have it)."""
    from sqlalchemy.dialects.postgresql import base
    return (dialect.server_version_info or (0,)) >= (12,) and hasattr(dialect, "_reflect_type") \
        and hasattr(base, "_NamedTypeLoader")


def reflect_postgresql_tables(conn: "Connection", names: list[str], schema: str | None) -> dict[str, RawTable]:
    """Columns, keys, indexes and foreign keys of the tables ``names`` of ``schema``."""
    # Naming thousands of tables makes each query longer than reading the whole schema.
    params = {"schema": schema, "names": names if len(names) <= 50 else None}

    def rows(template: str) -> list[Any]:
        return conn.execute(sa.text(template.format(from_=_FROM, where=_WHERE)), params).fetchall()
    wanted = set(names)
    attnames: dict[tuple[int, int], str] = {}  # (table oid, column number): name
    columns = _columns(conn, rows(_COLUMNS), wanted, schema, attnames)
    keys = _keys(rows(_INDEXES), wanted, attnames)
    foreign_rows = [row for row in rows(_FOREIGN) if row[0] in wanted]
    unread = {row[6] for row in foreign_rows if (row[6], row[7][0]) not in attnames}
    if unread:
        attnames.update(((oid, num), name) for oid, num, name in conn.execute(
            sa.text(_MORE_COLUMNS), {"oids": sorted(unread)}))
    foreign = _foreign_keys(foreign_rows, attnames)

    def build(name: str, cols: list[dict[str, Any]]) -> RawTable:
        primary, indexes, uniques = keys.get(name, ([], [], []))
        return RawTable(columns=cols, primary_key=primary, indexes=indexes, uniques=uniques,
                        foreign_keys=foreign.get(name, []))
    return assemble(conn, names, set(), columns, build)


def _columns(conn: "Connection", result: list[Any], wanted: set[str], schema: str | None,
             attnames: dict[tuple[int, int], str]) -> dict[str, list[dict[str, Any]]]:
    from sqlalchemy.dialects.postgresql import DOMAIN
    from sqlalchemy.dialects.postgresql.base import _NamedTypeLoader
    dialect = conn.dialect
    loader = _NamedTypeLoader(dialect, conn, {})  # reads enums and domains only if a column has one
    types: dict[tuple[str | None, ...], Any] = {}  # 40,000 columns, a few dozen distinct types
    columns: dict[str, list[dict[str, Any]]] = {}
    for table, oid, number, name, type_text, not_null, default, identity, generated, comment, collation, \
            collation_schema in result:
        if table not in wanted:
            continue
        found = columns.setdefault(table, [])
        if name is None:
            continue  # a table with no column
        attnames[oid, number] = name
        key = (type_text, collation, collation_schema)
        if key not in types:
            types[key] = dialect._reflect_type(type_text, loader, type_description=f"column '{name}'",
                                               collation=collation, collation_schema=collation_schema)
        type_ = types[key]
        nullable = not not_null
        if isinstance(type_, DOMAIN):  # as SQLAlchemy reads a domain: its default and NOT NULL count
            default = default or type_.default
            nullable = nullable and not type_.not_null
        column: dict[str, Any] = {"name": name, "type": type_, "nullable": nullable, "default": default,
                                  "autoincrement": bool(identity), "comment": comment}
        if generated:
            column["computed"] = {"sqltext": default, "persisted": generated == "s"}
            column["default"] = None
        elif default is not None:
            match = _NEXTVAL.search(default)
            if match is not None:
                column["autoincrement"] |= issubclass(type_._type_affinity, sa.Integer)
                if "." not in match.group(2) and schema is not None:
                    column["default"] = f'{match.group(1)}"{schema}".{match.group(2)}{match.group(3)}'
        found.append(column)
    return columns


_Keys = tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]


def _keys(result: list[Any], wanted: set[str], attnames: dict[tuple[int, int], str]) -> dict[str, _Keys]:
    """Per table: the primary key's columns, the other indexes, the unique constraints; by name.
    An expression in an index reads as None, as SQLAlchemy has it."""
    keys: dict[str, _Keys] = {}
    for table, oid, index, unique, primary, constraint, numbers, key_count in sorted(
            result, key=lambda r: (r[0], r[2])):
        if table not in wanted:
            continue
        if table not in keys:
            keys[table] = ([], [], [])
        primary_key, indexes, uniques = keys[table]
        column_names = [attnames.get((oid, n)) if n else None for n in numbers[:key_count]]
        if primary:
            primary_key.extend(column_names)
            continue
        entry: dict[str, Any] = {"name": index, "unique": unique, "column_names": column_names}
        if constraint == "u":
            entry["duplicates_constraint"] = index
            uniques.append({"name": index, "column_names": column_names})
        indexes.append(entry)
    return keys


def _foreign_keys(result: list[Any], attnames: dict[tuple[int, int], str]) -> dict[str, list[dict[str, Any]]]:
    foreign: dict[str, list[dict[str, Any]]] = {}
    for table, name, oid, numbers, referred_schema, referred_table, referred_oid, referred_numbers, \
            on_update, on_delete, deferrable, deferred, match in result:
        options = {option: value for option, value in (
            ("onupdate", _RULES.get(on_update)), ("ondelete", _RULES.get(on_delete)),
            ("initially", "DEFERRED" if deferred else None), ("deferrable", True if deferrable else None),
            ("match", _MATCH.get(match))) if value is not None}
        foreign.setdefault(table, []).append({
            "name": name, "constrained_columns": [attnames[oid, n] for n in numbers],
            "referred_schema": referred_schema, "referred_table": referred_table,
            "referred_columns": [attnames[referred_oid, n] for n in referred_numbers], "options": options})
    return foreign

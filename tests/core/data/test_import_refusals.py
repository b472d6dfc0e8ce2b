"""`guiapp import` lands every row as written or nothing: ragged rows, unknown columns, bytes not in
the encoding, JSON of another shape and duplicate keys are refused naming their line, the table
unchanged; NULL and '' come back as guiapp exported them. Run as a user runs it, on every backend."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.helpers.cli import guiapp

NINE = "a,b,c,d,e,f,g,h,i"


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _read(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def _nine_columns(db) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE nine (" + ", ".join(f"{c} VARCHAR(20)" for c in NINE.split(",")) + ")")
        conn.exec_driver_sql("INSERT INTO nine (a) VALUES ('kept')")


def test_a_row_with_fewer_or_more_fields_than_the_header_is_refused_naming_its_line(db, tmp_path) -> None:
    _nine_columns(db)
    row = "1,2,3,4,5,6,7,8,9\n"
    for name, bad in (("short.csv", "1,broken\n"), ("long.csv", "1,2,3,4,5,6,7,8,9,10\n")):
        path = tmp_path / name
        path.write_text(NINE + "\n" + row * 3 + bad + row, encoding="utf-8")
        done = guiapp("--url", _url(db), "import", str(path), "nine")
        fields = bad.count(",") + 1
        assert (done.returncode, done.stderr.strip()) == (
            1, f"Error: {name}, line 5: {fields} fields where the header has 9."), name
        created = guiapp("--url", _url(db), "import", str(path), "nine_new", "--create")
        assert created.returncode == 1 and f"{name}, line 5: {fields} fields" in created.stderr
        assert not sa.inspect(db.engine).has_table("nine_new")
    assert _read(db, "SELECT a, b FROM nine") == [("kept", None)]


def test_a_header_column_the_table_lacks_is_refused_unless_skipped(db, tmp_path) -> None:
    _nine_columns(db)
    path = tmp_path / "typo.csv"
    path.write_text("a,bb,c\n1,2,3\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "nine")
    assert (done.returncode, done.stderr.strip()) == (
        1, "Error: typo.csv has column 'bb' that nine lacks. Nothing was imported; --skip-unknown-columns "
           "leaves them out.")
    assert _read(db, "SELECT COUNT(*) FROM nine") == [(1,)]
    assert "--skip-unknown-columns" in guiapp("import", "--help").stdout
    done = guiapp("--url", _url(db), "import", str(path), "nine", "--skip-unknown-columns")
    assert done.returncode == 0, done.stderr
    assert _read(db, "SELECT a, b, c FROM nine ORDER BY a") == [("1", None, "3"), ("kept", None, None)]


def test_a_header_that_repeats_a_name_is_refused_not_imported_as_a_row(db, tmp_path) -> None:
    """'id,name,name' over numbers is a header with a mistake in it: refused, naming the name and its
    fields, the table unchanged and none created. A first line of repeated words over more words is
    data, as before; --no-header imports a repeated header as data when the user says so."""
    _nine_columns(db)
    path = tmp_path / "twice.csv"
    path.write_text("a,b,b\n1,2,3\n4,5,6\n", encoding="utf-8")
    for args in (["nine"], ["twice", "--create"]):
        done = guiapp("--url", _url(db), "import", str(path), *args)
        assert (done.returncode, done.stderr.strip()) == (
            1, "Error: twice.csv, line 1: the header names the column 'b' twice (fields 2 and 3). Nothing was "
               "imported; rename one, or, if the first line is data, import without a header."), args
    assert not sa.inspect(db.engine).has_table("twice")
    assert _read(db, "SELECT COUNT(*) FROM nine") == [(1,)]
    done = guiapp("--url", _url(db), "import", str(path), "twice", "--create", "--no-header")
    assert done.returncode == 0, done.stderr
    assert sorted(_read(db, "SELECT column_1, column_2, column_3 FROM twice")) == [
        ("1", "2", "3"), ("4", "5", "6"), ("a", "b", "b")]
    words = tmp_path / "words.csv"
    words.write_text("yes,yes,no\nno,no,yes\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(words), "words", "--create")
    assert done.returncode == 0, done.stderr
    assert sorted(_read(db, "SELECT column_1, column_2, column_3 FROM words")) == [("no", "no", "yes"),
                                                                                   ("yes", "yes", "no")]


def test_csv_reads_an_unquoted_empty_field_as_null_and_quotes_as_the_empty_string(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE src (id INTEGER, t VARCHAR(20), u VARCHAR(20))")
        conn.exec_driver_sql("INSERT INTO src VALUES (1, '', NULL), (2, NULL, ''), (3, ' ', 'x')")
        conn.exec_driver_sql("CREATE TABLE dst (id INTEGER, t VARCHAR(20), u VARCHAR(20))")
        conn.exec_driver_sql("CREATE TABLE one (t VARCHAR(20))")
    out = tmp_path / "src.csv"
    assert guiapp("--url", _url(db), "export", "src", "-o", str(out)).returncode == 0
    done = guiapp("--url", _url(db), "import", str(out), "dst")
    assert done.returncode == 0, done.stderr
    assert _read(db, "SELECT id, t, u FROM dst ORDER BY id") == [(1, "", None), (2, None, ""), (3, " ", "x")]
    single = tmp_path / "one.csv"
    single.write_text('t\n""\n\nx\n', encoding="utf-8")  # a blank line in a one-column file is NULL
    assert guiapp("--url", _url(db), "import", str(single), "one").returncode == 0
    assert sorted(_read(db, "SELECT t FROM one"), key=repr) == [("",), ("x",), (None,)]


def test_guiapp_json_export_imports_back_and_other_json_is_refused(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE src (id INTEGER, name VARCHAR(20), price NUMERIC(10, 2))")
        conn.exec_driver_sql("INSERT INTO src VALUES (1, 'Ada', 1.50), (2, '', NULL), (3, NULL, 2.25)")
    out = tmp_path / "src.json"
    assert guiapp("--url", _url(db), "export", "src", "-o", str(out)).returncode == 0
    done = guiapp("--url", _url(db), "import", str(out), "back", "--create")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "Imported 3 rows into back (created)."
    assert _read(db, "SELECT id, name, price FROM back ORDER BY id") == _read(
        db, "SELECT id, name, price FROM src ORDER BY id")
    lines = tmp_path / "src.jsonl"
    lines.write_text("".join(json.dumps(o) + "\n" for o in json.loads(out.read_text())), encoding="utf-8")
    assert guiapp("--url", _url(db), "import", str(lines), "back").returncode == 0
    assert _read(db, "SELECT COUNT(*) FROM back") == [(6,)]
    shapes = {"scalars.json": ("[1, 2]", "scalars.json is neither a JSON array of objects (what guiapp exports) "
                               "nor JSON Lines (one object a line): item 1 (line 1) is not an object."),
              "pretty.json": ('{\n "rows": []\n}\n', "pretty.json is neither JSON Lines (one object a line) nor a "
                              "JSON array of objects: line 1 is not JSON (Expecting property name enclosed in "
                              "double quotes)."),
              "keys.json": ('[{"id": 1},\n {"id": 2, "extra": 1}]',
                            "keys.json, line 2: key 'extra' is not in the first object; every object must have "
                            "the keys of the first one."),
              "cut.json": ('[{"id": 1},\n {"id": 2', "cut.json, line 2: not JSON (Expecting ',' delimiter).")}
    for name, (text, message) in shapes.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        done = guiapp("--url", _url(db), "import", str(path), "back")
        assert (done.returncode, done.stderr.strip()) == (1, f"Error: {message}"), name
    assert _read(db, "SELECT COUNT(*) FROM back") == [(6,)]
    assert not sa.inspect(db.engine).has_table("[")


def test_a_byte_not_in_the_encoding_is_refused_naming_its_line_and_a_bom_is_never_data(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE people (id INTEGER, name VARCHAR(20))")
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes("id,name\n1,Céline\n2,José\n".encode("utf-8") + "3,Zoë\n".encode("cp1252")
                      + "4,Chloé\n".encode("utf-8"))
    done = guiapp("--url", _url(db), "import", str(mixed), "people")
    assert (done.returncode, done.stderr.strip()) == (
        1, "Error: mixed.csv, line 4: the text is not utf-8; choose its encoding.")
    assert _read(db, "SELECT COUNT(*) FROM people") == [(0,)]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbfid,name\n7,Ren\xc3\xa9\n")
    for encoding in ((), ("--encoding", "utf-8"), ("--encoding", "utf-8-sig")):
        done = guiapp("--url", _url(db), "import", str(bom), "people", *encoding)
        assert done.returncode == 0, done.stderr
    assert _read(db, "SELECT id, name FROM people") == [(7, "René")] * 3


def test_a_field_longer_than_131072_characters_imports_and_lines_are_counted_across_newlines(db, tmp_path) -> None:
    long = "x" * 200_000 + "\nend"
    path = tmp_path / "long.csv"
    path.write_text(f'n,t\n1,"{long}"\n2,"two\nlines"\n3,short\n', encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "longs", "--create")
    assert done.returncode == 0, done.stderr
    assert _read(db, "SELECT n, t FROM longs ORDER BY n") == [(1, long), (2, "two\nlines"), (3, "short")]
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE nums (n INTEGER, t VARCHAR(10))")
    path.write_text('n,t\n1,"a\nb"\n2,"two\nlines"\nthree,"x\ny"\n', encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "nums")  # a row is named by its first line
    assert done.stderr.strip() == "Error: long.csv, line 6, column n: 'three' is not a whole number."


def test_a_duplicate_key_names_the_line_of_the_file(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE keyed (id INTEGER PRIMARY KEY, v VARCHAR(10))")
        conn.exec_driver_sql("INSERT INTO keyed VALUES (0, 'kept')")
    path = tmp_path / "dups.csv"
    path.write_text("id,v\n" + "".join(f"{i},v\n" for i in range(1, 7001)) + "6500,again\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "keyed")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: dups.csv, line 7002: "), done.stderr
    assert "6500" in done.stderr or "duplicate" in done.stderr.lower() or "unique" in done.stderr.lower()
    assert _read(db, "SELECT id, v FROM keyed") == [(0, "kept")]


def test_a_schema_qualified_table_on_postgresql(postgresql_db, tmp_path) -> None:
    db = postgresql_db
    path = tmp_path / "orders.csv"
    path.write_text("id,item\n1,tea\n", encoding="utf-8")
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE SCHEMA sales")
            conn.exec_driver_sql("CREATE TABLE sales.orders (id INTEGER, item TEXT)")
        done = guiapp("--url", _url(db), "import", str(path), "sales.orders")
        assert (done.returncode, done.stderr.strip()) == (0, "Imported 1 row into sales.orders.")
        done = guiapp("--url", _url(db), "import", str(path), "sales.archive", "--create")
        assert done.returncode == 0, done.stderr
        assert _read(db, "SELECT id, item FROM sales.orders") == [(1, "tea")]
        assert _read(db, "SELECT id, item FROM sales.archive") == [(1, "tea")]
        assert not sa.inspect(db.engine).has_table("sales.archive")
    finally:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS sales CASCADE")

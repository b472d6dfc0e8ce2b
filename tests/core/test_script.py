"""Splitting scripts: strings, comments, DELIMITER blocks and line numbers."""

from guiapp.core.script import split_script


def test_semicolons_inside_strings_and_comments_do_not_split() -> None:
    text = "SELECT 'a;b', \"c;d\"; -- trailing; comment\n/* block; */ SELECT 2;"
    assert [s.sql for s in split_script(text)] == ["SELECT 'a;b', \"c;d\"", "/* block; */ SELECT 2"]


def test_delimiter_blocks_keep_inner_semicolons_and_line_numbers() -> None:
    text = ("SELECT 1;\n"
            "DELIMITER //\n"
            "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT '//';\nEND //\n"
            "DELIMITER ;\n"
            "SELECT 3;")
    statements = split_script(text)
    assert [s.line for s in statements] == [1, 3, 9]
    assert statements[1].sql.startswith("CREATE PROCEDURE p()") and statements[1].sql.endswith("END")
    assert "SELECT '//';" in statements[1].sql
    assert [s.number for s in statements] == [1, 2, 3]


def test_blank_and_comment_only_pieces_are_skipped() -> None:
    assert split_script("  ;\n-- nothing here\n;") == []


def test_statement_kinds() -> None:
    select, create, insert = split_script("WITH x AS (SELECT 1) SELECT * FROM x; CREATE TABLE t (a int); INSERT INTO t VALUES (1)")
    assert select.is_read_only and not select.is_ddl
    assert create.is_ddl and not create.is_read_only
    assert not insert.is_read_only and not insert.is_ddl


def test_a_backslash_escapes_a_quote_only_where_the_database_says_so() -> None:
    from guiapp.core.script import MYSQL
    text = "INSERT INTO t VALUES ('a\\'); SELECT 2"
    # SQLite and PostgreSQL: the string is 'a\' and the ';' after it ends the statement.
    assert [s.sql for s in split_script(text)] == ["INSERT INTO t VALUES ('a\\')", "SELECT 2"]
    # MySQL: \' is a quote inside the string, which is never closed: one statement.
    assert len(split_script(text, MYSQL)) == 1


def test_postgresql_dollar_and_escape_strings_keep_their_semicolons() -> None:
    from guiapp.core.script import POSTGRESQL
    text = ("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
            "SELECT E'it\\'s; fine', $$a;b$$;\nSELECT 3")
    assert [s.sql.split()[0] for s in split_script(text, POSTGRESQL)] == ["CREATE", "SELECT", "SELECT"]
    assert [s.line for s in split_script(text, POSTGRESQL)] == [1, 2, 3]


def test_trigger_bodies_are_one_statement() -> None:
    text = ("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  INSERT INTO log VALUES (1);\n"
            "  UPDATE x SET n = CASE WHEN n > 0 THEN 1 ELSE 0 END;\nEND;\nSELECT 1;")
    statements = split_script(text)
    assert len(statements) == 2 and statements[0].sql.endswith("END") and statements[1].line == 5


def test_a_statement_of_a_million_tokens_is_one_statement() -> None:
    values = ",".join(f"({i}, 'v{i}; x')" for i in range(200_000))
    [statement] = split_script(f"INSERT INTO t VALUES {values};")
    assert statement.sql.endswith("'v199999; x')")


def test_comments_left_after_a_delimiter_do_not_shift_the_line() -> None:
    first, second = split_script("SELECT 1; -- about the next one\n-- more\nSELECT 2")
    assert second.sql == "SELECT 2" and second.line == 3 and second.keyword == "SELECT"


def test_a_statement_may_start_with_any_letter() -> None:
    # Found by the property tests: a non-ASCII letter crashed the splitter (and so the console).
    assert [s.sql for s in split_script("é😀; SELECT naïve FROM café")] == ["é😀", "SELECT naïve FROM café"]


def test_a_trigger_after_another_statement_on_the_same_line_keeps_its_body_whole() -> None:
    text = ("CREATE TABLE t (a INT); CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN "
            "UPDATE t SET a = 1; UPDATE t SET a = 2; END; SELECT 1")
    statements = [s.sql for s in split_script(text)]
    assert len(statements) == 3, statements
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END")

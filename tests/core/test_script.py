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

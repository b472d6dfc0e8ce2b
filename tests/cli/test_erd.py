"""guiapp erd: the schema or the declared models drawn to SVG or PNG with no screen; a wrong name or
file type is one line on stderr and a non-zero exit. Three backends."""

from __future__ import annotations

from tests.helpers.cli import guiapp


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def test_the_database_is_drawn_to_svg_and_png(db, models, tmp_path) -> None:
    from guiapp.core.schema.ddl import create_models
    create_models(db, models)
    svg = tmp_path / "schema.svg"
    done = guiapp("--url", _url(db), "erd", "-o", str(svg))
    assert done.returncode == 0, done.stderr
    assert "foreign keys drawn to" in done.stderr
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "person_hobby" in text and "hobby_id" in text
    png = tmp_path / "two.png"
    only = guiapp("--url", _url(db), "erd", "users", "books", "-o", str(png))
    assert only.returncode == 0, only.stderr
    assert "2 tables and 1 foreign key drawn" in only.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_models_are_drawn_without_their_tables(db, tmp_path) -> None:
    out = tmp_path / "models.svg"
    done = guiapp("--url", _url(db), "erd", "--from-models", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "person_hobby" in out.read_text(encoding="utf-8")


def test_a_wrong_table_or_file_type_is_one_line_and_a_failure(db, tmp_path) -> None:
    unknown = guiapp("--url", _url(db), "erd", "nosuch", "-o", str(tmp_path / "x.svg"))
    assert unknown.returncode == 1 and len(unknown.stderr.strip().splitlines()) == 1
    assert "'nosuch' is not a table here" in unknown.stderr
    wrong = guiapp("--url", _url(db), "erd", "-o", str(tmp_path / "x.pdf"))
    assert wrong.returncode != 0 and "written as .svg or .png" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1
    folder = guiapp("--url", _url(db), "erd", "-o", str(tmp_path / "no" / "such" / "x.png"))
    assert folder.returncode == 1 and "Cannot write" in folder.stderr, folder.stderr
    assert "No such file or directory" in folder.stderr and len(folder.stderr.strip().splitlines()) == 1

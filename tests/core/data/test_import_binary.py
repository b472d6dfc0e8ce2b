"""A BLOB exported (0x and hex; PostgreSQL's \\x and hex) imports back into a binary column as the
same bytes, not as the text of its hex; other text goes in as its UTF-8 bytes. Run as a user runs it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.helpers.cli import guiapp

BLOBS = [(1, b"\x00\xff\r\n,\"'\\"), (2, b""), (3, None), (4, bytes(range(256)))]


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _blobs(db, table: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [(i, None if b is None else bytes(b))
                for i, b in conn.execute(sa.text(f"SELECT id, b FROM {table} ORDER BY id"))]


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_an_exported_blob_imports_back_as_the_same_bytes(db, tmp_path, suffix) -> None:
    blob = sa.LargeBinary()
    for name in ("src", "dst"):
        sa.Table(name, sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("b", blob)).create(db.engine)
    with db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO src (id, b) VALUES (:i, :b)"), [{"i": i, "b": b} for i, b in BLOBS])
    out = tmp_path / f"src.{suffix}"
    assert guiapp("--url", _url(db), "export", "src", "-o", str(out)).returncode == 0
    done = guiapp("--url", _url(db), "import", str(out), "dst")
    assert done.returncode == 0, done.stderr
    assert _blobs(db, "dst") == BLOBS
    again = tmp_path / f"dst.{suffix}"
    assert guiapp("--url", _url(db), "export", "dst", "-o", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_text_that_is_not_hex_goes_into_a_blob_as_its_utf8_bytes(db, tmp_path) -> None:
    sa.Table("notes", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("b", sa.LargeBinary())).create(db.engine)
    path = tmp_path / "notes.csv"
    path.write_text('id,b\n1,caf\u00e9 \\x\n2,0xZZ\n', encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "notes")
    assert done.returncode == 0, done.stderr
    assert _blobs(db, "notes") == [(1, "caf\u00e9 \\x".encode()), (2, b"0xZZ")]

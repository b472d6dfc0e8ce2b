"""The file is read in blocks cut at line ends: records that straddle blocks, NULL vs '' and line
numbers must come out as they do line by line. Small blocks make every record straddle one."""

from __future__ import annotations

import csv

import pytest
import sqlalchemy as sa

from guiapp.core.data import sniffing
from guiapp.core.data.importing import import_file
from guiapp.core.data.sniffing import ImportError_, read_rows, sniff


@pytest.mark.parametrize("block", [7, 64, 1 << 20])
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_records_across_blocks_keep_their_values_and_lines(tmp_path, monkeypatch, block, end) -> None:
    monkeypatch.setattr(sniffing.LineReader, "BLOCK", block)
    rows = [["1", "plain", ""], ["2", "", "x"], ["3", "multi\nline\nvalue", ""], ["4", "q\"uote", "é✓"],
            ["5", "", ""], ["6", "a" * 300, "long"]]
    path = tmp_path / "blocks.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"id,a,b{end}")
        for row in rows:
            quoted = [f'"{v}"' if v and not v.isalnum() else v for v in row]
            f.write(",".join(v.replace('"q"uote"', '"q""uote"') for v in quoted) + end)
        f.write(f'7,"",{end}')  # a quoted empty field: ''; an unquoted one: NULL
    names, read = read_rows(path, sniff(path))
    got = list(read)
    assert names == ["id", "a", "b"]
    after = 5 if end == "\r" else 7  # a quoted LF in a file of CR lines is no line end
    assert [line for line, _ in got] == [2, 3, 4, after, after + 1, after + 2, after + 3]
    assert [v for _, v in got] == [["1", "plain", None], ["2", None, "x"], ["3", "multi\nline\nvalue", None],
                                   ["4", 'q"uote', "é✓"], ["5", None, None], ["6", "a" * 300, "long"],
                                   ["7", "", None]]


def test_a_bad_byte_after_a_block_boundary_names_its_line(sqlite_db, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sniffing.LineReader, "BLOCK", 50)
    with sqlite_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER, v TEXT)")
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,v\n" + b"".join(b"%d,value %d\n" % (i, i) for i in range(1, 40)) + b"40,caf\xe9\n41,x\n")
    with pytest.raises(ImportError_, match=r"^bad\.csv, line 41: the text is not utf-8; choose its encoding\.$"):
        import_file(sqlite_db, path, "t", sniff(path).with_(encoding="utf-8"))
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM t")).scalar() == 0


def test_a_row_of_the_wrong_width_far_into_a_file_is_named_by_its_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sniffing.LineReader, "BLOCK", 100)
    path = tmp_path / "wide.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "v"])
        for i in range(1, 200):
            writer.writerow([i, f"two\nlines {i}" if i % 7 == 0 else f"v{i}"])
        f.write("200,a,b\n")
    lines = 1 + 199 + 199 // 7  # the header, a line a row, one more for each two-line value
    with pytest.raises(ImportError_, match=rf"^wide\.csv, line {lines + 1}: 3 fields where the header has 2\.$"):
        list(read_rows(path, sniff(path))[1])

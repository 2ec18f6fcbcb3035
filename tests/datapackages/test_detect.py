"""A file is judged by its bytes: a PDF named .csv or a web page named .xlsx is refused by what it is."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from datapackages.detect import detect_format
from datapackages.errors import UnreadableFile, UnsafeFile
from datapackages.limits import Limits

from ..builders import xlsx, zip_with


def test_csv_and_workbooks_are_recognised_whatever_their_names(tmp_path: Path) -> None:
    csv_named_xlsx = tmp_path / "bao-cao.xlsx"
    csv_named_xlsx.write_text("a,b\n1,2\n", encoding="utf-8")
    workbook_named_csv = xlsx(tmp_path / "du-lieu.csv", [["a"], [1]])

    assert detect_format(csv_named_xlsx) == "csv"
    assert detect_format(workbook_named_csv) == "xlsx"


@pytest.mark.parametrize(
    ("content", "detected"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "pdf"),
        (b"<!DOCTYPE html><html><body>Bao cao</body></html>", "html"),
        (b"\xef\xbb\xbf  <html><head></head></html>", "html"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"<?xml version='1.0'?><Workbook/>", "xml"),
        (b"a,b\n\x00\x01\x02\x03binary", "binary"),
    ],
)
def test_files_that_are_not_tables_are_refused_by_content(tmp_path: Path, content: bytes, detected: str) -> None:
    path = tmp_path / "du-lieu.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        detect_format(path)
    assert caught.value.code == "unsupported-file-type"
    assert caught.value.params["detected"] == detected


@pytest.mark.parametrize("content", [b"", b"   \n\r\n", b"\xef\xbb\xbf\n", b"\xff\xfe\n\x00 \x00"])
def test_empty_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        detect_format(path)
    assert caught.value.code == "empty-file"


def test_a_truncated_workbook_is_corrupt(tmp_path: Path) -> None:
    whole = xlsx(tmp_path / "whole.xlsx", [["a"], [1]])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[:300])
    with pytest.raises(UnreadableFile) as caught:
        detect_format(cut)
    assert caught.value.code == "corrupt-file"


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    archive = zip_with(tmp_path / "data.xlsx", {"readme.txt": b"hello"})
    with pytest.raises(UnreadableFile) as caught:
        detect_format(archive)
    assert caught.value.params["detected"] == "zip"


def test_legacy_and_opendocument_spreadsheets_are_recognised(tmp_path: Path) -> None:
    ods = zip_with(tmp_path / "data.xlsx", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
                   compression=zipfile.ZIP_STORED)
    xls = tmp_path / "data.csv"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert detect_format(ods) == "ods"
    assert detect_format(xls) == "xls"


def test_entity_declarations_in_any_workbook_part_are_refused_before_parsing(tmp_path: Path) -> None:
    from datapackages.errors import UnsafeFile

    workbook = xlsx(tmp_path / "ok.xlsx", [["a"], [1]])
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(tmp_path / "evil.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "b">]>' + data
            target.writestr(item.filename, data)
    with pytest.raises(UnsafeFile) as caught:
        detect_format(tmp_path / "evil.xlsx")
    assert caught.value.code == "xml-entities"


def test_a_macro_workbook_is_recognised(tmp_path: Path) -> None:
    plain = xlsx(tmp_path / "plain.xlsx", [["a"], [1]])
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(tmp_path / "macro.xlsx", "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00" * 32)
    assert detect_format(tmp_path / "macro.xlsx") == "xlsm"


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path: Path) -> None:
    bomb = zip_with(tmp_path / "bomb.xlsx", {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024)})
    assert bomb.stat().st_size < 200 * 1024  # tiny on disk, 60 MB inside

    with pytest.raises(UnsafeFile) as caught:
        detect_format(bomb)
    assert caught.value.code == "zip-bomb"


def test_a_workbook_over_the_unzipped_limit_is_refused(tmp_path: Path) -> None:
    workbook = xlsx(tmp_path / "big.xlsx", [["a", "b"], *[[n, "x" * 50] for n in range(2000)]])
    with pytest.raises(UnsafeFile):
        detect_format(workbook, Limits(max_unzipped_bytes=50 * 1024))


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 1000)
    with pytest.raises(UnreadableFile) as caught:
        detect_format(path, Limits(max_bytes=1000))
    assert caught.value.code == "file-too-large"
    assert caught.value.params == {"size": 4004, "limit": 1000}

"""Read delimited text (CSV, TSV, semicolon files from European-locale Excel) as rows of strings."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import charset_normalizer

from ..errors import UnreadableFile
from ..limits import Limits
from .sheet import Cell, Sheet

__all__ = ["read_text"]

_SAMPLE_BYTES = 64 * 1024
_DELIMITERS = ",;\t|"


def read_text(path: Path, limits: Limits) -> list[Sheet]:
    """A delimited text file is one sheet, named '' (options saved for it apply to any re-upload)."""
    encoding = detect_encoding(path)
    dialect = _sniff_dialect(path, encoding)
    notes: list[tuple[str, dict[str, Any]]] = []
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        notes.append(("read-encoding", {"encoding": encoding}))
    if dialect.delimiter != ",":
        notes.append(("read-delimiter", {"delimiter": _delimiter_label(dialect.delimiter)}))
    return [Sheet(name="", read=lambda: _rows(path, encoding, dialect, limits), notes=notes)]


def detect_encoding(path: Path) -> str:
    """UTF-8 when the whole file decodes as UTF-8 (the common case, checked exactly), else a guess."""
    with open(path, "rb") as stream:
        head = stream.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes_as_utf8(path):
        return "utf-8"
    with open(path, "rb") as stream:
        sample = stream.read(_SAMPLE_BYTES)
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise UnreadableFile("unknown-encoding")
    return codecs.lookup(best.encoding).name


def _decodes_as_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sniff_dialect(path: Path, encoding: str) -> type[csv.Dialect] | csv.Dialect:
    with open(path, encoding=encoding, errors="replace", newline="") as stream:
        sample = stream.read(_SAMPLE_BYTES)
    # Cut at the last complete line so a half line does not mislead the sniffer.
    if "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel


def _rows(path: Path, encoding: str, dialect: type[csv.Dialect] | csv.Dialect, limits: Limits) -> Iterator[list[Cell]]:
    csv.field_size_limit(limits.max_line_bytes)
    with open(path, encoding=encoding, newline="") as stream:
        reader = csv.reader(stream, dialect)
        try:
            for row in reader:
                if len(row) > limits.max_columns:
                    raise UnreadableFile("too-many-columns", row=reader.line_num, limit=limits.max_columns)
                yield row
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise UnreadableFile("line-too-long", row=reader.line_num, limit=limits.max_line_bytes) from error
            raise UnreadableFile("corrupt-file", reason=str(error)[:200]) from error
        except UnicodeDecodeError as error:
            raise UnreadableFile("unknown-encoding") from error


def _delimiter_label(delimiter: str) -> str:
    return {"\t": "tab", ";": ";", "|": "|"}.get(delimiter, delimiter)

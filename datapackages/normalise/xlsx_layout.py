"""What an .xlsx says about its cells beyond their values: zero-padded codes, errors, stale formulas.

Parsing every cell of a large sheet in Python costs seconds, and these cases are rare, so the
sheet XML is searched with byte patterns that match only the cells that matter. The small parts
that describe the workbook (sheet list, relationships, styles) go through defusedxml.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

from .sheet import Layout

__all__ = ["sheet_layouts"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ZERO_PADDED = re.compile(r"0{2,}")
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\st="e"[^>]*>(?:\s*<f[^>]*?(?:/>|>[^<]*</f>))?\s*<v>([^<]*)</v>')
_UNCACHED = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*>\s*<f[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')


def sheet_layouts(path: Path) -> dict[str, Layout]:
    """Layout per sheet name. A workbook whose parts cannot be read yields no layout: calamine
    will then say whether the file itself is readable."""
    try:
        with zipfile.ZipFile(path) as archive:
            sheets = _sheet_parts(archive)
            padded_styles = _padded_styles(archive)
            return {name: _scan(archive.read(part), padded_styles) for name, part in sheets.items() if part in archive.namelist()}
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ElementTree.ParseError, ValueError, NotImplementedError):
        return {}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for relation in relations.iter(f"{_PACKAGE_REL}Relationship"):
        target = relation.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[relation.get("Id")] = resolved
    return {
        sheet.get("name", ""): targets.get(sheet.get(f"{_REL}id"), "")
        for sheet in workbook.iter(f"{_MAIN}sheet")
    }


def _padded_styles(archive: zipfile.ZipFile) -> dict[int, int]:
    """Style index → width, for cell styles whose number format pads with zeros ('00000')."""
    if "xl/styles.xml" not in archive.namelist():
        return {}
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    widths = {}
    for number_format in styles.iter(f"{_MAIN}numFmt"):
        code = (number_format.get("formatCode") or "").split(";")[0].replace('"', "").replace("\\", "")
        if _ZERO_PADDED.fullmatch(code):
            widths[number_format.get("numFmtId")] = len(code)
    padded = {}
    cell_formats = styles.find(f"{_MAIN}cellXfs")
    for index, cell_format in enumerate(cell_formats if cell_formats is not None else []):
        width = widths.get(cell_format.get("numFmtId"))
        if width:
            padded[index] = width
    return padded


def _scan(xml: bytes, padded_styles: dict[int, int]) -> Layout:
    layout = Layout()
    if padded_styles:
        pattern = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\ss="(' + b"|".join(str(index).encode() for index in padded_styles) + rb')"')
        for column, row, style in pattern.findall(xml):
            layout.padded[(int(row) - 1, _column_index(column))] = padded_styles[int(style)]
    if b't="e"' in xml:
        for column, row, value in _ERROR_CELL.findall(xml):
            layout.errors[(int(row) - 1, _column_index(column))] = value.decode("utf-8", "replace")
    if b"<f" in xml:
        for column, row in _UNCACHED.findall(xml):
            layout.uncached.add((int(row) - 1, _column_index(column)))
    return layout


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1

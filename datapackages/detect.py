"""Tell what a file is from its bytes, never from its name.

Officers rename files, browsers guess media types, and attackers lie about both. The few
signatures that matter here are checked directly: we must open a workbook's zip directory anyway
to bound its unzipped size, so a detection library would add a dependency without removing work.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from .errors import UnreadableFile, UnsafeFile
from .limits import Limits

__all__ = ["detect_format", "SUPPORTED_FORMATS"]

SUPPORTED_FORMATS = ("csv", "xlsx", "xlsm", "xlsb", "xls", "ods")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
    (b"{\\rtf", "rtf"),
)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def detect_format(path: Path, limits: Limits = Limits()) -> str:
    """Return one of ``SUPPORTED_FORMATS`` or raise why the file cannot be read as a table."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise UnreadableFile("file-too-large", size=size, limit=limits.max_bytes)
    with open(path, "rb") as stream:
        head = stream.read(8192)
    text = _sniff_text(head)
    if not text.strip():
        raise UnreadableFile("empty-file")
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path, limits)
    if head.startswith(_OLE2):
        # Legacy .xls, or an .xlsx protected with a password (Excel wraps those in OLE2 too; the
        # reader tells them apart).
        return "xls"
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            raise UnreadableFile("unsupported-file-type", detected=name)
    start = text.lstrip()[:64].lower()
    if start.startswith(("<!doctype html", "<html", "<head", "<body")):
        raise UnreadableFile("unsupported-file-type", detected="html")
    if start.startswith("<?xml"):
        raise UnreadableFile("unsupported-file-type", detected="xml")
    if "\x00" in text:
        raise UnreadableFile("unsupported-file-type", detected="binary")
    return "csv"


def _sniff_text(head: bytes) -> str:
    """Decode the first bytes just enough to look at them (the real decoding comes later)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, "ignore")
    return head.decode("latin-1")


def _zip_format(path: Path, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            check_zip_bounds(members, limits)
            kind = None
            if "xl/workbook.xml" in names:
                kind = "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
            elif "xl/workbook.bin" in names:
                kind = "xlsb"
            elif "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:100]:
                kind = "ods"
            if kind:
                _refuse_entity_declarations(archive, members)
                return kind
            if "word/document.xml" in names:
                raise UnreadableFile("unsupported-file-type", detected="docx")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise UnreadableFile("corrupt-file", reason=str(error)[:200]) from error
    raise UnreadableFile("unsupported-file-type", detected="zip")


def _refuse_entity_declarations(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """No part of an Office or OpenDocument file needs a DTD; one that declares entities is an attack
    (billion laughs, external entities), refused before any parser sees it."""
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as stream:
                start = stream.read(2048)
            if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                raise UnsafeFile("xml-entities")


def check_zip_bounds(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse archives whose parts would unzip beyond the limits.

    The sizes declared in the zip directory are a safe bound: ``zipfile`` never yields more
    bytes than a member declares, and a member that lies fails its CRC check.
    """
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.max_unzipped_bytes:
            raise UnsafeFile("zip-bomb", limit=limits.max_unzipped_bytes)
        if member.file_size > 1024 * 1024:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise UnsafeFile("zip-bomb", limit=limits.max_unzipped_bytes)

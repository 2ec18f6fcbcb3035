"""ASCII names for things people title in Vietnamese.

    slugify('Kết quả giải quyết hồ sơ')    → 'ket-qua-giai-quyet-ho-so'   (URLs, package and resource names)
    field_name('Số hồ sơ - Trực tuyến')     → 'so_ho_so_truc_tuyen'        (Table Schema field names)

The titles themselves are always kept beside the names, diacritics intact.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from anyascii import anyascii

__all__ = ["SLUG_PATTERN", "field_name", "fold", "plain_text", "safe_filename", "slugify", "unique_names"]

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def fold(text: str) -> str:
    """Lowercase without diacritics ('Tổng Cộng' → 'tong cong'), for matching words however typed."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def slugify(text: str, max_length: int = 80) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    return slug[:max_length].rstrip("-")


def field_name(title: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", anyascii(title).lower()).strip("_")
    if name and name[0].isdigit():
        name = f"c_{name}"
    return name[:64].rstrip("_")


def unique_names(titles: list[str]) -> tuple[list[str], list[tuple[str, dict[str, Any]]]]:
    """A field name for every column, unique and never blank, with notes on what had to be resolved."""
    names: list[str] = []
    notes: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for number, title in enumerate(titles, start=1):
        base = field_name(title)
        if not base:
            base = f"column_{number}"
            notes.append(("blank-header", {"column": number}))
        name, suffix = base, 2
        while name in seen:
            name, suffix = f"{base}_{suffix}", suffix + 1
        if name != base:
            notes.append(("duplicate-header", {"column": number, "title": title, "name": name}))
        seen.add(name)
        names.append(name)
    return names, notes


def plain_text(text: str, *, multiline: bool = False) -> str:
    """Text a person typed, without control characters (NUL breaks PostgreSQL, others break
    terminals and CSV readers), composed (NFC); line breaks kept only where ``multiline``."""
    kept = "\n\t" if multiline else ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    cleaned = "".join(char for char in text if char in kept or unicodedata.category(char)[0] != "C")
    return cleaned if multiline else " ".join(cleaned.split())


def safe_filename(name: str, max_length: int = 200) -> str:
    """The last part of an uploaded file's name, without path or control characters, diacritics kept.

    '../../etc/Báo cáo\\x00.xlsx' → 'Báo cáo.xlsx'. Used only for display and download names; the
    bytes are always stored under their hash, never under a name a user chose.
    """
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip(" .")
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: max_length - len(extension) - 1] + dot + extension) if dot and len(extension) < 10 else name[:max_length]
    return name or "upload"

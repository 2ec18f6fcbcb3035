"""Open the CSV the way frictionless does, to learn its header and where the data starts.

frictionless reads the first 100 lines to sniff a dialect (``csv.Sniffer``), then the first 100
records to guess which row is the header (the first row whose width is near the average), and
takes the labels from that row, stripped. The engine repeats those steps on the same sample and
declines (``Unsupported``) when their outcome is anything but "comma, double quote, header on the
first row": a sniffer fooled into another delimiter, or a header guessed further down, is rare in
tidy tables and exactly the kind of surprise frictionless should answer for itself.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from .support import Unsupported

__all__ = ["FIELD_SIZE_LIMIT", "Opening", "open_table"]

FIELD_SIZE_LIMIT = 2147483646
"""frictionless raises the csv module's field size limit to this when it is imported."""
SAMPLE_SIZE = 100
"""frictionless's sample: 100 text lines for the sniffer, 100 records for the header guess."""
_DELIMITERS = ",\t;|"


@dataclass(frozen=True)
class Opening:
    labels: list[str]
    data_offset: int
    """Byte offset of the first data record (just after the header record)."""
    sample_records: int
    """How many records frictionless reads ahead when it opens the table (at most 100)."""


def open_table(path: Path) -> Opening:
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        with open(path, "rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            lines = list(islice(text, SAMPLE_SIZE))
            _check_dialect("".join(lines))
            consumed = 0

            def counted():  # type: ignore[no-untyped-def]
                nonlocal consumed
                for line in lines:
                    consumed += 1
                    yield line

            reader = csv.reader(chain(counted(), text), csv.excel)
            first = next(reader, None)
            header_lines = consumed
            records = [first, *islice(reader, SAMPLE_SIZE - 1)] if first is not None else []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise Unsupported(f"unreadable file ({type(error).__name__})") from error
    if not records or not records[0]:
        raise Unsupported("empty header")
    _check_header_row([len(cells) for cells in records])
    labels = [cell.strip() for cell in records[0]]
    offset = sum(len(line.encode("utf-8")) for line in lines[:header_lines])
    return Opening(labels, offset, len(records))


def _check_dialect(sample: str) -> None:
    """frictionless's CsvParser: sniff, then use what was sniffed unless it is the default."""
    try:
        sniffed = csv.Sniffer().sniff(sample, _DELIMITERS)
    except csv.Error:
        return  # frictionless falls back to csv.excel, which is what the engine reads
    quote = '"' if sniffed.quotechar == "'" else sniffed.quotechar
    if sniffed.delimiter != "," or quote != '"' or sniffed.skipinitialspace or getattr(sniffed, "escapechar", None):
        raise Unsupported("a CSV dialect other than comma and double quote")


def _check_header_row(widths: list[int]) -> None:
    """frictionless's Detector.detect_dialect: the header is the first row near the average width."""
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    for number, size in enumerate(widths, start=1):
        if width - drift <= size <= width + drift:
            if number != 1:
                raise Unsupported("a header row guessed below the first row")
            return

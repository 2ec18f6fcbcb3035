"""The personal-data guard: how well it finds (precision and recall over the corpus in
tests/data/personal) and what it costs (scanning a generated 1,000,000-row CSV, beside validating
the same file with ``datapackages.validate.validate_table``, whatever engine that has).

The budget: scanning may add at most 20 % to validation's time.

    python -m benchmarks.personal_scan scan FILE SCHEMA       one scan of a tidy CSV
    python -m benchmarks.personal_scan validate FILE SCHEMA   one validation of it

BENCH_PERSONAL_ROWS changes the row count (default 1,000,000).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROWS = int(os.environ.get("BENCH_PERSONAL_ROWS", "1000000"))
BUDGET = 0.20
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "personal"

FIELDS = [
    ("ma_xa", "Mã xã", "string"),
    ("ho_va_ten", "Họ và tên", "string"),
    ("ngay_sinh", "Ngày sinh", "date"),
    ("so_cccd", "Số CCCD", "string"),
    ("so_dien_thoai", "Số điện thoại", "string"),
    ("email", "Email", "string"),
    ("dia_chi_thuong_tru", "Địa chỉ thường trú", "string"),
    ("so_tien_ho_tro", "Số tiền hỗ trợ (đồng)", "integer"),
]
"""The worst case: six of eight columns are personal, so every one of them is checked in full."""


def generate(path: Path, rows: int = ROWS) -> dict[str, Any]:
    """A tidy CSV of synthetic beneficiaries and its schema; returns the schema."""
    rng = random.Random(9)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
    middle = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Ngọc", "Đức"]
    given = ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Mai", "Nam", "Phương", "Quân", "Trang", "Tuấn"]
    names = [f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}" for _ in range(997)]
    streets = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Ngô Gia Tự", "Lý Thái Tổ"]
    addresses = [f'"Số {rng.randint(1, 250)}, đường {rng.choice(streets)}, Phường Kinh Bắc, Tỉnh Bắc Ninh"' for _ in range(991)]
    prefixes = ["032", "035", "038", "070", "077", "081", "086", "090", "091", "094", "097", "098"]
    provinces = ["001", "024", "027", "031", "038", "079"]
    randint, choice = rng.randint, rng.choice
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(name for name, _title, _type in FIELDS) + "\n")
        for row in range(rows):
            year = randint(1950, 2006)
            stream.write(
                f"{randint(1, 32000):05d},{names[row % 997]},{year}-{randint(1, 12):02d}-{randint(1, 28):02d},"
                f"{choice(provinces)}{(year // 100 - 19) * 2 + (row & 1)}{year % 100:02d}{randint(0, 999999):06d},"
                f"{choice(prefixes)}{randint(0, 9999999):07d},user{row}@example.com,{addresses[row % 991]},"
                f"{randint(1, 500) * 10000}\n"
            )
    return {"fields": [{"name": name, "title": title, "type": kind} for name, title, kind in FIELDS], "missingValues": [""]}


def run_scan(path: Path, schema_path: Path) -> None:
    from datapackages.personal import scan_table

    findings = scan_table(path, json.loads(schema_path.read_text(encoding="utf-8")))
    assert len(findings) == 6, findings


def run_validate(path: Path, schema_path: Path) -> None:
    from datapackages.validate import validate_table

    report = validate_table(path, json.loads(schema_path.read_text(encoding="utf-8")))
    assert report["valid"], report["tasks"][0]["errors"][:3]


def breakdown(path: Path, schema: dict[str, Any]) -> tuple[float, float, float]:
    """In this process: seconds spent reading and parsing blocks, and checking them, and the plan.

    The checks alone are what the scan adds when it rides on batches a reader already parsed (the
    columnar validation engine's, through ``TableScan``).
    """
    import contextlib
    import itertools
    import time

    from datapackages.personal import TableScan, reading

    titles = {spec["name"]: spec.get("title") or spec["name"] for spec in schema["fields"]}
    parsing = checking = 0.0
    started = time.perf_counter()
    with open(path, "rb") as stream, contextlib.closing(reading.prefetched(reading.blocks(stream))) as blocks:
        names = reading.header(next(blocks))
        head, sample = reading.sample(blocks, names, 10_000)
        tally = TableScan([(name, titles[name]) for name in names], sample)
        planning = time.perf_counter() - started
        for block in itertools.chain(head, blocks):
            started = time.perf_counter()
            batch = reading.parse(block, names, tally.fields)
            parsing += time.perf_counter() - started
            started = time.perf_counter()
            tally.add(batch)
            checking += time.perf_counter() - started
    return planning, parsing, checking


def corpus_quality() -> tuple[Counter[str], Counter[str], Counter[str]]:
    """True positives, false positives and false negatives per kind, as (file, field, kind) triples."""
    from datapackages.normalise import normalise
    from datapackages.personal import scan_table

    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["files"]
    hits: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    for name, spec in expected.items():
        with tempfile.TemporaryDirectory() as work:
            table = normalise(CORPUS / name, Path(work)).tables[0]
            found = {(finding.field, finding.kind) for finding in scan_table(table.path, table.schema)}
        wanted = {(item["field"], item["kind"]) for item in spec["findings"]}
        hits.update(kind for _field, kind in found & wanted)
        false_alarms.update(kind for _field, kind in found - wanted)
        misses.update(kind for _field, kind in wanted - found)
    return hits, false_alarms, misses


def main() -> None:
    from .harness import measure, report

    hits, false_alarms, misses = corpus_quality()
    files = len(json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["files"])
    print(f"\nPersonal-data scan over the corpus ({files} tables in {CORPUS.relative_to(CORPUS.parents[2])})")
    print(f"  {'kind':<18}{'found':>7}{'false':>7}{'missed':>8}")
    for kind in sorted(hits | false_alarms | misses):
        print(f"  {kind:<18}{hits[kind]:>7}{false_alarms[kind]:>7}{misses[kind]:>8}")
    found, wrong, missed = sum(hits.values()), sum(false_alarms.values()), sum(misses.values())
    precision = found / (found + wrong) if found + wrong else 1.0
    recall = found / (found + missed) if found + missed else 1.0
    print(f"  precision {precision:.3f}   recall {recall:.3f}   ({found} found, {wrong} false, {missed} missed)")

    with tempfile.TemporaryDirectory() as work:
        path, schema_path = Path(work) / "beneficiaries.csv", Path(work) / "schema.json"
        schema_path.write_text(json.dumps(generate(path), ensure_ascii=False), encoding="utf-8")
        ours = measure("benchmarks.personal_scan", "scan", str(path), str(schema_path))
        baseline = measure("benchmarks.personal_scan", "validate", str(path), str(schema_path))
        planning, parsing, checking = breakdown(path, json.loads(schema_path.read_text(encoding="utf-8")))
    report(f"Scan a {ROWS:,}-row CSV (8 columns, 6 personal) for personal data, beside validating it", ours, baseline,
           "validate_table", ROWS)
    share = ours.median_seconds / baseline.median_seconds
    print(f"  scanning adds {share:.0%} to validation's time (budget {BUDGET:.0%}): {'within' if share <= BUDGET else 'OVER'} budget")
    print(f"  in one process: plan {planning:.2f}s, read and parse {parsing:.2f}s, checks {checking:.2f}s;"
          f" on batches a validator already parsed the scan adds {(planning + checking) / baseline.median_seconds:.0%}")


if __name__ == "__main__":
    mode, file, schema_file = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    {"scan": run_scan, "validate": run_validate}[mode](file, schema_file)

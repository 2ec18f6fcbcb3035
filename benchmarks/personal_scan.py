"""The personal-data guard: how well it finds (precision and recall over the corpus in
tests/data/personal) and what it costs (scanning a generated 1,000,000-row CSV, beside validating
the same file with ``datapackages.validate.validate_table``, whatever engine that has).

The budget: scanning may add at most 20 % to validation's time. The platform scans on the
batches the validation engine reads (``personal.BatchScan``), so what it adds is "validate with
the scan riding" minus "validate": that is the "scan / engine validate" figure. A scan that reads
the file itself (``scan_table``, for tables the engine hands to frictionless) is shown beside it.
Both wall time and CPU time (all threads, from the child's rusage) are given: on a shared machine
CPU time is the steadier of the two.

    python -m benchmarks.personal_scan scan FILE SCHEMA       one scan of a tidy CSV, reading it itself
    python -m benchmarks.personal_scan validate FILE SCHEMA   one validation of it
    python -m benchmarks.personal_scan ride FILE SCHEMA       one validation with the scan riding on its batches

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


def run_ride(path: Path, schema_path: Path) -> None:
    from datapackages.personal import BatchScan
    from datapackages.validate import validate_table

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    scan = BatchScan(path, schema)
    report = validate_table(path, schema, observe=scan)
    assert report["valid"], report["tasks"][0]["errors"][:3]
    assert len(scan.findings()) == 6


def timed(mode: str, path: Path, schema_path: Path, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds (user + system, every thread) of ``runs`` runs of a mode in a fresh process."""
    import statistics
    import subprocess
    import time

    walls, cpus = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "benchmarks.personal_scan", mode, str(path), str(schema_path)])
        _pid, status, usage = os.wait4(process.pid, 0)
        assert status == 0, f"{mode} failed"
        walls.append(time.perf_counter() - started)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


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
    from .harness import RUNS

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
        figures = {mode: timed(mode, path, schema_path, RUNS) for mode in ("validate", "ride", "scan")}
        planning, parsing, checking = breakdown(path, json.loads(schema_path.read_text(encoding="utf-8")))
    (validate_wall, validate_cpu), (ride_wall, ride_cpu), (scan_wall, scan_cpu) = (figures[mode] for mode in ("validate", "ride", "scan"))
    print(f"\nScan a {ROWS:,}-row CSV (8 columns, 6 personal) for personal data, beside validating it (median of {RUNS} runs each)")
    print(f"  {'':<44}{'wall':>9}{'CPU':>9}")
    print(f"  {'engine validate (validate_table)':<44}{validate_wall:>8.2f}s{validate_cpu:>8.2f}s")
    print(f"  {'engine validate + scan on its batches':<44}{ride_wall:>8.2f}s{ride_cpu:>8.2f}s")
    print(f"  {'scan reading the file itself (scan_table)':<44}{scan_wall:>8.2f}s{scan_cpu:>8.2f}s")
    added_wall, added_cpu = (ride_wall - validate_wall) / validate_wall, (ride_cpu - validate_cpu) / validate_cpu
    print(f"  scan / engine validate: {added_wall:.0%} wall, {added_cpu:.0%} CPU (budget {BUDGET:.0%}):"
          f" {'within' if max(added_wall, added_cpu) <= BUDGET else 'OVER'} budget")
    print(f"  a scan reading the file itself would add {scan_wall / validate_wall:.0%} wall, {scan_cpu / validate_cpu:.0%} CPU")
    print(f"  in one process: plan {planning:.2f}s, read and parse {parsing:.2f}s, checks {checking:.2f}s")


if __name__ == "__main__":
    mode, file, schema_file = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    {"scan": run_scan, "validate": run_validate, "ride": run_ride}[mode](file, schema_file)

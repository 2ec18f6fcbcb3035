"""The columnar engine against frictionless, on a generated 1,000,000-row CSV with a typed schema.

Two tables, each validated by ``datapackages.validate.validate_table`` (the engine) and by
``frictionless.validate`` (the baseline), in the same run: a clean one, and one with about 1 %
of its cells wrong (type errors, constraint errors, duplicated keys, blank cells), every error
listed (``limit_errors=0``). The two error lists must be identical; the floor is 30× faster.
frictionless takes a minute per run here, so its figures are medians of BENCH_BASELINE_RUNS
(default 3) runs, the engine's of BENCH_RUNS; the runs of the two alternate, so that the load of a
shared machine weighs on both alike.

    python -m benchmarks.validate_engine engine FILE [ERRORS_OUT]        one validation by the engine
    python -m benchmarks.validate_engine frictionless FILE [ERRORS_OUT]  one by frictionless
    python -m benchmarks.validate_engine capped FILE [ERRORS_OUT]        one by the engine, default error limit
    python -m benchmarks.validate_engine memory SIZE_MB                  time and peak memory on a SIZE_MB file

BENCH_ENGINE_ROWS changes the row count (default 1,000,000).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .harness import Measure

ROWS = int(os.environ.get("BENCH_ENGINE_ROWS", "1000000"))
BASELINE_RUNS = int(os.environ.get("BENCH_BASELINE_RUNS", "3"))
FLOOR = 30.0
KINDS = ["công", "tư", "hỗn hợp", "nước ngoài"]

SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "ma_xa", "type": "string", "constraints": {"pattern": "[0-9]{5}"}},
        {"name": "ten", "type": "string", "constraints": {"required": True, "maxLength": 40}},
        {"name": "loai", "type": "string", "constraints": {"enum": KINDS}},
        {"name": "so_ho_so", "type": "integer", "constraints": {"minimum": 0, "maximum": 5000}},
        {"name": "ty_le", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "ngay", "type": "date"},
        {"name": "dung_han", "type": "boolean"},
    ],
    "primaryKey": ["id"],
    "missingValues": [""],
}
_WRONG = {0: None, 1: "12a45", 2: "", 3: "khác", 4: "-3", 5: "abc", 6: "2025-02-30", 7: "có"}
"""The planted error of each column (None: the previous row's id, a duplicated key)."""


def generate(path: Path, rows: int = ROWS, error_rate: float = 0.0) -> Path:
    rng = random.Random(7)
    randint, choice, uniform, chance = rng.randint, rng.choice, rng.uniform, rng.random
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(field["name"] for field in SCHEMA["fields"]) + "\r\n")
        for row in range(1, rows + 1):
            cells = [
                str(row),
                f"{randint(1, 32000):05d}",
                f"Phường số {row % 3321}",
                choice(KINDS),
                str(randint(0, 5000)),
                f"{uniform(0, 100):.2f}",
                f"2025-{randint(1, 12):02d}-{randint(1, 28):02d}",
                choice(("true", "false")),
            ]
            if error_rate and chance() < error_rate:
                column = randint(0, 7)
                cells[column] = _WRONG[column] or str(max(1, row - 1))
            stream.write(",".join(cells) + "\r\n")
    return path


def run_engine(path: Path, errors_out: Path | None) -> None:
    from datapackages.validate import validate_table

    report = validate_table(path, SCHEMA, name="table", limit_errors=0)
    _write(report, errors_out)


def run_capped(path: Path, errors_out: Path | None) -> None:
    """As the platform validates: the default error limit (the counts still cover the whole file)."""
    from datapackages.validate import validate_table

    report = validate_table(path, SCHEMA, name="table")
    _write(report, errors_out)


def run_frictionless(path: Path, errors_out: Path | None) -> None:
    import frictionless

    os.chdir(path.parent)  # frictionless refuses absolute paths as unsafe
    report = frictionless.validate(path.name, schema=frictionless.Schema.from_descriptor(SCHEMA), limit_errors=0)
    _write(report.to_dict(), errors_out)


def _write(report: dict[str, Any], errors_out: Path | None) -> None:
    if errors_out is not None:
        errors_out.write_text(json.dumps(report["tasks"][0]["errors"], ensure_ascii=False), encoding="utf-8")


def run_memory(size_mb: int) -> None:
    """Generate a table of about ``size_mb`` MB with 1 % errors, validate it once (the platform's
    default error limit, then none) and print the time and peak memory of each."""
    from .harness import measure

    rows = size_mb * 1024 * 1024 // 70
    with tempfile.TemporaryDirectory() as work:
        path = generate(Path(work) / "big.csv", rows, 0.01)
        size = path.stat().st_size / 1e6
        for mode in ("capped", "engine"):
            figures = measure("benchmarks.validate_engine", mode, str(path), runs=1)
            limit = "default error limit" if mode == "capped" else "no error limit"
            print(f"{rows:,} rows, {size:,.0f} MB, {limit}: {figures.median_seconds:.1f} s, peak RSS {figures.median_rss_mb:.0f} MB")


def _interleaved(ours: Callable[[], Measure], theirs: Callable[[], Measure], runs: int) -> tuple[Measure, Measure]:
    """Alternate the two measurements, so that a change in the machine's load weighs on both alike."""
    from .harness import Measure

    mine, baseline = Measure([], []), Measure([], [])
    for round_number in range(max(runs, BASELINE_RUNS)):
        for measurement, sink, wanted in ((ours, mine, runs), (theirs, baseline, BASELINE_RUNS)):
            if round_number < wanted:
                figures = measurement()
                sink.seconds += figures.seconds
                sink.peak_rss_mb += figures.peak_rss_mb
    return mine, baseline


def main() -> None:
    from .harness import RUNS, measure, report

    with tempfile.TemporaryDirectory() as work:
        for label, rate in (("clean", 0.0), ("with 1 % planted errors", 0.01)):
            path = generate(Path(work) / "table.csv", ROWS, rate)
            size_mb = path.stat().st_size / 1e6
            ours, baseline = _interleaved(
                lambda: measure("benchmarks.validate_engine", "engine", str(path), runs=1),
                lambda: measure("benchmarks.validate_engine", "frictionless", str(path), Path(work, "theirs.json").as_posix(), runs=1),
                RUNS,
            )
            measure("benchmarks.validate_engine", "engine", str(path), Path(work, "ours.json").as_posix(), runs=1)
            same = Path(work, "ours.json").read_text(encoding="utf-8") == Path(work, "theirs.json").read_text(encoding="utf-8")
            errors = len(json.loads(Path(work, "ours.json").read_text(encoding="utf-8")))
            report(f"Validate a {ROWS:,}-row CSV ({size_mb:.0f} MB), {label}, no error limit", ours, baseline, "frictionless.validate", ROWS)
            speed = baseline.median_seconds / ours.median_seconds
            print(f"  {size_mb / ours.median_seconds:,.1f} MB/s against {size_mb / baseline.median_seconds:,.2f} MB/s")
            print(f"  error lists identical: {same} ({errors:,} errors); floor {FLOOR:.0f}x: {'met' if speed >= FLOOR else 'MISSED'}")
            assert same, "the engine's errors differ from frictionless's"


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "memory":
        run_memory(int(sys.argv[2]))
    else:
        out = Path(sys.argv[3]) if len(sys.argv) > 3 else None
        {"engine": run_engine, "capped": run_capped, "frictionless": run_frictionless}[mode](Path(sys.argv[2]), out)

"""Validating a generated 100,000-row CSV: the platform's path (repair + infer + validate) against
plain ``frictionless.validate`` on the same file.

    python -m benchmarks.validate_csv platform FILE     one run of the platform's path
    python -m benchmarks.validate_csv frictionless FILE one run of plain frictionless
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

ROWS = 100_000


def generate(path: Path, rows: int = ROWS) -> Path:
    """Agency-like columns: a commune code with leading zeros, names, counts, amounts, dates."""
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("Mã xã,Tên xã,Số hồ sơ,Tỷ lệ đúng hạn,Ngày báo cáo,Ghi chú\n")
        for row in range(rows):
            stream.write(
                f"{rng.randint(1, 32000):05d},Phường số {row % 3321},{rng.randint(0, 5000)},"
                f"{rng.uniform(80, 100):.2f},2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                f"{'đúng hạn' if row % 7 else ''}\n"
            )
    return path


def run_platform(path: Path) -> None:
    from datapackages.limits import Limits
    from publisher.pipeline.prepare import check_file

    with tempfile.TemporaryDirectory() as work:
        checked = check_file(path, Path(work), filename=path.name, limits=Limits(max_bytes=10**10))
    assert checked.report["valid"], "the generated file should be valid"


def run_frictionless(path: Path) -> None:
    import os

    import frictionless

    os.chdir(path.parent)  # frictionless refuses absolute paths as unsafe
    report = frictionless.validate(path.name)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])[:5]


def main() -> None:
    from .harness import measure, report

    with tempfile.TemporaryDirectory() as work:
        path = generate(Path(work) / "communes.csv")
        ours = measure("benchmarks.validate_csv", "platform", str(path))
        baseline = measure("benchmarks.validate_csv", "frictionless", str(path))
    report(f"Validate a {ROWS:,}-row CSV", ours, baseline, "frictionless.validate", ROWS)


if __name__ == "__main__":
    mode, file = sys.argv[1], Path(sys.argv[2])
    {"platform": run_platform, "frictionless": run_frictionless}[mode](file)

"""Repairing and reading a 100,000-row × 9-column XLSX: the platform (calamine + repair to tidy CSV)
against frictionless reading the same file with its default XLSX parser (openpyxl).

    python -m benchmarks.read_xlsx platform FILE      one run of the platform's repair
    python -m benchmarks.read_xlsx frictionless FILE  one run of frictionless reading every row
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

ROWS = 100_000


def generate(path: Path, rows: int = ROWS) -> Path:
    from openpyxl import Workbook

    rng = random.Random(11)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dữ liệu")
    sheet.append(["Mã xã", "Tên xã", "Số hồ sơ", "Trực tuyến", "Trực tiếp", "Tỷ lệ", "Ngày báo cáo", "Ghi chú", "Kinh phí"])
    start = dt.datetime(2025, 1, 1)
    for row in range(rows):
        online = rng.randint(0, 900)
        offline = rng.randint(0, 400)
        sheet.append([
            f"{rng.randint(1, 32000):05d}", f"Phường số {row % 3321}", online + offline, online, offline,
            round(online / max(online + offline, 1), 4), start + dt.timedelta(days=row % 365),
            "đúng hạn" if row % 5 else "", rng.randint(1, 10**9),
        ])
    workbook.save(path)
    return path


def run_platform(path: Path) -> None:
    from datapackages.limits import Limits
    from datapackages.normalise import normalise

    with tempfile.TemporaryDirectory() as work:
        table = normalise(path, Path(work), limits=Limits(max_bytes=10**10)).tables[0]
    assert table.rows == ROWS and table.schema["fields"][0]["type"] == "string"


def run_frictionless(path: Path) -> None:
    import os

    import frictionless

    os.chdir(path.parent)  # frictionless refuses absolute paths as unsafe
    rows = frictionless.Resource(path.name).read_rows()
    assert len(rows) == ROWS


def main() -> None:
    from .harness import RUNS, measure, report

    with tempfile.TemporaryDirectory() as work:
        path = generate(Path(work) / "bao-cao.xlsx")
        ours = measure("benchmarks.read_xlsx", "platform", str(path))
        baseline = measure("benchmarks.read_xlsx", "frictionless", str(path), runs=min(RUNS, 3))
    report(f"Repair and read a {ROWS:,}-row × 9-column XLSX", ours, baseline, "frictionless (openpyxl)", ROWS)


if __name__ == "__main__":
    mode, file = sys.argv[1], Path(sys.argv[2])
    {"platform": run_platform, "frictionless": run_frictionless}[mode](file)

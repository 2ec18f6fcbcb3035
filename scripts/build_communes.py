"""Build ``config/reference/communes.csv``: the 3,321 commune-level units in force since 1 July 2025.

Run by hand when the national list changes, in a throw-away environment:

    python3 -m venv /tmp/vnp && /tmp/vnp/bin/pip install vietnam-provinces==2025.10.1
    /tmp/vnp/bin/python scripts/build_communes.py

Why this way: the PyPI package ``vietnam-provinces`` carries the list (from the General Statistics
Office's registry) but is licensed GPL-3.0. We use it only here, at build time, as a *data source*:
no platform module imports it and it is not a runtime dependency. The facts it carries (codes and
names of administrative units) are public records; the CSV we write is our own file, and in any
case GPL-3.0 material may be combined with this project's AGPL-3.0-or-later code (the GPL-3.0 and
AGPL-3.0 each allow linking with the other, section 13). See docs/compliance.md.

Columns: ``code`` (5 digits, leading zeros kept), ``name`` (with its kind, as written in law:
"Phường Hoàn Kiếm"), ``kind`` (phường, xã, đặc khu), ``province_code`` (2 digits, as in
``config/reference/provinces.toml``).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "config" / "reference" / "communes.csv"
EXPECTED = 3321


def main() -> None:
    try:
        import vietnam_provinces  # GPL-3.0: a build-time data source only (see the docstring)
    except ImportError:
        sys.exit("install vietnam-provinces in a throw-away environment first (see this script's docstring)")
    provinces = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    rows = [
        (f"{ward['code']:05d}", ward["name"], ward["division_type"], f"{province['code']:02d}")
        for province in provinces
        for ward in province["wards"]
    ]
    rows.sort()
    if len(rows) != EXPECTED or len({row[0] for row in rows}) != EXPECTED:
        sys.exit(f"expected {EXPECTED} distinct communes, the package has {len(rows)}: check its version")
    with open(TARGET, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["code", "name", "kind", "province_code"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} communes to {TARGET} (vietnam-provinces {vietnam_provinces.__version__}, "
          f"data of {vietnam_provinces.__data_version__})")


if __name__ == "__main__":
    main()

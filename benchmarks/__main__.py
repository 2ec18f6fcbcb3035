"""`make bench`: every benchmark, each beside its baseline."""

from __future__ import annotations

import platform
import sys

from . import compliance, harvest_ckan, load, package_show, personal_scan, push_ckan, read_xlsx, validate_csv, validate_engine
from .harness import RUNS


def main() -> None:
    print(f"Benchmarks on {platform.machine()}, Python {sys.version.split()[0]}, {RUNS} runs per figure (BENCH_RUNS)")
    validate_csv.main()
    validate_engine.main()
    read_xlsx.main()
    personal_scan.main()
    harvest_ckan.main()
    compliance.main()
    package_show.main()
    push_ckan.main()
    load.main()


if __name__ == "__main__":
    main()

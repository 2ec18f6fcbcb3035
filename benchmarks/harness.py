"""Run a measurement in a fresh process and report its wall time and peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


@dataclass
class Measure:
    seconds: list[float]
    peak_rss_mb: list[float]

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_rss_mb(self) -> float:
        return statistics.median(self.peak_rss_mb)


def measure(module: str, *args: str, runs: int = RUNS) -> Measure:
    """Time ``python -m <module> <args>`` ``runs`` times; the child prints nothing we need."""
    seconds, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", module, *args], stdout=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{module} {' '.join(args)} failed")
        seconds.append(elapsed)
        peaks.append(usage.ru_maxrss / 1024)  # kilobytes on Linux
    return Measure(seconds, peaks)


def report(title: str, ours: Measure, baseline: Measure, baseline_name: str, unit_count: int | None = None, unit: str = "rows") -> None:
    ratio = baseline.median_seconds / ours.median_seconds
    print(f"\n{title}  (median of {len(ours.seconds)} runs each)")
    print(f"  {'':<34}{'time':>10}{'peak RSS':>12}" + (f"{unit + '/s':>14}" if unit_count else ""))
    for name, figures in (("platform", ours), (baseline_name, baseline)):
        rate = f"{unit_count / figures.median_seconds:>14,.0f}" if unit_count else ""
        print(f"  {name:<34}{figures.median_seconds:>9.2f}s{figures.median_rss_mb:>9.0f} MB{rate}")
    print(f"  ratio: the platform takes {1 / ratio:.2f}x the baseline's time ({ratio:.2f}x {'faster' if ratio >= 1 else 'slower'})")

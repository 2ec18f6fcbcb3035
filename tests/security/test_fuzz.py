"""The fuzzer's findings stay fixed, and a short fuzzing run finds nothing new.

Each file in tests/data/fuzz-findings crashed or exhausted a reader once (a zlib error escaping
as a crash, a Rust panic in calamine, a 6 KB .xls that made calamine allocate 2 GB and abort).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from datapackages.errors import FileRejected
from datapackages.isolation import run_isolated
from datapackages.limits import Limits
from datapackages.normalise import normalise

from ..helpers import DATA

ROOT = Path(__file__).resolve().parents[2]
FINDINGS = sorted((DATA / "fuzz-findings").iterdir())


@pytest.mark.parametrize("finding", FINDINGS, ids=[path.name for path in FINDINGS])
def test_each_finding_is_refused_as_a_file_not_a_crash(finding: Path, tmp_path: Path) -> None:
    limits = Limits(max_memory=1024 * 1024 * 1024)
    with pytest.raises(FileRejected) as caught:
        run_isolated(normalise, finding, tmp_path, limits=limits, memory_bytes=limits.max_memory, seconds=60)
    assert caught.value.code in {"corrupt-file", "file-too-complex", "unsupported-file-type", "empty-file"}


def test_a_short_fuzzing_run_finds_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "fuzz" / "seeds", corpus)
    run = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "readers.py"), str(corpus), "-max_total_time=15", "-rss_limit_mb=1500",
         f"-artifact_prefix={tmp_path}/"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]

"""Fuzz the readers of uploaded files with atheris: whatever the bytes, normalise must either
produce tables or refuse the file with a ``FileRejected`` — never crash, never hang.

    make fuzz                                    # ten minutes, by hand (FUZZ_SECONDS to change)
    make test runs it for a few seconds (tests/security/test_fuzz.py)

The seeds (fuzz/seeds) are real agency-like files; libFuzzer grows its corpus in a scratch folder.

Inputs that crash are written by libFuzzer as crash-<hash> files: copy them into
tests/data/fuzz-findings/ so tests/security/test_fuzz.py keeps them fixed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from datapackages.errors import FileRejected
    from datapackages.isolation import run_isolated
    from datapackages.limits import Limits
    from datapackages.normalise import normalise

LIMITS = Limits(
    max_bytes=2 * 1024 * 1024, max_unzipped_bytes=20 * 1024 * 1024, max_line_bytes=256 * 1024, max_columns=500,
    max_memory=1024 * 1024 * 1024,
)
OLE2 = b"\xd0\xcf\x11\xe0"


def check(data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="opendata-fuzz-") as work:
        path = Path(work) / "upload"
        path.write_bytes(data)
        try:
            if data.startswith(OLE2):
                # Legacy workbooks go to calamine's OLE2 reader, which can abort the process on crafted
                # input: the platform reads them isolated, and so does the fuzzer.
                run_isolated(normalise, path, Path(work) / "out", limits=LIMITS, memory_bytes=LIMITS.max_memory, seconds=30)
            else:
                normalise(path, Path(work) / "out", limits=LIMITS)
        except FileRejected:
            pass


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

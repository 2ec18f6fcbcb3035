"""Write incoming bytes to a file in the run's work folder, hashing them and stopping at a size cap.

Every byte a harvester takes in (an HTTP body, a file from a shared folder, a CSV written from a
database) goes through here once, so the bound and the hash are computed the same way everywhere
and nothing is held whole in memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import UnreadableResponse

__all__ = ["Spooled", "spool", "too_large"]


@dataclass(frozen=True)
class Spooled:
    path: Path
    sha256: str
    size: int


def spool(chunks: Iterable[bytes], work_dir: Path, limit: int, *, source: str, suffix: str = "") -> Spooled:
    """Copy ``chunks`` to a new file under ``work_dir``; past ``limit`` bytes, delete it and refuse."""
    digest = hashlib.sha256()
    size = 0
    handle, name = tempfile.mkstemp(dir=work_dir, prefix="harvested-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise too_large(source, limit)
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Spooled(path, digest.hexdigest(), size)


def too_large(source: str, limit: int) -> UnreadableResponse:
    return UnreadableResponse("too-large", url=source, limit=limit)

"""Open stored files for download (the web layer never touches the store directly)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO

from ..errors import NotFound
from ..platform import Platform
from ..store import BlobMissing
from .views import BlobRef

__all__ = ["blob_local_path", "blob_open"]

log = logging.getLogger(__name__)


def blob_open(platform: Platform, ref: BlobRef) -> IO[bytes]:
    try:
        return platform.store.open(ref.sha256)
    except BlobMissing as error:
        # The visitor gets a plain 404; the operator needs to know the store lost what the database names.
        log.error("file %s (%s) is named by the database but missing from the store %s", ref.sha256, ref.filename, platform.store.url)
        raise NotFound("file-not-found", sha256=ref.sha256) from error


def blob_local_path(platform: Platform, ref: BlobRef) -> Path | None:
    """The file on this machine, when the store is a folder, so the server can send it efficiently."""
    return platform.store.local_path(ref.sha256)

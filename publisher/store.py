"""The artifact store: content-addressed blobs behind one fsspec URL (a folder, or ``s3://`` at scale).

Every blob lives at ``sha256/<ab>/<hash>``. Writing the same bytes twice stores them once, and
a blob never changes once written, so publishing can write everything first and flip a pointer
in the database last: a reader sees the old version or the new one, never half of one.

Files made from other files (a resource as XLSX or JSON, a diff between versions) are cached as
blobs too, found through a *derived* pointer at ``derived/<ab>/<key>`` that holds the blob's hash.
The key hashes everything the output depends on, so a pointer never needs invalidating.
A blob appears whole or not at all: in a folder it is written aside and renamed into place; in
object storage one PUT is already all-or-nothing, so it is written straight to its key (a
rename there would be a copy). Two writers of the same blob write the same bytes.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from pathlib import Path
from typing import IO, Any

import fsspec
from fsspec.core import url_to_fs

__all__ = ["BlobMissing", "Store", "StoredBlob"]

_CHUNK = 1024 * 1024


class BlobMissing(LookupError):
    """The database names a blob the store does not have."""


class StoredBlob:
    __slots__ = ("sha256", "size")

    def __init__(self, sha256: str, size: int) -> None:
        self.sha256 = sha256
        self.size = size


class Store:
    def __init__(self, url: str, options: dict[str, Any] | None = None) -> None:
        """``options`` go to the fsspec filesystem (for ``s3://``: the endpoint, region, caching)."""
        self.url = url
        self.fs: fsspec.AbstractFileSystem
        self.fs, self.root = url_to_fs(url, **(options or {}))
        self.is_local = "file" in (self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,))
        self.fs.makedirs(self.root, exist_ok=True)

    def key(self, sha256: str) -> str:
        return f"{self.root.rstrip('/')}/sha256/{sha256[:2]}/{sha256}"

    def put_file(self, path: Path) -> StoredBlob:
        """Store a local file; returns its hash and size."""
        digest = hashlib.sha256()
        size = 0
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        sha256 = digest.hexdigest()
        key = self.key(sha256)
        if not self.fs.exists(key):
            target = self._writing_place(key)
            self.fs.put_file(str(path), target)
            self._into_place(target, key)
        return StoredBlob(sha256, size)

    def put_bytes(self, data: bytes) -> StoredBlob:
        sha256 = hashlib.sha256(data).hexdigest()
        key = self.key(sha256)
        if not self.fs.exists(key):
            target = self._writing_place(key)
            self.fs.pipe_file(target, data)
            self._into_place(target, key)
        return StoredBlob(sha256, len(data))

    def _writing_place(self, key: str) -> str:
        if not self.is_local:
            return key  # one PUT: the object appears whole or not at all
        self.fs.makedirs(key.rsplit("/", 1)[0], exist_ok=True)
        return f"{key}.{uuid.uuid4().hex}.partial"

    def _into_place(self, written: str, key: str) -> None:
        if written != key:
            self.fs.mv(written, key)  # a rename: readers never see a half-written blob

    def open(self, sha256: str) -> IO[bytes]:
        try:
            return self.fs.open(self.key(sha256), "rb")
        except FileNotFoundError as error:
            raise BlobMissing(sha256) from error

    def read_bytes(self, sha256: str) -> bytes:
        with self.open(sha256) as stream:
            return stream.read()

    def copy_to(self, sha256: str, target: Path) -> Path:
        with self.open(sha256) as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink, _CHUNK)
        return target

    def derived(self, key: str) -> str | None:
        """The hash of the blob cached under ``key``, or None when it was never made (or is gone)."""
        try:
            with self.fs.open(self._derived_key(key), "rb") as stream:
                sha256 = stream.read(64).decode("ascii")
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        return sha256 if len(sha256) == 64 and self.fs.exists(self.key(sha256)) else None

    def put_derived(self, key: str, path: Path) -> StoredBlob:
        """Store a file made from other blobs and remember it under ``key``."""
        blob = self.put_file(path)
        pointer = self._derived_key(key)
        target = self._writing_place(pointer)
        self.fs.pipe_file(target, blob.sha256.encode("ascii"))
        self._into_place(target, pointer)
        return blob

    def _derived_key(self, key: str) -> str:
        return f"{self.root.rstrip('/')}/derived/{key[:2]}/{key}"

    def ping(self) -> None:
        """Raise if the store cannot be reached (for health checks)."""
        if self.is_local:
            self.fs.ls(self.root)
        else:  # an empty prefix is no object at all in object storage: ask about the bucket
            self.fs.info(self.root.split("/", 1)[0])

    def local_path(self, sha256: str) -> Path | None:
        """The blob's path on this machine when the store is a folder (lets the web server send it directly)."""
        if not self.is_local:
            return None
        path = Path(self.key(sha256))
        return path if path.exists() else None

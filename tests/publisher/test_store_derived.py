"""Files made from other files are found again by their key, and a lost blob is a cache miss, not an error."""

from __future__ import annotations

import hashlib
from pathlib import Path

from publisher.store import Store


def test_a_derived_file_is_found_by_its_key_and_a_lost_one_is_made_again(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "storage"))
    key = hashlib.sha256(b"tinh.csv as xlsx").hexdigest()
    assert store.derived(key) is None
    made = tmp_path / "tinh.xlsx"
    made.write_bytes("Hà Nội".encode())
    blob = store.put_derived(key, made)
    assert blob.sha256 == hashlib.sha256("Hà Nội".encode()).hexdigest()
    assert store.derived(key) == blob.sha256
    assert store.read_bytes(blob.sha256).decode() == "Hà Nội"
    Path(store.key(blob.sha256)).unlink()  # the blob is gone (a cleaned store): the pointer no longer counts
    assert store.derived(key) is None
    pointer = tmp_path / "storage" / "derived" / key[:2] / key
    pointer.write_bytes(b"\xff\xfe not a hash")  # a damaged pointer is a miss too
    assert store.derived(key) is None

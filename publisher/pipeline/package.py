"""Package a version: the draft's tidy tables + the dataset's metadata → datapackage.json and zip in the store."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datapackages.package import PackageMetadata, PackageResource, build_package

from ..store import Store

__all__ = ["PackagedVersion", "package_version"]


@dataclass
class PackagedVersion:
    descriptor_sha: str
    descriptor_bytes: int
    zip_sha: str
    zip_bytes: int


def package_version(store: Store, resources: list[dict[str, Any]], metadata: PackageMetadata) -> PackagedVersion:
    with tempfile.TemporaryDirectory(prefix="opendata-package-") as work:
        workdir = Path(work)
        sources = []
        for resource in resources:
            local = store.copy_to(resource["sha256"], workdir / f"{resource['sha256']}.csv")
            sources.append(
                PackageResource(resource["name"], local, resource["schema"], resource.get("title"), resource.get("description"))
            )
        built = build_package(sources, metadata, workdir / "package")
        descriptor = store.put_file(built.files["datapackage.json"])
        archive = store.put_file(built.zip_path)
    return PackagedVersion(descriptor.sha256, descriptor.size, archive.sha256, archive.size)

"""Package: tidy tables + metadata → a Frictionless Data Package (v2) and its zip.

The descriptor lists each resource's size and sha256, so a download can be checked by any
frictionless tool. The zip is byte-for-byte reproducible (fixed timestamps and order): the same
version always has the same hash, which keeps content-addressed storage free of duplicates.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DATAPACKAGE_PROFILE", "BuiltPackage", "PackageMetadata", "PackageResource", "build_package"]

DATAPACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class PackageMetadata:
    name: str
    title: str
    version: str
    created: str
    description: str = ""
    licence: dict[str, str] | None = None
    keywords: list[str] = field(default_factory=list)
    publisher: str | None = None
    homepage: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)
    """Extra properties (for example the update frequency); Data Package allows them."""


@dataclass
class PackageResource:
    name: str
    source: Path
    """The tidy CSV to include."""
    schema: dict[str, Any]
    title: str | None = None
    description: str | None = None


@dataclass
class BuiltPackage:
    descriptor: dict[str, Any]
    files: dict[str, Path]
    """Every file of the package by its path inside it, datapackage.json included."""
    zip_path: Path


def build_package(resources: list[PackageResource], metadata: PackageMetadata, out_dir: Path) -> BuiltPackage:
    """Write ``datapackage.json``, ``data/<name>.csv`` and ``<name>.zip`` under ``out_dir``."""
    data_dir = out_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    resource_descriptors = []
    for resource in resources:
        inner_path = f"data/{resource.name}.csv"
        target = out_dir / inner_path
        if resource.source.resolve() != target.resolve():
            shutil.copyfile(resource.source, target)
        digest, size = _sha256(target)
        descriptor: dict[str, Any] = {"name": resource.name, "type": "table", "path": inner_path}
        if resource.title:
            descriptor["title"] = resource.title
        if resource.description:
            descriptor["description"] = resource.description
        descriptor.update(
            {
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": size,
                "hash": f"sha256:{digest}",
                "schema": _standard_schema(resource.schema, resource.name, {item.name for item in resources}),
            }
        )
        resource_descriptors.append(descriptor)
        files[inner_path] = target

    descriptor = _package_descriptor(metadata, resource_descriptors)
    descriptor_path = out_dir / "datapackage.json"
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    files = {"datapackage.json": descriptor_path, **files}

    zip_path = out_dir / f"{metadata.name}.zip"
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for inner_path, path in files.items():
            info = zipfile.ZipInfo(inner_path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as source, archive.open(info, "w") as sink:
                shutil.copyfileobj(source, sink, 1024 * 1024)
    return BuiltPackage(descriptor, files, zip_path)


def _package_descriptor(metadata: PackageMetadata, resources: list[dict[str, Any]]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "$schema": DATAPACKAGE_PROFILE,
        "name": metadata.name,
        "title": metadata.title,
    }
    if metadata.description:
        descriptor["description"] = metadata.description
    descriptor["version"] = metadata.version
    descriptor["created"] = metadata.created
    if metadata.homepage:
        descriptor["homepage"] = metadata.homepage
    if metadata.licence:
        descriptor["licenses"] = [metadata.licence]
    if metadata.keywords:
        descriptor["keywords"] = metadata.keywords
    if metadata.publisher:
        descriptor["contributors"] = [{"title": metadata.publisher, "roles": ["publisher"]}]
    descriptor.update(metadata.custom)
    descriptor["resources"] = resources
    return descriptor


def _standard_schema(schema: dict[str, Any], name: str, tables: set[str]) -> dict[str, Any]:
    """The schema without its foreign keys to national reference lists (provinces, communes): the
    platform checked them when it validated, but a package naming a resource it does not hold is
    one that no frictionless tool can open."""
    keys = schema.get("foreignKeys")
    if not isinstance(keys, list):
        return schema
    kept = [key for key in keys if _reference(key) in ("", name, *tables)]
    if len(kept) == len(keys):
        return schema
    standard = {key: value for key, value in schema.items() if key != "foreignKeys"}
    return {**standard, "foreignKeys": kept} if kept else standard


def _reference(key: Any) -> Any:
    reference = key.get("reference") if isinstance(key, dict) else None
    return reference.get("resource", "") if isinstance(reference, dict) else ""


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size

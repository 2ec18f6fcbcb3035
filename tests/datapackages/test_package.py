"""Packages are standard Data Packages (v2) that frictionless validates and reads back unchanged."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import frictionless

from datapackages.normalise import normalise
from datapackages.package import DATAPACKAGE_PROFILE, PackageMetadata, PackageResource, build_package

from ..helpers import DATA

LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}


def build(tmp_path: Path, out: str = "pkg"):  # type: ignore[no-untyped-def]
    table = normalise(DATA / "leading-zero-codes.csv", tmp_path / f"{out}-tidy", name="don-vi").tables[0]
    metadata = PackageMetadata(
        name="don-vi-hanh-chinh",
        title="Đơn vị hành chính",
        version="1.0.0",
        created="2025-07-01T00:00:00Z",
        description="Mã tỉnh và mã xã.",
        licence=LICENCE,
        keywords=["hành chính"],
        publisher="Bộ Nội vụ",
    )
    return build_package([PackageResource(table.name, table.path, table.schema)], metadata, tmp_path / out)


def test_the_package_validates_with_frictionless_as_json_and_as_zip(tmp_path: Path) -> None:
    built = build(tmp_path)
    for source in (built.files["datapackage.json"], built.zip_path):
        report = frictionless.validate(str(source))
        assert report.valid, report.flatten(["type", "note"])


def test_the_descriptor_declares_v2_metadata_sizes_and_hashes(tmp_path: Path) -> None:
    built = build(tmp_path)
    descriptor = json.loads(built.files["datapackage.json"].read_text(encoding="utf-8"))
    data = built.files["data/don-vi.csv"].read_bytes()

    assert descriptor["$schema"] == DATAPACKAGE_PROFILE
    assert descriptor["title"] == "Đơn vị hành chính"
    assert descriptor["licenses"] == [LICENCE]
    assert descriptor["contributors"] == [{"title": "Bộ Nội vụ", "roles": ["publisher"]}]
    resource = descriptor["resources"][0]
    assert resource["path"] == "data/don-vi.csv"
    assert resource["bytes"] == len(data)
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_codes_read_back_from_the_package_are_still_text(tmp_path: Path) -> None:
    built = build(tmp_path)
    package = frictionless.Package(str(built.zip_path))
    rows = package.get_resource("don-vi").read_rows()
    assert [(row["ma_tinh"], row["ma_xa"]) for row in rows] == [("01", "00004"), ("24", "09187"), ("04", "01273")]


def test_the_zip_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    first = build(tmp_path, "one").zip_path.read_bytes()
    second = build(tmp_path, "two").zip_path.read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "one" / "don-vi-hanh-chinh.zip") as archive:
        assert archive.namelist() == ["datapackage.json", "data/don-vi.csv"]


def test_keys_to_national_lists_stay_out_of_the_package_so_frictionless_can_open_it(tmp_path: Path) -> None:
    table = normalise(DATA / "leading-zero-codes.csv", tmp_path / "tidy", name="don-vi").tables[0]
    field = table.schema["fields"][0]["name"]
    schema = {**table.schema, "foreignKeys": [
        {"fields": field, "reference": {"resource": "provinces", "fields": "code"}},
        {"fields": field, "reference": {"resource": "", "fields": field}},
    ]}
    metadata = PackageMetadata(name="don-vi", title="Đơn vị", version="1.0.0", created="2025-07-01T00:00:00Z")

    built = build_package([PackageResource(table.name, table.path, schema)], metadata, tmp_path / "pkg")

    assert built.descriptor["resources"][0]["schema"]["foreignKeys"] == [{"fields": field, "reference": {"resource": "", "fields": field}}]
    report = frictionless.validate(str(built.files["datapackage.json"]))
    assert report.valid, report.flatten(["type", "note"])

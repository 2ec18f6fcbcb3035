"""National reference data (34 provinces, 3,321 communes since 1 July 2025) and the shared schema registry."""

from __future__ import annotations

import json

import pytest

from publisher.compliance.registry import enabled_checks, installed_checks
from publisher.compliance.rubric import RubricError, load_rubric
from publisher.errors import InvalidInput
from publisher.reference import load_reference
from publisher.schemas import load_schemas

from ..helpers import World


def test_the_units_in_force_since_july_2025() -> None:
    reference = load_reference()
    assert len(reference.provinces) == 34 and len(reference.communes) == 3321
    kinh_bac = reference.communes["09187"]
    assert (kinh_bac.name, kinh_bac.kind, kinh_bac.province_code) == ("Phường Kinh Bắc", "phường", "24")
    assert {commune.province_code for commune in reference.communes.values()} == set(reference.provinces)
    assert reference.unit_name("09187") == "Phường Kinh Bắc" and reference.unit_name("24") == "Tỉnh Bắc Ninh"
    assert sum(1 for commune in reference.communes.values() if commune.kind == "đặc khu") == 13


def test_every_shared_schema_is_a_table_schema_with_a_title_in_both_languages() -> None:
    schemas = load_schemas()
    assert {"ket-qua-giai-quyet-tthc", "don-vi-hanh-chinh", "chat-luong-khong-khi"} <= set(schemas)
    for schema in schemas.values():
        assert set(schema.title) == {"vi", "en"} and schema.keywords
        names = [field["name"] for field in schema.schema["fields"]]
        assert set(schema.schema.get("primaryKey", [])) <= set(names)
    assert schemas["chat-luong-khong-khi"].matches("Chất lượng không khí tháng 10")
    assert not schemas["chat-luong-khong-khi"].matches("Danh sách trường học")


def test_a_schema_file_named_differently_from_its_id_is_refused(tmp_path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"id": "b", "title": {"vi": "B", "en": "B"}, "schema": {"fields": []}}))
    with pytest.raises(ValueError, match="must be its file name"):
        load_schemas.__wrapped__(tmp_path)


def test_an_unknown_shared_schema_is_refused_with_the_field_named(world: World) -> None:
    slug = world.dataset()
    with pytest.raises(InvalidInput) as caught:
        from publisher.services import datasets

        datasets.dataset_update(world.platform, world.officer, slug=slug, schema_id="khong-co")
    assert caught.value.field_errors == {"schema_id": "unknown-schema"}


def test_every_rubric_check_is_installed_and_every_built_in_is_in_the_rubric() -> None:
    rubric = load_rubric()
    assert rubric.version == "2025.2"
    assert [check.id for check in enabled_checks(rubric)] == [check.id for check in rubric.checks]
    assert set(installed_checks()) == {check.id for check in rubric.checks}
    for check in installed_checks().values():
        assert check.codes, f"{check.id} declares no evidence codes"


def test_a_rubric_naming_a_check_nobody_implements_is_refused(tmp_path) -> None:
    text = (load_rubric.__wrapped__.__defaults__[0]).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    broken = tmp_path / "rubric.toml"
    broken.write_text(text + '\n[[check]]\nid = "clean.unicorns"\nprinciple = "clean"\nweight = 1\n'
                      'title = { vi = "x", en = "x" }\nhow = { vi = "x", en = "x" }\nfix = { vi = "x", en = "x" }\n', encoding="utf-8")
    with pytest.raises(RubricError, match="clean.unicorns"):
        enabled_checks(load_rubric.__wrapped__(broken))
    broken.write_text(text.replace('principle = "clean"', 'principle = "tidy"', 1), encoding="utf-8")
    with pytest.raises(RubricError, match="unknown principle"):
        load_rubric.__wrapped__(broken)

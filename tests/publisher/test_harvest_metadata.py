"""A harvested item's contact point, themes and period, wherever its source's vocabulary keeps them."""

from __future__ import annotations

import datetime as dt

from harvesters.base import RemoteItem
from publisher.pipeline.metadata import map_coverage
from publisher.reference import load_reference

REFERENCE = load_reference()
THEME = "http://publications.europa.eu/resource/authority/data-theme/"


def coverage(**extras: str) -> dict[str, object]:
    return map_coverage(REFERENCE, RemoteItem("x", "X", extras=extras))


def test_dcat_contact_themes_and_period() -> None:
    assert coverage(dcat_contact_name="Phòng Thống kê", dcat_contact_email="tk@bacninh.gov.vn",
                    dcat_theme=f"{THEME}SOCI {THEME}ECON", dcat_temporal_start="2024-01-01T00:00:00",
                    dcat_temporal_end="2024-12-31") == {
        "contact_name": "Phòng Thống kê", "contact_email": "tk@bacninh.gov.vn", "themes": ["ECON", "SOCI"],
        "temporal_start": dt.date(2024, 1, 1), "temporal_end": dt.date(2024, 12, 31)}


def test_data_json_contact_and_iso_interval() -> None:
    assert coverage(datajson_contactPoint="Phòng Kế hoạch", datajson_contactEmail="khtc@hanoi.edu.vn",
                    datajson_temporal="2023-09-01/2024-05-31") == {
        "contact_name": "Phòng Kế hoạch", "contact_email": "khtc@hanoi.edu.vn",
        "temporal_start": dt.date(2023, 9, 1), "temporal_end": dt.date(2024, 5, 31)}


def test_ckan_maintainer_stands_in_when_there_is_no_contact_point() -> None:
    assert coverage(ckan_maintainer="Nguyễn Văn A", ckan_maintainer_email="mailto:a@example.gov.vn",
                    ckan_author="Tác giả") == {"contact_name": "Nguyễn Văn A", "contact_email": "a@example.gov.vn"}


def test_what_a_source_does_not_state_or_states_wrongly_is_left_out() -> None:
    assert coverage() == {}, "nothing stated: an officer's own values stay"
    assert coverage(dcat_theme="http://example.org/themes/weather", dcat_temporal_start="soon") == {}
    assert coverage(dcat_temporal_start="2025-01-01", dcat_temporal_end="2024-01-01") == {
        "temporal_start": dt.date(2025, 1, 1)}, "an end before the start is dropped"

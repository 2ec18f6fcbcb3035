"""The OpenAPI document says what the server does: every /api/v1 route is in it, and schemathesis,
run against a real `opendata serve` with published data, finds no answer the document does not
describe (status codes, content types, bodies, the one error shape)."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi import checks
from sqlalchemy import create_engine, text

from publisher.actor import Actor
from publisher.models import Base
from publisher.platform import Platform
from publisher.services import agencies, datasets, tokens, users, versions
from publisher.settings import load_settings

from ..helpers import PASSWORDS
from ..integration.server import Server, running_server

EXAMPLES = 20
"""Requests per operation (and per database): enough to cross every documented branch here."""
SLUG = "dan-so-cac-tinh"
"""The dataset the document's examples name, so the examples reach real data."""
V1 = "Mã tỉnh,Tên tỉnh,Dân số\n01,Hà Nội,8435700\n02,Hà Giang,892000\n04,Cao Bằng,543100\n"
V2 = "Mã tỉnh,Tên tỉnh,Dân số,Vùng\n01,Thủ đô Hà Nội,8435700,Đồng bằng\n04,Cao Bằng,543100,Trung du\n08,Tuyên Quang,,Trung du\n"
SCHEMA = {
    "fields": [
        {"name": "ma_tinh", "title": "Mã tỉnh", "type": "string", "constraints": {"required": True}},
        {"name": "ten_tinh", "title": "Tên tỉnh", "type": "string"},
        {"name": "dan_so", "title": "Dân số", "type": "integer"},
    ],
    "primaryKey": ["ma_tinh"],
}


def _flask_path(rule: str) -> str:
    """/datasets/<slug>/versions/<int:number> → /datasets/{slug}/versions/{number}"""
    return re.sub(r"<(?:[^<>]*:)?(\w+)>", r"{\1}", rule)


def test_every_api_route_is_documented_and_every_documented_path_exists(app) -> None:  # type: ignore[no-untyped-def]
    document = app.test_client().get("/api/v1/openapi.json").json
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item if method != "parameters"}
    served = {
        (_flask_path(rule.rule.removeprefix("/api/v1")), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert sorted(served - documented) == [], "routes missing from web/openapi.yaml"
    assert sorted(documented - served) == [], "documented in web/openapi.yaml but not served"
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Server]:
    """One server per database for the whole module: schemathesis makes hundreds of requests."""
    folder = tmp_path_factory.mktemp(f"openapi-{request.param}")
    if request.param == "sqlite":
        shutil.copyfile(sqlite_template, folder / "opendata.db")
        url = f"sqlite:///{folder / 'opendata.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(t.name for t in Base.metadata.sorted_tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()
    configured = load_settings(
        {"var_dir": str(folder / "var"), "database_url": url, "storage_url": str(folder / "storage"), "secret_key": "test-secret",
         "public_url": "", "password_profile": "CHEAPEST"},
        environ={},
    )
    platform = Platform.from_settings(configured)
    _publish_two_versions(platform, folder)
    users.user_create(platform, Actor.system(), username="admin", password=PASSWORDS["admin"], is_admin=True)
    token = tokens.token_issue(platform, users.user_authenticate(platform, username="admin", password=PASSWORDS["admin"]),
                               username="admin", scope="write")
    platform.close()
    with running_server(configured) as server:
        server.admin_token = token  # type: ignore[attr-defined]
        yield server


def _publish_two_versions(platform: Platform, folder: Path) -> None:
    system = Actor.system()
    agencies.agency_create(platform, system, name="Ủy ban nhân dân tỉnh Bắc Ninh", level="province", code="24", slug="tinh-bac-ninh")
    users.user_create(platform, system, username="officer", password=PASSWORDS["officer"])
    users.membership_set(platform, system, username="officer", agency="tinh-bac-ninh", role="editor")
    officer = users.user_authenticate(platform, username="officer", password=PASSWORDS["officer"])
    datasets.dataset_create(platform, officer, agency="tinh-bac-ninh", title="Dân số các tỉnh", slug=SLUG)
    for number, data in enumerate([V1, V2], start=1):
        path = folder / f"{SLUG}.csv"
        path.write_text(data, encoding="utf-8")
        outcome = versions.version_upload(
            platform, officer, dataset=SLUG, upload=versions.Upload(path, path.name, json.dumps(SCHEMA)), publish=True, confirm_errors=True
        )
        assert outcome.number == number, outcome.report


CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_the_server_does_what_the_document_says(api_server: Server, who: str) -> None:
    """Every operation, as the public and with an admin's write token (drafts, sources, the audit
    log, writes): its documented examples first (they reach the published dataset), then
    generated requests. ``schemathesis.pytest.from_fixture`` would give one test per operation, but
    it sets ``request.node._nodeid``, which pytest 9.2 no longer has, so the operations are looped here."""
    api = schemathesis.openapi.from_url(f"{api_server.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {api_server.admin_token}"} if who == "admin" else {}
    failures: list[str] = []
    answered: Counter[tuple[str, str, int]] = Counter()
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 30

    for operation in operations:
        strategies = [*operation.get_strategies_from_examples(), operation.as_strategy()]

        @given(case=st.one_of(*strategies))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(timeout=60, headers=headers)
            answered[(case.method, case.path, response.status_code // 100 * 100)] += 1
            assert response.status_code < 500, f"{response.status_code} {response.text[:300]}"
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Exception as error:  # noqa: BLE001 - collect every operation's failure, then fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:1500]}")
    assert failures == [], "\n\n".join(failures)
    # The examples reached real data, so success answers were checked too, not only errors.
    assert answered[("GET", "/datasets/{slug}/diff", 200)] and answered[("GET", "/datasets/{slug}/resources/{name}.{fmt}", 200)]
    if who == "admin":
        assert answered[("POST", "/datasets", 200)] and answered[("PATCH", "/datasets/{slug}", 200)]
        assert answered[("GET", "/audit", 200)] and answered[("GET", "/datasets/{slug}/drafts/{draft_id}", 200)]

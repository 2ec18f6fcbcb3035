"""Sources: who may connect, change, test and run them; what a source's settings must be; and the
allow-list that keeps an agency's URL away from the platform's own network."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from publisher.actor import Actor
from publisher.errors import Conflict, InvalidInput, NotAuthorized, NotFound
from publisher.queries import agencies
from publisher.queries import sources as source_queries
from publisher.services import sources, users

from ..harvesters.servers import FileServer
from ..helpers import PASSWORDS, World


def _add(world: World, actor: Actor, **fields: object) -> sources.SourceRef:
    values: dict[str, object] = {"agency": "tinh-bac-ninh", "type": "ckan", "url": "https://data.bacninh.gov.vn"}
    values.update(fields)
    return sources.source_create(world.platform, actor, **values)  # type: ignore[arg-type]


def test_an_agency_admin_connects_a_source_with_checked_settings(world: World, it_admin: Actor, allow: Callable[..., None]) -> None:
    allow("*.gov.vn")
    created = _add(world, it_admin, options={"organization": "so-khdt"}, schedule="every 6h")
    assert (created.name, created.agency, created.type) == ("ckan-data-bacninh-gov-vn", "tinh-bac-ninh", "ckan")
    detail = source_queries.source_detail(world.platform, it_admin, created.id)
    assert (detail.summary.schedule, detail.summary.health, detail.options) == ("every 6h", "new", {"organization": "so-khdt"})
    assert _add(world, it_admin).name == "ckan-data-bacninh-gov-vn-2", "names stay unique within the agency"
    with pytest.raises(Conflict):
        _add(world, it_admin, name="ckan-data-bacninh-gov-vn")


def test_wrong_settings_are_field_errors(world: World, it_admin: Actor) -> None:
    with pytest.raises(InvalidInput) as wrong:
        _add(world, it_admin, url="ftp://x", options={"organisation": "typo"}, schedule="every 1m", name="Tên có dấu")
    assert wrong.value.field_errors == {"url": "wrong-format", "options.organisation": "unknown-option",
                                        "schedule": "invalid-schedule", "name": "invalid-slug"}
    with pytest.raises(InvalidInput) as unknown:
        _add(world, it_admin, type="gopher")
    assert unknown.value.field_errors == {"type": "unknown-source-type"}
    for wrong_line in (["organization"], ["formats=[csv"]):
        with pytest.raises(InvalidInput) as options:
            sources.parse_options(wrong_line)
        assert options.value.field_errors == {"options": "invalid-option"}
    assert sources.parse_options(['formats=["csv"]', "max_pages=3", "q=dân số"]) == \
        {"formats": ["csv"], "max_pages": 3, "q": "dân số"}


def test_the_allow_list_refuses_a_private_address_with_a_clear_error(
        world: World, it_admin: Actor, served: FileServer, allow: Callable[..., None]) -> None:
    allow("*")  # any public host; loopback and private networks only when named exactly
    with pytest.raises(InvalidInput) as refused:
        _add(world, it_admin, type="files", url=f"{served.url}/")
    assert refused.value.field_errors == {"url": "address-not-allowed"}
    assert refused.value.params["reason"] == "private-address" and refused.value.params["address"] == "127.0.0.1"
    with pytest.raises(InvalidInput):
        _add(world, it_admin, url="http://169.254.169.254/latest/meta-data")

    allow(served.address)
    created = _add(world, it_admin, type="files", url=f"{served.url}/")
    allow("*")  # the deployment closes the door again: the run says why, and nothing is sent
    run = sources.harvest_run(world.platform, it_admin, source_id=created.id)
    assert (run.status, run.error_code, run.error_params["address"]) == ("failed", "private-address", "127.0.0.1")
    assert served.hits == []


def test_editors_and_other_agencies_admins_may_not_connect_sources(world: World, it_admin: Actor) -> None:
    with pytest.raises(NotAuthorized) as editor:
        _add(world, world.officer)
    assert editor.value.code == "not-agency-admin"
    users.membership_set(world.platform, Actor.system(), username="other", agency="bo-khcn", role="admin")
    other_admin = users.user_authenticate(world.platform, username="other", password=PASSWORDS["other"])
    with pytest.raises(NotAuthorized):
        _add(world, other_admin)
    assert _add(world, world.admin).agency == "tinh-bac-ninh", "platform admins may"
    assert not agencies.agency_detail(world.platform, world.officer, "tinh-bac-ninh").can_add_source
    assert agencies.agency_detail(world.platform, it_admin, "tinh-bac-ninh").can_add_source


def test_who_sees_changes_and_runs_a_source(world: World, it_admin: Actor, allow: Callable[..., None]) -> None:
    allow("*.gov.vn")
    created = _add(world, it_admin, url="https://user:secret@data.bacninh.gov.vn")
    audit_view = source_queries.source_detail(world.platform, world.auditor, created.id)
    assert audit_view.url == "https://user:***@data.bacninh.gov.vn" and not audit_view.can_run, "auditors read, never act"
    assert source_queries.source_runs(world.platform, world.auditor, created.id) == []
    for outsider in (Actor.anonymous(), world.other_officer):
        with pytest.raises(NotFound):
            source_queries.source_detail(world.platform, outsider, created.id)
        assert source_queries.agency_sources(world.platform, outsider, "tinh-bac-ninh") == []
    with pytest.raises(NotAuthorized):
        sources.harvest_run(world.platform, world.auditor, source_id=created.id)
    with pytest.raises(NotAuthorized):
        sources.source_disable(world.platform, world.officer, source_id=created.id)
    officer_view = source_queries.source_detail(world.platform, world.officer, created.id)
    assert officer_view.can_run and not officer_view.can_manage, "editors run and test; admins change"

    sources.source_disable(world.platform, it_admin, source_id=created.id)
    sources.source_update(world.platform, it_admin, source_id=created.id, schedule="30 1 * * 1-5")
    summary = source_queries.source_detail(world.platform, it_admin, created.id).summary
    assert (summary.enabled, summary.schedule) == (False, "30 1 * * 1-5")
    sources.source_enable(world.platform, it_admin, source_id=created.id)
    assert source_queries.source_find(world.platform, it_admin, "tinh-bac-ninh/" + created.name).id == created.id
    with pytest.raises(NotFound):
        source_queries.source_find(world.platform, it_admin, "nothing-like-it")


def test_a_host_that_does_not_resolve_today_may_be_saved(world: World, it_admin: Actor, allow: Callable[..., None]) -> None:
    allow("*")
    assert _add(world, it_admin, url="https://du-lieu.invalid").type == "ckan", "the run will say what is wrong"


def test_a_source_whose_type_was_disabled_fails_its_run_and_says_why(
        world: World, it_admin: Actor, served: FileServer, allow: Callable[..., None]) -> None:
    allow(served.address)
    created = _add(world, it_admin, type="files", url=f"{served.url}/")
    allow(served.address, harvesters_enabled="ckan,dcat")
    run = sources.harvest_run(world.platform, it_admin, source_id=created.id)
    assert (run.status, run.error_code, run.error_params["fields"]) == ("failed", "invalid-config", {"type": "unknown-source-type"})
    assert source_queries.source_detail(world.platform, it_admin, created.id).summary.health == "failing"

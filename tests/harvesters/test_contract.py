"""The harvester contract: the registry, config checking, and how state carries from run to run."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from harvesters.base import (
    Discovery,
    Fetched,
    FetchedFile,
    FileState,
    HarvestState,
    ItemState,
    NotModified,
    Provenance,
    RemoteItem,
    SourceConfig,
    UnchangedFile,
    check_config,
    next_state,
)
from harvesters.errors import InvalidConfig, RegistryError
from harvesters.registry import GROUP, Registry

BUILT_INS = ["ckan", "datajson", "dcat", "files", "rest", "sql"]


# The registry ------------------------------------------------------------------------------------


def test_the_built_in_types_are_registered_through_the_entry_point_group() -> None:
    assert Registry.load().names() == BUILT_INS


def test_every_harvester_documents_itself_and_each_of_its_settings() -> None:
    """The source form and the docs are generated from these: nothing may be left unexplained."""
    for harvester in Registry.load():
        assert harvester.__doc__ and harvester.title, harvester.name
        properties = harvester.config_schema["properties"]
        assert set(properties) == {"url", "options"}, harvester.name
        assert properties["url"]["description"], harvester.name
        for option, schema in properties["options"]["properties"].items():
            assert schema.get("description"), f"{harvester.name}: option {option} has no description"


def test_a_glob_enables_some_types_and_the_others_are_unknown_source_types() -> None:
    registry = Registry.load(["c*", "dcat"])

    assert registry.names() == ["ckan", "dcat"]
    with pytest.raises(InvalidConfig) as caught:
        registry.get("sql")
    assert caught.value.field_errors == {"type": "unknown-source-type"}


def test_a_pattern_that_enables_nothing_fails_loudly() -> None:
    with pytest.raises(RegistryError) as caught:
        Registry.load(["ckan", "socrata"])
    assert (caught.value.code, caught.value.params["name"]) == ("unknown-harvester", "socrata")


def test_two_plugins_claiming_one_name_fail_loudly() -> None:
    installed = [EntryPoint("ckan", "harvesters.ckan:CkanHarvester", GROUP),
                 EntryPoint("ckan", "someone_else.ckan:Harvester", GROUP)]

    with pytest.raises(RegistryError) as caught:
        Registry.load(installed=installed)
    assert (caught.value.code, caught.value.params["name"]) == ("duplicate-harvester", "ckan")


@pytest.mark.parametrize("value", ["harvesters.nowhere:Harvester", "json:loads", "harvesters.dcat:DcatHarvester"])
def test_a_plugin_that_is_not_a_harvester_of_its_name_fails_loudly(value: str) -> None:
    with pytest.raises(RegistryError) as caught:
        Registry.load(installed=[EntryPoint("ckan", value, GROUP)])
    assert caught.value.code == "broken-harvester"


# Config ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "config", "errors"), [
    ("ckan", SourceConfig("", {"organisation": "x"}), {"url": "wrong-format", "options.organisation": "unknown-option"}),
    ("ckan", SourceConfig("https://data.gov.vn", {"organization": ""}), {"options.organization": "required"}),
    ("dcat", SourceConfig("https://x/catalog.ttl", {"format": "n3"}), {"options.format": "not-allowed-value"}),
    ("sql", SourceConfig("sqlite:///x.db", {}), {"options": "choose-one"}),
    ("sql", SourceConfig("oracle://x", {"table": "t"}), {"url": "wrong-format"}),
    ("rest", SourceConfig("https://x/api", {"paging": "cursor", "page_size": 0}),
     {"options.cursor_path": "required", "options.page_size": "too-small"}),
    ("files", SourceConfig("", {}), {"url": "required"}),
    ("files", SourceConfig("", {"urls": ["file:///etc/passwd"]}), {"options.urls.0": "wrong-format"}),
])
def test_a_wrong_config_is_refused_field_by_field(kind: str, config: SourceConfig, errors: dict[str, str]) -> None:
    with pytest.raises(InvalidConfig) as caught:
        check_config(Registry.load().get(kind), config)
    assert caught.value.field_errors == errors


@pytest.mark.parametrize(("kind", "config"), [
    ("ckan", SourceConfig("https://data.gov.vn", {"organization": "bo-tai-chinh", "formats": ["csv"]})),
    ("dcat", SourceConfig("https://data.gov.vn/catalog.ttl", {"languages": ["vi"]})),
    ("datajson", SourceConfig("https://data.gov.vn/data.json")),
    ("sql", SourceConfig("postgresql://reader:secret@db.agency.vn/stats", {"table": "dan_so", "title": "Dân số"})),
    ("rest", SourceConfig("https://api.agency.vn/items", {"paging": "next", "records": "data.items"})),
    ("files", SourceConfig("", {"urls": ["https://agency.vn/a.csv"]})),
    ("files", SourceConfig("/srv/drop/so-tai-chinh")),
])
def test_a_good_config_passes(kind: str, config: SourceConfig) -> None:
    check_config(Registry.load().get(kind), config)


# State from run to run ---------------------------------------------------------------------------


def _fetched(remote_id: str, key: str, sha256: str, etag: str) -> Fetched:
    provenance = Provenance("http://x/a.csv", "http://x/a.csv", etag, None, "text/csv", sha256, 1, dt.datetime.now(dt.UTC))
    return Fetched(remote_id, (FetchedFile(key, "a.csv", Path("/work/a.csv"), provenance),))


def test_the_next_state_remembers_what_succeeded_and_forgets_what_is_gone() -> None:
    previous = HarvestState({
        "same": ItemState("t1", {"f": FileState("s-same", '"e"')}),
        "changed": ItemState("t1", {"f": FileState("s-old", '"old"'), "g": FileState("s-g")}),
        "touched": ItemState("t1", {"f": FileState("s-touched")}),
        "failed": ItemState("t1", {"f": FileState("s-failed")}),
        "deleted": ItemState("t1", {"f": FileState("s-deleted")}),
    })
    discovery = Discovery(
        (RemoteItem("changed", "C", modified="t2"), RemoteItem("touched", "T", modified="t2"),
         RemoteItem("failed", "F", modified="t2"), RemoteItem("new", "N", modified="t2")),
        unchanged=frozenset({"same"}),
    )
    changed = _fetched("changed", "f", "s-new", '"new"')
    changed = Fetched("changed", (*changed.files, UnchangedFile("g", "g.csv", "s-g", "not-modified")))
    outcomes = {"changed": changed, "touched": NotModified("touched", "not-modified"),
                "new": _fetched("new", "f", "s-n", '"n"')}
    finished = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)

    state = next_state(previous, discovery, outcomes, finished)

    assert discovery.gone(previous) == {"deleted"}
    assert state.last_success == finished
    assert set(state.items) == {"same", "changed", "touched", "failed", "new"}
    assert state.items["same"] == previous.items["same"]
    assert state.items["changed"] == ItemState("t2", {"f": FileState("s-new", '"new"'), "g": FileState("s-g")})
    assert state.items["touched"] == ItemState("t2", {"f": FileState("s-touched")})
    assert state.items["failed"] == previous.items["failed"], "kept as it was, so the change is retried"
    assert state.file("new", "f") == FileState("s-n", '"n"')

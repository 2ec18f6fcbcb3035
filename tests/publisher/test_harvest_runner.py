"""The runner owns outcomes: whatever a harvester or the publishing path raises becomes the status
of one item (or of the run), with a code and the item's own log, and the other items go on.

These tests drive the runner with small harvesters written here (a plugin's bugs are what they
play) and a sink that keeps what it is given; no database is involved."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pytest

from datapackages.errors import UnreadableFile
from harvesters.base import (
    Discovery,
    Fetched,
    FetchedFile,
    HarvestContext,
    Harvester,
    HarvestState,
    NotModified,
    Provenance,
    RemoteItem,
    SourceConfig,
)
from harvesters.errors import SkipItem, SourceUnreachable
from harvesters.http import HttpClient
from publisher.models import ItemStatus, RunStatus, utcnow
from publisher.pipeline.harvest import HarvestedFile, HarvestRunner, ItemOutcome, ItemRecord, state_from_json, state_to_json
from publisher.store import Store

plugin_log = logging.getLogger("harvesters.playful")


class Playful(Harvester):
    """Items named after what their fetch does: ``ok``, ``skip``, ``crash``, ``same``, ``reject``, ``sink-crash``."""

    name = "playful"
    title = "Playful"
    config_schema: Mapping[str, object] = {"type": "object"}
    discover_error: Exception | None = None
    names = ("ok", "skip", "down", "crash", "same", "reject", "sink-crash")

    def discover(self, config: SourceConfig, state: HarvestState) -> Discovery:
        if self.discover_error:
            raise self.discover_error
        return Discovery(tuple(RemoteItem(name, name.title()) for name in self.names), frozenset({"quiet"}))

    def fetch(self, config: SourceConfig, item: RemoteItem, state: HarvestState) -> Fetched | NotModified:
        plugin_log.warning("fetching %s", item.remote_id)
        if item.remote_id == "skip":
            raise SkipItem("no-supported-file", formats=["csv"], found=["pdf"])
        if item.remote_id == "down":
            raise SourceUnreachable("http-error", url="http://x/down", status=503)
        if item.remote_id == "crash":
            raise ZeroDivisionError("a plugin's bug")
        if item.remote_id == "same":
            return NotModified(item.remote_id, "not-modified")
        path = self.context.work_dir / f"{item.remote_id}.csv"
        path.write_text("a,b\n1,2\n")
        provenance = Provenance("http://x/" + item.remote_id, "http://x/" + item.remote_id, '"e"', None, "text/csv",
                                "ab" * 32, 8, utcnow())
        return Fetched(item.remote_id, (FetchedFile("file", path.name, path, provenance),))


class KeepingSink:
    def __init__(self) -> None:
        self.records: list[ItemRecord] = []
        self.applied: dict[str, list[HarvestedFile] | None] = {}

    def apply(self, item: RemoteItem, files: list[HarvestedFile] | None) -> ItemOutcome:
        self.applied[item.remote_id] = files
        if item.remote_id == "reject":
            raise UnreadableFile("corrupt-file")
        if item.remote_id == "sink-crash":
            raise KeyError("publishing bug")
        return ItemOutcome(ItemStatus.UNCHANGED if files is None else ItemStatus.NEW)

    def withdraw(self, remote_id: str) -> ItemOutcome:
        return ItemOutcome(ItemStatus.WITHDRAWN)

    def record(self, records: list[ItemRecord], counts: Mapping[str, int]) -> None:
        self.records.extend(records)


@pytest.fixture
def runner(tmp_path: Path):  # type: ignore[no-untyped-def]
    client = HttpClient()
    harvester = Playful(HarvestContext(client, tmp_path))
    sink = KeepingSink()
    previous = HarvestState({"gone": state_from_json({"items": {"x": {"modified": None, "files": {}}}}).items["x"]})

    def make(**options: object) -> tuple[HarvestRunner, KeepingSink]:
        return HarvestRunner(harvester, SourceConfig("http://x"), previous, sink, store=Store(str(tmp_path / "store")),
                             workers=3, **options), sink  # type: ignore[arg-type]

    yield make
    client.close()


def test_every_failure_is_one_item_s_status_and_the_others_go_on(runner) -> None:  # type: ignore[no-untyped-def]
    run, sink = runner()
    result = run.run()

    statuses = {record.remote_id: (record.outcome.status, record.outcome.error_code) for record in sink.records}
    assert statuses == {
        "ok": (ItemStatus.NEW, None),
        "skip": (ItemStatus.SKIPPED, "no-supported-file"),
        "down": (ItemStatus.FAILED, "http-error"),
        "crash": (ItemStatus.FAILED, "internal-error"),
        "same": (ItemStatus.UNCHANGED, None),
        "reject": (ItemStatus.FAILED, "corrupt-file"),
        "sink-crash": (ItemStatus.FAILED, "internal-error"),
        "quiet": (ItemStatus.UNCHANGED, None),
        "gone": (ItemStatus.WITHDRAWN, None),
    }
    assert result.status is RunStatus.PARTIAL
    assert result.counts == {"new": 1, "skipped": 1, "failed": 4, "unchanged": 2, "withdrawn": 1}
    assert sink.applied["same"] is None, "NotModified reaches the sink without files"
    records = {record.remote_id: record for record in sink.records}
    assert "ZeroDivisionError" in records["crash"].log_excerpt and "fetching crash" in records["crash"].log_excerpt
    assert "fetching ok" in records["ok"].log_excerpt and "crash" not in records["ok"].log_excerpt, "each item has its own log"
    assert records["ok"].artifact_sha == "ab" * 32
    assert result.state is not None and set(result.state.items) == {"ok"}, \
        "only what was published is remembered; failed items are retried, the withdrawn one forgotten"


def test_a_failing_discovery_fails_the_run_and_changes_nothing(runner) -> None:  # type: ignore[no-untyped-def]
    run, sink = runner()
    Playful.discover_error = SourceUnreachable("timeout", url="http://x")
    try:
        result = run.run()
        assert (result.status, result.error_code, result.error_params, result.state) == \
            (RunStatus.FAILED, "timeout", {"url": "http://x"}, None)
        Playful.discover_error = RuntimeError("a plugin's bug")
        crashed = run.run()
        assert (crashed.status, crashed.error_code) == (RunStatus.FAILED, "internal-error")
        assert "RuntimeError" in crashed.log_excerpt
    finally:
        Playful.discover_error = None
    assert sink.records == []


def test_a_dry_run_withdraws_nothing_and_keeps_no_state(runner) -> None:  # type: ignore[no-untyped-def]
    run, sink = runner(dry_run=True, max_items=2)
    result = run.run()
    assert result.state is None
    assert [record.remote_id for record in sink.records] == ["ok", "skip", "quiet"]


def test_the_state_round_trips_through_json() -> None:
    data = {"last_success": "2026-11-23T00:00:00+00:00",
            "items": {"a": {"modified": "m", "files": {"f": {"sha256": "s", "etag": '"e"', "last_modified": None}}}}}
    assert state_to_json(state_from_json(data)) == data

"""`opendata sources add|list` and `opendata harvest`, as an IT team runs them."""

from __future__ import annotations

from ..harvesters.servers import FileServer
from ..helpers import DATA, World

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n24,Bắc Ninh,1517400\n"


def test_add_a_source_list_it_and_harvest_it(run, world: World, served: FileServer) -> None:  # type: ignore[no-untyped-def]
    (served.root / "dan-so.csv").write_text(POPULATION, encoding="utf-8")
    added = run("sources", "add", "--agency", "tinh-bac-ninh", "--type", "files", "--url", f"{served.url}/",
                "--option", 'formats=["csv"]', "--schedule", "every 6h", harvest_allow=served.address)
    assert added.exit_code == 0, added.output
    assert added.output.strip() == "files-127-0-0-1"

    listed = run("sources", "list")
    assert "tinh-bac-ninh/files-127-0-0-1" in listed.output and "every 6h" in listed.output

    harvested = run("harvest", "files-127-0-0-1", harvest_allow=served.address)
    assert harvested.exit_code == 0, harvested.output
    assert "Thành công" in harvested.output and "Mới: 1" in harvested.output

    (served.root / "dan-so.csv").write_bytes((DATA / "type-errors.csv").read_bytes())
    failed = run("harvest", "tinh-bac-ninh/files-127-0-0-1", harvest_allow=served.address, lang="en")
    assert failed.exit_code == 1, "an item failed"
    assert "The data has 3 errors" in failed.output


def test_wrong_sources_fail_with_their_reasons(run, world: World) -> None:  # type: ignore[no-untyped-def]
    refused = run("sources", "add", "--agency", "tinh-bac-ninh", "--type", "ckan", "--url", "http://127.0.0.1:9/", lang="en")
    assert refused.exit_code == 1
    assert "may not harvest this address" in refused.output
    assert run("harvest", "no-such-source", lang="en").exit_code == 1


def test_a_running_source_is_refused(run, world: World) -> None:  # type: ignore[no-untyped-def]
    from publisher.actor import Actor
    from publisher.models import RunTrigger
    from publisher.services import harvests, sources

    source = sources.source_create(world.platform, Actor.system(), agency="tinh-bac-ninh", type="ckan",
                                   url="https://du-lieu.invalid", name="ckan")
    harvests.claim_run(world.platform, Actor.system(), source.id, trigger=RunTrigger.SCHEDULE)
    busy = run("harvest", "ckan", lang="en")
    assert busy.exit_code == 1 and "being harvested right now" in busy.output

"""The web app at scale: gunicorn with two worker processes serves the site from the app factory
(``web.app:create_app()``), configured by ``OPENDATA_*`` variables alone, on PostgreSQL."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path

from ..helpers import World
from .processes import BIN, answers, environment, free_port, running, wait_for

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n24,Bắc Ninh,1517400\n"


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read().decode("utf-8")


def test_gunicorn_with_two_workers_serves_health_and_a_dataset_page(
        world: World, write_csv: Callable[..., Path], tmp_path: Path) -> None:
    slug = world.dataset("Dân số các tỉnh")
    world.publish(slug, write_csv(POPULATION, "dan-so.csv"))
    port = free_port()
    command = [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "web.app:create_app()"]

    with running(command, environment(world.platform.settings), tmp_path / "gunicorn.log") as server:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: answers(f"{url}/healthz"), "gunicorn", server)
        wait_for(lambda: server.output().count("Booting worker") == 2, "two gunicorn workers", server)

        for _ in range(6):  # whichever worker answers, it serves the same site
            status, health = _get(f"{url}/healthz")
            assert status == 200 and '"status":"ok"' in health.replace(" ", "")
            status, page = _get(f"{url}/datasets/{slug}")
            assert status == 200 and "Dân số các tỉnh" in page

"""Fixtures for harvester tests: loopback servers, a trap, harvest contexts, and the real CKAN.

No mocks: every source is a real server on 127.0.0.1 serving real files. The CKAN is the one
started by ``shared/ckan/start-ckan.sh``; a running one is reused (the script is idempotent,
about 3 s when up, 2 minutes the first time). Without it the CKAN tests skip locally and fail
under ``CI=true``.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckanapi
import pytest

from harvesters.base import HarvestContext
from harvesters.http import HttpClient, HttpLimits, NetworkPolicy

from ..helpers import require
from .servers import FileServer, Trap

SHARED = Path(__file__).resolve().parents[3] / "shared"
START_CKAN = SHARED / "ckan" / "start-ckan.sh"
CKAN_ENV = Path(os.environ.get("CKAN_PEER_DIR", "/tmp/ckanpeer")) / "ckanpeer.env"

FAST = HttpLimits(connect_timeout=2, read_timeout=5, retries=2, backoff_factor=0.01, retry_after_max=2,
                  max_download_seconds=30)
"""Quick retries so that failure scenarios take milliseconds, not the production back-off."""

ContextFactory = Callable[..., HarvestContext]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[FileServer]:
    """A file server over a fresh folder; tests write the files they need into ``served.root``."""
    root = tmp_path / "served"
    root.mkdir()
    server = FileServer(root)
    yield server
    server.close()


@pytest.fixture
def trap() -> Iterator[Trap]:
    trap = Trap()
    yield trap
    trap.close()
    assert trap.connections == 0, "the trap was reached: a request went where the rules forbid"


@pytest.fixture
def make_context(tmp_path: Path) -> Iterator[ContextFactory]:
    """``make_context(*allow, local_roots=(), resolve=None, **limits)`` → a HarvestContext with its own work folder."""
    clients: list[HttpClient] = []

    def make(*allow: str, local_roots: tuple[Path, ...] = (), resolve: Callable[[str, int], list[str]] | None = None,
             **limits: Any) -> HarvestContext:
        policy = NetworkPolicy(tuple(allow), resolve) if resolve else NetworkPolicy(tuple(allow))
        client = HttpClient(policy, dataclasses.replace(FAST, **limits))
        clients.append(client)
        work_dir = tmp_path / f"work-{len(clients)}"
        work_dir.mkdir()
        return HarvestContext(client, work_dir, local_roots)

    yield make
    for client in clients:
        client.close()


# The real CKAN ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CkanPeer:
    url: str
    token: str

    @property
    def address(self) -> str:
        return self.url.split("://", 1)[1].rstrip("/")

    def admin(self) -> ckanapi.RemoteCKAN:
        return ckanapi.RemoteCKAN(self.url, apikey=self.token)


def _running_peer() -> CkanPeer | None:
    if not CKAN_ENV.exists():
        return None
    env = dict(line.strip().split("=", 1) for line in CKAN_ENV.read_text().splitlines() if "=" in line)
    try:
        peer = CkanPeer(env["CKAN_URL"], Path(env["CKAN_API_TOKEN_FILE"]).read_text().strip())
        peer.admin().action.status_show()
    except Exception:  # noqa: BLE001 - any failure here means "not running (yet)"
        return None
    return peer


@pytest.fixture(scope="session")
def ckan() -> CkanPeer:
    """The shared real CKAN 2.12 (with ckanext-dcat), reused when up, started otherwise."""
    peer = _running_peer()
    if peer is None and START_CKAN.exists():
        run = subprocess.run(["bash", str(START_CKAN)], capture_output=True, text=True, timeout=900)
        peer = _running_peer()
        require(peer is not None, f"CKAN did not start ({START_CKAN}): {run.stderr[-1500:]}")
    require(peer is not None, f"no CKAN: {CKAN_ENV} is missing and {START_CKAN} is not there")
    assert peer is not None
    return peer


@dataclass
class Organisation:
    """An organisation on the real CKAN, with helpers to publish datasets in it; purged afterwards."""

    admin: ckanapi.RemoteCKAN
    name: str
    title: str
    datasets: list[str] = field(default_factory=list)

    def publish(self, name: str, **fields: Any) -> dict[str, Any]:
        package = self.admin.action.package_create(name=f"{self.name}-{name}", owner_org=self.name, **fields)
        self.datasets.append(package["id"])
        return package


@pytest.fixture
def organisation(ckan: CkanPeer) -> Iterator[Organisation]:
    admin = ckan.admin()
    name = f"so-khdt-{uuid.uuid4().hex[:8]}"
    title = "Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh"
    admin.action.organization_create(name=name, title=title)
    organisation = Organisation(admin, name, title)
    yield organisation
    for dataset in organisation.datasets:
        admin.action.dataset_purge(id=dataset)
    admin.action.organization_purge(id=name)

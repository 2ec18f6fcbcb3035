"""CKAN's ``package_show`` (and our ``/api/v1/datasets/<slug>``) on this platform (`opendata serve`: waitress, one process, OPENDATA_THREADS
threads) against the real CKAN 2.12 of ``shared/ckan`` (gunicorn, CKAN_WORKERS sync workers, 2 by
default), on the same dataset shape, from the same client, on the same machine, in the same run.

The platform's catalogue holds BENCH_CATALOGUE datasets (default 2,000), published through the
services and kept in ``bench-data/package-show/`` for the next run. CKAN gets one package of the
same shape (a CSV resource, tags, extras), made once and reused; its catalogue is whatever the
shared CKAN holds, printed beside. Each run: BENCH_CLIENTS keep-alive clients (default 8) ask for
package_show by name, round-robin over BENCH_NAMES names, for BENCH_SECONDS (default 5) after a
1 s warm-up; the figures are the medians over BENCH_RUNS runs.

    python -m benchmarks.package_show
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data" / "package-show"
CATALOGUE = int(os.environ.get("BENCH_CATALOGUE", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
NAMES = 50
CKAN_ENV = Path(os.environ.get("CKAN_PEER_DIR", "/tmp/ckanpeer")) / "ckanpeer.env"
CKAN_ORGANISATION = "bench-package-show"
CKAN_PACKAGE = "bench-package-show-ho-so"
FLOOR = 3.0
"""The issue's floor: at least 3x CKAN's requests per second, with a lower p99."""


@dataclass
class Run:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000 if ordered else float("nan")


def _fingerprint() -> str:
    """The migrations' content: a catalogue built under other migrations is built again."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "publisher" / "migrations" / "versions").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _catalogue() -> Path:
    """A platform folder with CATALOGUE published datasets (made once, reused while the migrations stay)."""
    marker = DATA / f"ready-{CATALOGUE}-{_fingerprint()}"
    if marker.exists():
        return DATA
    shutil.rmtree(DATA, ignore_errors=True)
    DATA.mkdir(parents=True)
    print(f"  publishing {CATALOGUE:,} datasets into {DATA} (once)…", flush=True)
    from publisher.actor import Actor
    from publisher.platform import Platform
    from publisher.services import agencies, datasets, versions
    from publisher.settings import load_settings

    platform = Platform.from_settings(load_settings({"var_dir": str(DATA)}, environ={}))
    platform.db.migrate()
    system = Actor.system()
    agencies.agency_create(platform, system, name="Ủy ban nhân dân tỉnh Bắc Ninh", level="province", code="24", slug="tinh-bac-ninh")
    csv = DATA / "ho-so.csv"
    for number in range(CATALOGUE):
        rows = "".join(f"{number:04d}{row:02d},Xã số {row},{(number * 37 + row * 11) % 5000}\n" for row in range(20))
        csv.write_text("Mã xã,Tên xã,Số hồ sơ\n" + rows, encoding="utf-8")
        slug = datasets.dataset_create(platform, system, agency="tinh-bac-ninh", title=f"Hồ sơ thủ tục hành chính, bảng {number:04d}",
                                       description="Số hồ sơ theo xã.", tags="hành chính, dịch vụ công",
                                       slug=f"ho-so-{number:04d}").slug
        versions.version_upload(platform, system, dataset=slug, upload=versions.Upload(csv, "ho-so.csv"), publish=True)
    platform.close()
    marker.touch()
    return DATA


def _ckan() -> tuple[str, str] | None:
    if not CKAN_ENV.exists():
        return None
    env = dict(line.strip().split("=", 1) for line in CKAN_ENV.read_text().splitlines() if "=" in line)
    return env["CKAN_URL"], Path(env["CKAN_API_TOKEN_FILE"]).read_text().strip()


def _ckan_package(url: str, token: str) -> int:
    """Make the compared package once; returns how many datasets the CKAN holds."""
    import ckanapi

    ckan = ckanapi.RemoteCKAN(url, apikey=token, user_agent="opendata-bench/1")
    try:
        ckan.action.organization_show(id=CKAN_ORGANISATION)
    except ckanapi.NotFound:
        ckan.action.organization_create(name=CKAN_ORGANISATION, title="Bench: Ủy ban nhân dân tỉnh Bắc Ninh")
    try:
        ckan.action.package_show(id=CKAN_PACKAGE)
    except ckanapi.NotFound:
        ckan.action.package_create(
            name=CKAN_PACKAGE, title="Hồ sơ thủ tục hành chính, bảng 0000", owner_org=CKAN_ORGANISATION, license_id="cc-by",
            notes="Số hồ sơ theo xã.", tags=[{"name": "hành chính"}, {"name": "dịch vụ công"}],
            extras=[{"key": "frequency", "value": "IRREG"}, {"key": "valid", "value": "true"}],
            resources=[{"url": "http://127.0.0.1:9/ho-so.csv", "name": "Hồ sơ", "format": "CSV", "mimetype": "text/csv"},
                       {"url": "http://127.0.0.1:9/datapackage.json", "name": "datapackage.json", "format": "JSON"}])
    return int(ckan.action.package_search(rows=0)["count"])


PACKAGE_SHOW = "/api/3/action/package_show?id={name}"
DATASET = "/api/v1/datasets/{name}"


def load(base: str, names: list[str], path: str = PACKAGE_SHOW, seconds: float = SECONDS, clients: int = CLIENTS) -> Run:
    """``clients`` threads, each on one keep-alive connection, asking for ``path`` round-robin over ``names``."""
    parsed = urllib.parse.urlsplit(base)
    stop = threading.Event()
    measuring = threading.Event()
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"requests": 0, "errors": 0}

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        mine: list[float] = []
        errors = 0
        index = offset
        while not stop.is_set():
            name = names[index % len(names)]
            index += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path.format(name=name))
                answer = connection.getresponse()
                body = answer.read()
                ok = answer.status == 200 and (path != PACKAGE_SHOW or b'"success":' in body and b'"success": false' not in body
                                               and b'"success":false' not in body)
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            took = time.perf_counter() - started
            if measuring.is_set():
                mine.append(took)
                errors += 0 if ok else 1
        connection.close()
        with lock:
            latencies.extend(mine)
            counts["requests"] += len(mine)
            counts["errors"] += errors

    threads = [threading.Thread(target=client, args=(number * 7,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # warm-up: connections open, caches filled
    measuring.set()
    started = time.perf_counter()
    time.sleep(seconds)
    measuring.clear()
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in threads:
        thread.join()
    return Run(counts["requests"], counts["errors"], elapsed, latencies)


def _peak_rss_mb(pid: int) -> float:
    """VmHWM of a process and its children, in MB."""
    total = 0.0
    for candidate in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{candidate}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
    return total


def _children(pid: int) -> list[int]:
    try:
        found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    except OSError:
        return []
    return [int(item) for item in found]


def _summary(runs: list[Run]) -> tuple[float, float, float, int]:
    return (statistics.median(run.rate for run in runs), statistics.median(run.percentile(0.5) for run in runs),
            statistics.median(run.percentile(0.99) for run in runs), sum(run.errors for run in runs))


def main() -> None:
    from publisher.settings import load_settings
    from tests.integration.server import running_server

    from .harness import RUNS

    folder = _catalogue()
    names = [f"ho-so-{number:04d}" for number in range(0, CATALOGUE, max(1, CATALOGUE // NAMES))][:NAMES]
    settings = load_settings({"var_dir": str(folder)}, environ={})
    ours: list[Run] = []
    twins: list[Run] = []
    with running_server(settings) as server:
        for _ in range(RUNS):
            ours.append(load(server.url, names))
            twins.append(load(server.url, names, DATASET))
        our_rss = _peak_rss_mb(server.process.pid)
    rate, p50, p99, errors = _summary(ours)
    twin_rate, twin_p50, twin_p99, twin_errors = _summary(twins)
    print(f"\nCKAN package_show, {CLIENTS} keep-alive clients, {SECONDS:.0f} s per run  (median of {RUNS} runs each)")
    print(f"  {'':<48}{'req/s':>9}{'p50':>10}{'p99':>10}{'errors':>8}{'peak RSS':>11}")
    print(f"  {f'platform (waitress, {settings.threads} threads), {CATALOGUE:,} datasets':<48}{rate:>9,.0f}"
          f"{p50:>8.1f}ms{p99:>8.1f}ms{errors:>8}{our_rss:>8.0f} MB")
    print(f"  {'  the same, /api/v1/datasets/<slug>':<48}{twin_rate:>9,.0f}{twin_p50:>8.1f}ms{twin_p99:>8.1f}ms{twin_errors:>8}")
    peer = _ckan()
    if peer is None:
        print(f"  CKAN: skipped, {CKAN_ENV} is missing (start it with shared/ckan/start-ckan.sh)")
        return
    url, token = peer
    try:
        held = _ckan_package(url, token)
    except Exception as error:  # noqa: BLE001 - any failure means the peer is not usable now
        print(f"  CKAN: skipped, {url} does not answer ({error})")
        return
    theirs = [load(url, [CKAN_PACKAGE]) for _ in range(RUNS)]
    ckan_pid = int((CKAN_ENV.parent / "run" / "ckan.pid").read_text().strip() or 0)
    ckan_rss = _peak_rss_mb(ckan_pid) if ckan_pid else float("nan")
    their_rate, their_p50, their_p99, their_errors = _summary(theirs)
    workers = len(_children(ckan_pid)) if ckan_pid else "?"
    print(f"  {f'CKAN 2.12 (gunicorn, {workers} workers), {held:,} datasets':<48}{their_rate:>9,.0f}"
          f"{their_p50:>8.1f}ms{their_p99:>8.1f}ms{their_errors:>8}{ckan_rss:>8.0f} MB")
    if errors or twin_errors or their_errors:
        print("  FAILED REQUESTS: the figures above are not comparable")
    ratio = rate / their_rate if their_rate else float("inf")
    met = ratio >= FLOOR and p99 < their_p99
    print(f"  ratio: {ratio:.1f}x CKAN's requests per second, p99 {p99:.1f} ms against {their_p99:.1f} ms"
          f"   floor {FLOOR:.0f}x with a lower p99: {'met' if met else 'NOT MET'}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()

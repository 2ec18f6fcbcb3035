"""Load on the embedded default: 20 uploaders and 50 readers at once against a real `opendata serve`
(SQLite, a storage folder, jobs in-process) for BENCH_LOAD_SECONDS (default 120).

Passes when no request fails and every accepted upload is published exactly once (each dataset's
version numbers run 1..n with n the number of uploads accepted for it). Prints throughput and
latency percentiles for uploads and for reads.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

UPLOADERS = 20
READERS = 50


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def _request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            body, status = answer.read(), answer.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    except OSError:
        body, status = b"", 0
    return status, body, time.perf_counter() - started


def main() -> None:
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "120"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from publisher.actor import Actor
    from publisher.platform import Platform
    from publisher.services import agencies, datasets, tokens, users
    from publisher.settings import load_settings
    from tests.integration.server import running_server

    with tempfile.TemporaryDirectory(prefix="opendata-load-") as work:
        settings = load_settings({"var_dir": work, "password_profile": "CHEAPEST"}, environ={})
        platform = Platform.from_settings(settings)
        platform.db.migrate()
        system = Actor.system()
        agencies.agency_create(platform, system, name="Sở Thử tải", level="province", slug="so-thu-tai")
        users.user_create(platform, system, username="loader", password="loader-password")
        users.membership_set(platform, system, username="loader", agency="so-thu-tai", role="editor")
        token = tokens.token_issue(platform, system, username="loader", scope="write", days=1)
        slugs = [datasets.dataset_create(platform, system, agency="so-thu-tai", title=f"Bộ số {n}").slug for n in range(UPLOADERS)]
        platform.close()

        accepted: Counter[str] = Counter()
        numbers: dict[str, list[int]] = {slug: [] for slug in slugs}
        upload_times: list[float] = []
        read_times: list[float] = []
        failures: Counter[str] = Counter()
        lock = threading.Lock()

        with running_server(settings) as server:
            deadline = time.monotonic() + seconds
            read_paths = ["/", "/datasets", "/api/v1/datasets", *(f"/api/v1/datasets/{slug}" for slug in slugs[:5]), "/agencies"]

            def uploader(slug: str) -> None:
                rng = random.Random(slug)
                while time.monotonic() < deadline:
                    rows = "".join(f"{rng.randint(1, 99999):05d},Phường {n},{rng.randint(0, 900)}\n" for n in range(200))
                    boundary = uuid.uuid4().hex
                    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="so-lieu.csv"\r\n\r\n'
                            f"Mã xã,Tên xã,Số hồ sơ\n{rows}\r\n--{boundary}--\r\n").encode()
                    status, answer, took = _request(
                        f"{server.url}/api/v1/datasets/{slug}/versions", data=body,
                        headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
                    )
                    with lock:
                        upload_times.append(took)
                        if status == 201 and json.loads(answer)["status"] == "published":
                            accepted[slug] += 1
                            numbers[slug].append(json.loads(answer)["number"])
                        else:
                            failures[f"upload {status}"] += 1

            def reader(index: int) -> None:
                rng = random.Random(index)
                while time.monotonic() < deadline:
                    status, _body, took = _request(server.url + rng.choice(read_paths))
                    with lock:
                        read_times.append(took)
                        if status != 200:
                            failures[f"read {status}"] += 1

            threads = [threading.Thread(target=uploader, args=(slug,)) for slug in slugs]
            threads += [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started

            exactly_once = True
            for slug in slugs:
                status, answer, _took = _request(f"{server.url}/api/v1/datasets/{slug}/versions")
                published = sorted(version["number"] for version in json.loads(answer)["results"])
                exactly_once &= published == list(range(1, accepted[slug] + 1)) == sorted(numbers[slug])

    total_uploads = sum(accepted.values())
    print(f"\nLoad on the embedded default: {UPLOADERS} uploaders and {READERS} readers for {elapsed:.0f} s")
    print(f"  uploads  {total_uploads:>6} published  {total_uploads / elapsed:>7.1f}/s   "
          f"p50 {statistics.median(upload_times) * 1000:>6.0f} ms   p99 {_percentile(upload_times, 0.99) * 1000:>6.0f} ms")
    print(f"  reads    {len(read_times):>6} answered   {len(read_times) / elapsed:>7.1f}/s   "
          f"p50 {statistics.median(read_times) * 1000:>6.0f} ms   p99 {_percentile(read_times, 0.99) * 1000:>6.0f} ms")
    print(f"  failed requests: {sum(failures.values())} {dict(failures) if failures else ''}")
    print(f"  every accepted upload published exactly once: {'yes' if exactly_once else 'NO'}")
    if failures or not exactly_once:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

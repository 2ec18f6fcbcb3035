"""Pushing 100 published datasets (one small CSV each) to the real CKAN of ``shared/ckan``: the first
push (an organisation, 100 packages, 200 uploaded resources) and a push with nothing changed, timed
around the push itself, and the no-change push once more through ``opendata push-ckan`` as a user
runs it (a fresh process: the command's start-up included). A fresh SQLite platform; what was
created at CKAN is purged afterwards (names under a unique prefix).

    python -m benchmarks.push_ckan
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from .harvest_ckan import _ckan

DATASETS = 100
BIN = Path(sys.executable).parent
FLOOR_AGAIN = 5.0
"""A push with nothing changed should cost little more than the command's start-up."""


def _platform(work: Path) -> dict[str, str]:
    """A platform with DATASETS published datasets; its environment for `opendata`."""
    from publisher.actor import Actor
    from publisher.platform import Platform
    from publisher.services import agencies, datasets, versions
    from publisher.settings import load_settings

    settings = load_settings({"var_dir": str(work)}, environ={})
    platform = Platform.from_settings(settings)
    platform.db.migrate()
    system = Actor.system()
    agencies.agency_create(platform, system, name="Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh", level="other", slug="so-khdt")
    for number in range(DATASETS):
        slug = datasets.dataset_create(platform, system, agency="so-khdt", slug=f"bang-{number:03d}",
                                       title=f"Hồ sơ thủ tục hành chính, bảng {number:03d}",
                                       description="Số hồ sơ theo xã.", tags="hành chính").slug
        path = work / f"bang-{number:03d}.csv"
        path.write_text("ma_xa,ten_xa,so_ho_so\n" + "".join(
            f"{number:03d}{row:02d},Xã số {row},{(number * 37 + row * 11) % 5000}\n" for row in range(20)), encoding="utf-8")
        versions.version_upload(platform, system, dataset=slug, upload=versions.Upload(path, path.name), publish=True)
    platform.close()
    return {"OPENDATA_VAR_DIR": str(work), "OPENDATA_LANG": "en"}


def _purge(url: str, token: str, prefix: str) -> None:
    import ckanapi

    ckan = ckanapi.RemoteCKAN(url, apikey=token, user_agent="opendata-bench/1")
    for number in range(DATASETS):
        try:
            ckan.action.dataset_purge(id=f"{prefix}bang-{number:03d}")
        except ckanapi.NotFound:
            pass
    try:
        ckan.action.organization_purge(id=f"{prefix}so-khdt")
    except ckanapi.NotFound:
        pass


def main() -> None:
    url, token = _ckan()
    prefix = f"bench-{uuid.uuid4().hex[:6]}-"
    with tempfile.TemporaryDirectory(prefix="bench-push-") as folder:
        work = Path(folder)
        print(f"\nPush {DATASETS} published datasets to the real CKAN ({url}), one CSV + datapackage.json each", flush=True)
        env = {**os.environ, **_platform(work), "OPENDATA_CKAN_URL": url, "OPENDATA_CKAN_API_KEY": token,
               "OPENDATA_CKAN_NAME_PREFIX": prefix}
        try:
            figures = _push_twice(work, url, token, prefix)
            started = time.perf_counter()
            run = subprocess.run([str(BIN / "opendata"), "push-ckan"], env=env, capture_output=True, text=True)
            figures["command"] = time.perf_counter() - started
            if run.returncode != 0 or "Unchanged: 100" not in run.stdout:
                raise RuntimeError(f"push-ckan did not find everything unchanged: {run.stdout}{run.stderr}")
            started = time.perf_counter()
            subprocess.run([str(BIN / "opendata"), "--help"], env=env, capture_output=True, check=True)
            figures["start-up"] = time.perf_counter() - started
        finally:
            _purge(url, token, prefix)
    print(f"  {'first push (create everything)':<44}{figures['first']:>8.2f} s{figures['first'] / DATASETS * 1000:>9.0f} ms/dataset")
    print(f"  {'push again, nothing changed':<44}{figures['again']:>8.2f} s{figures['again'] / DATASETS * 1000:>9.1f} ms/dataset"
          f"   floor {FLOOR_AGAIN:.0f} s: {'met' if figures['again'] < FLOOR_AGAIN else 'NOT MET'}")
    print(f"  {'`opendata push-ckan`, nothing changed':<44}{figures['command']:>8.2f} s"
          f"   (of which `opendata --help` start-up: {figures['start-up']:.2f} s)")


def _push_twice(work: Path, url: str, token: str, prefix: str) -> dict[str, float]:
    from publisher.actor import Actor
    from publisher.platform import Platform
    from publisher.services import pushes
    from publisher.settings import load_settings

    platform = Platform.from_settings(load_settings(
        {"var_dir": str(work), "ckan_url": url, "ckan_api_key": token, "ckan_name_prefix": prefix}, environ={}))
    figures = {}
    for label, expected in (("first", {"created": DATASETS}), ("again", {"unchanged": DATASETS})):
        started = time.perf_counter()
        summary = pushes.push_ckan(platform, Actor.system())
        figures[label] = time.perf_counter() - started
        if summary.counts != expected:
            raise RuntimeError(f"{label} push: {summary.counts} {summary.failures[:3]}")
    platform.close()
    return figures


if __name__ == "__main__":
    main()

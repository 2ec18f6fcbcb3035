"""Settings: ``config/defaults.toml``, then ``OPENDATA_*`` environment variables, then explicit overrides.

The same three layers serve ``make run``, the command line, the web app and the tests, so a
setting means the same thing everywhere. Empty defaults resolve to the embedded setup under
``var_dir``: SQLite, a storage folder and a secret key kept on disk.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datapackages.limits import Limits

__all__ = ["CONFIG_DIR", "Settings", "load_settings"]

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
ENV_PREFIX = "OPENDATA_"


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    var_dir: Path
    database_url: str
    storage_url: str
    secret_key: str
    personal_salt: str
    broker_url: str
    broker_queue: str
    s3_endpoint_url: str
    s3_region: str
    ckan_url: str
    ckan_api_key: str
    ckan_timeout: int
    ckan_retries: int
    ckan_name_prefix: str
    ckan_workers: int
    catalog_publisher: str
    public_url: str
    default_locale: str
    timezone: str
    max_upload_bytes: int
    max_unzipped_bytes: int
    max_zip_ratio: int
    max_line_bytes: int
    max_columns: int
    max_reader_memory_mb: int
    max_reader_seconds: int
    limit_errors: int
    threads: int
    password_profile: str
    login_attempts: int
    login_rate_limit: str
    lockout_minutes: int
    ratelimit_storage_url: str
    secure_cookies: str
    proxy_hops: int
    harvest_allow: str
    harvesters_enabled: str
    harvest_local_roots: str
    harvest_max_download_bytes: int
    harvest_max_document_bytes: int
    harvest_connect_timeout: int
    harvest_read_timeout: int
    harvest_download_timeout: int
    harvest_retries: int
    harvest_workers: int
    harvest_stale_seconds: int
    harvest_default_schedule: str
    harvest_misfire_grace_seconds: int
    harvest_schedule_sync_seconds: int

    @property
    def limits(self) -> Limits:
        return Limits(
            max_bytes=self.max_upload_bytes,
            max_unzipped_bytes=self.max_unzipped_bytes,
            max_zip_ratio=self.max_zip_ratio,
            max_line_bytes=self.max_line_bytes,
            max_columns=self.max_columns,
            max_memory=self.max_reader_memory_mb * 1024 * 1024,
            max_seconds=self.max_reader_seconds,
        )

    @property
    def harvest_allow_list(self) -> tuple[str, ...]:
        return _words(self.harvest_allow)

    @property
    def harvesters_enabled_list(self) -> tuple[str, ...]:
        return _words(self.harvesters_enabled)

    @property
    def harvest_local_root_paths(self) -> tuple[Path, ...]:
        return tuple(Path(word) for word in _words(self.harvest_local_roots))

    @property
    def storage_options(self) -> dict[str, Any]:
        """What fsspec needs besides the storage URL: the S3 endpoint and region, fresh listings."""
        if not self.storage_url.startswith(("s3://", "s3a://")):
            return {}
        client: dict[str, str] = {}
        if self.s3_endpoint_url:
            client["endpoint_url"] = self.s3_endpoint_url
        if self.s3_region:
            client["region_name"] = self.s3_region
        # Other processes (workers, web servers) write blobs too: never trust a cached listing.
        return {"client_kwargs": client, "use_listings_cache": False}

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    with open(CONFIG_DIR / "defaults.toml", "rb") as stream:
        values: dict[str, Any] = tomllib.load(stream)
    types = {field.name: field.type for field in dataclasses.fields(Settings)}
    for key in types:
        env_value = environ.get(ENV_PREFIX + key.upper())
        if env_value is not None:
            values[key] = env_value
    for key, value in (overrides or {}).items():
        if key not in types:
            raise KeyError(f"unknown setting {key!r}")
        values[key] = value
    unknown = set(values) - set(types)
    if unknown:
        raise KeyError(f"unknown settings in defaults: {sorted(unknown)}")
    values = {key: _coerce(types[key], value) for key, value in values.items()}

    var_dir = Path(values["var_dir"]).resolve()
    values["var_dir"] = var_dir
    if not values["database_url"]:
        values["database_url"] = f"sqlite:///{var_dir / 'opendata.db'}"
    values["database_url"] = _sqlalchemy_url(values["database_url"])
    if not values["storage_url"]:
        values["storage_url"] = str(var_dir / "storage")
    if not values["secret_key"]:
        values["secret_key"] = _kept_secret(var_dir / "secret_key")
    if not values["personal_salt"]:
        values["personal_salt"] = _kept_secret(var_dir / "personal_salt")
    return Settings(**values)


def _words(text: str) -> tuple[str, ...]:
    """A comma-separated setting as its non-empty items."""
    return tuple(word.strip() for word in text.split(",") if word.strip())


def _coerce(kind: Any, value: Any) -> Any:
    if kind in ("int", int):
        return int(value)
    if kind in ("Path", Path):
        return value
    return str(value)


def _sqlalchemy_url(url: str) -> str:
    """Accept the plain ``postgresql://`` form operators write, and use the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _kept_secret(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write(key)
    return key

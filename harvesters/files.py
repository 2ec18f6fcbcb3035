"""Harvest files: a list of URLs, a web folder (a page listing files), or a local folder.

Each file in a supported format (CSV, XLSX, ODS, JSON… option ``formats``) is one item, identified
by its URL (its name, in a local folder). Nothing is downloaded twice for nothing: web files are
asked for with last time's ETag and Last-Modified, and a file whose bytes hash as before is
``NotModified`` too. A local file is read again only when its modification time or size changed.

A web folder's links are followed only within that folder on the same server. A local folder
must lie inside one of the deployment's ``local_roots`` (a shared drop folder, say); so must every
file, after symbolic links are followed.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Iterator, Sequence
from email.utils import formatdate
from html.parser import HTMLParser
from pathlib import Path
from posixpath import basename, splitext
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from .base import (
    Discovery,
    Feature,
    Fetched,
    FetchedFile,
    Harvester,
    HarvestState,
    NotModified,
    Provenance,
    RemoteItem,
    RemoteResource,
    SourceConfig,
)
from .downloads import DEFAULT_FORMATS, FORMATS_OPTION, fetch_files, file_format
from .errors import InvalidConfig
from .http import HttpClient
from .spool import spool

__all__ = ["FilesHarvester"]

_CHUNK = 64 * 1024
_MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class FilesHarvester(Harvester):
    """Files an agency already publishes, or drops in a shared folder."""

    name = "files"
    title = "Files (list of URLs, web folder, local folder)"
    features = frozenset({Feature.CONDITIONAL_REQUESTS})
    config_schema = {
        "type": "object",
        "required": ["url"],
        "anyOf": [
            {"properties": {"url": {"minLength": 1}}},
            {"properties": {"options": {"required": ["urls"]}}, "required": ["options"]},
        ],
        "properties": {
            "url": {"type": "string", "pattern": "^($|https?://|file://|/)",
                    "description": "A folder: a web page listing the files, or a local path. Empty with options.urls."},
            "options": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "urls": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^https?://"},
                             "description": "The files' URLs."},
                    "formats": FORMATS_OPTION,
                },
            },
        },
    }

    def discover(self, config: SourceConfig, state: HarvestState) -> Discovery:
        formats = config.options.get("formats", DEFAULT_FORMATS)
        urls = list(config.options.get("urls", ()))
        if config.url.startswith(("http://", "https://")):
            urls += _web_folder(self.context.client, config.url)
        items = [_web_item(url) for url in dict.fromkeys(urls)]
        if config.url and not config.url.startswith(("http://", "https://")):
            items += _local_items(self._folder(config.url))
        chosen = {item.remote_id: item for item in items if file_format(item.resources[0]) in formats}
        return Discovery(tuple(chosen.values()))

    def fetch(self, config: SourceConfig, item: RemoteItem, state: HarvestState) -> Fetched | NotModified:
        resource = item.resources[0]
        if resource.url.startswith("file://"):
            return self._fetch_local(item, resource, state)
        return fetch_files(self.context, item.remote_id, [resource], state)

    def _folder(self, url: str) -> Path:
        folder = self.context.allowed_path(url2pathname(urlsplit(url).path) if url.startswith("file://") else url)
        if not folder.is_dir():
            raise InvalidConfig({"url": "not-found"})
        return folder

    def _fetch_local(self, item: RemoteItem, resource: RemoteResource, state: HarvestState) -> Fetched | NotModified:
        path = self.context.allowed_path(url2pathname(urlsplit(resource.url).path))
        stat = path.stat()
        marker = f"{stat.st_mtime_ns:x}-{stat.st_size:x}"  # like a web server's ETag: time and size
        previous = state.file(item.remote_id, resource.key)
        if previous and previous.etag == marker:
            return NotModified(item.remote_id, "not-modified")
        limit = self.context.client.limits.max_download_bytes
        spooled = spool(_read(path), self.context.work_dir, limit, source=resource.url, suffix=path.suffix)
        if previous and previous.sha256 == spooled.sha256:
            spooled.path.unlink()
            return NotModified(item.remote_id, "same-content")
        provenance = Provenance(
            url=resource.url,
            final_url=path.as_uri(),
            etag=marker,
            last_modified=formatdate(stat.st_mtime, usegmt=True),
            media_type=resource.media_type or None,
            sha256=spooled.sha256,
            size=spooled.size,
            fetched_at=dt.datetime.now(dt.UTC),
        )
        return Fetched(item.remote_id, (FetchedFile(resource.key, resource.name, spooled.path, provenance),))


def _web_item(url: str) -> RemoteItem:
    name = unquote(basename(urlsplit(url).path)) or url
    return RemoteItem(remote_id=url, title=splitext(name)[0] or name, landing_page=url,
                      resources=(RemoteResource("file", url, name, _format(name), _media_type(name)),))


def _local_items(folder: Path) -> Iterator[RemoteItem]:
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).isoformat()
        yield RemoteItem(remote_id=path.name, title=path.stem, modified=modified,
                         resources=(RemoteResource("file", path.as_uri(), path.name, _format(path.name), _media_type(path.name)),))


def _web_folder(client: HttpClient, url: str) -> list[str]:
    """The links of a folder listing (Apache, nginx, IIS, python -m http.server) that stay inside it."""
    document = client.get_document(url, accept="text/html")
    parser = _Links()
    parser.feed(document.content.decode("utf-8", "replace"))
    folder = urlsplit(document.url)
    prefix = folder.path if folder.path.endswith("/") else folder.path.rsplit("/", 1)[0] + "/"
    links = []
    for href in parser.links:
        target = urlsplit(urljoin(document.url, href))
        if (target.scheme, target.netloc) == (folder.scheme, folder.netloc) and target.path.startswith(prefix) \
                and not target.path.endswith("/"):
            links.append(target._replace(fragment="", query="").geturl())
    return links


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links += [value for name, value in attrs if name == "href" and value]


def _read(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _format(name: str) -> str:
    return splitext(name)[1].lstrip(".").upper()


def _media_type(name: str) -> str:
    return _MEDIA_TYPES.get(_format(name).lower()) or mimetypes.guess_type(name)[0] or ""

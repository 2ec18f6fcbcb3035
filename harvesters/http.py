"""The one HTTP client every harvester uses: bounded, retrying, conditional, and safe to point anywhere.

A harvest source's URL is typed by an agency, and every URL inside a catalogue is typed by
someone else again. Without care, such a URL reaches the cloud metadata service
(169.254.169.254), the platform's own database port, or a host on the internal network; or it
hangs a worker, or fills the disk. So every request, and every redirect hop, goes through
these rules:

1. **Schemes**: only ``http`` and ``https``. ``file:``, ``ftp:``, ``gopher:`` and the rest are
   refused before anything is sent.
2. **Allow-list** (per deployment, ``NetworkPolicy.allow``): patterns ``*`` (any host),
   ``*.gov.vn`` (sub-domains), ``data.gov.vn`` (one host), each optionally with ``:port``;
   IPv6 literals in brackets, ``[::1]:8080``. A host no pattern matches is refused.
3. **Addresses**: the host name is resolved once, here, and every address it resolves to must be
   public: loopback, private (RFC 1918), shared (100.64/10), link-local (169.254/16, the metadata
   service), unique-local IPv6 (fc00::/7), 0.0.0.0, multicast and IPv4 hidden in IPv6 are refused…
   unless the host was matched by an *explicit* pattern, one without ``*``: naming
   ``127.0.0.1:8080`` or ``intranet.agency.vn`` is how a deployment opens exactly that door.
4. **Pinning**: the connection is made to the address that was checked, not to a second look-up,
   so a name that answers a public address to the check and a private one to the connect (DNS
   rebinding) gets nowhere. TLS still verifies the certificate against the host name.
5. **No proxies from the environment**, at most ``max_redirects`` hops, each hop checked by 1-4
   before it is sent, and ``Authorization`` dropped when a hop changes host (requests' rule).
6. **Bounds**: connect and read timeouts, a total time per download, a size cap on every body
   (documents are read into memory up to ``max_document_bytes``; files stream to disk up to
   ``max_download_bytes`` and are hashed while they stream).
7. **Retries** with exponential back-off on connection errors, timeouts, 429 and 5xx, honouring
   ``Retry-After`` up to ``retry_after_max`` seconds.

Foreign exceptions stop here: callers see only ``harvesters.errors``. ``HttpClient.session`` is
a ``requests.Session`` with all of the above built in, for libraries that take a session (ckanapi).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, cast
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import exceptions as urllib3_exceptions
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection
from urllib3.util.retry import Retry

from .errors import HarvestError, SourceUnreachable, UnreadableResponse, UnsafeTarget
from .spool import spool, too_large

__all__ = [
    "Document",
    "Downloaded",
    "HttpClient",
    "HttpLimits",
    "NetworkPolicy",
    "Provenance",
    "Unchanged",
    "USER_AGENT",
]

USER_AGENT = "opendata-platform-harvester/0.1"
_SCHEMES = {"http": 80, "https": 443}
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK = 64 * 1024


# Limits ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpLimits:
    """Bounds on what one harvest may cost; set per deployment, all in seconds, bytes or counts."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 3
    """Extra attempts after a connection error, a timeout, a 429 or a 5xx."""
    backoff_factor: float = 0.5
    """Waits 0.5 s, 1 s, 2 s… between attempts (capped by ``backoff_max``)."""
    backoff_max: float = 30.0
    retry_after_max: float = 60.0
    """The longest ``Retry-After`` honoured; a server asking for more waits this long."""
    max_redirects: int = 5
    max_document_bytes: int = 20 * 1024 * 1024
    """Largest catalogue page or API answer read into memory."""
    max_download_bytes: int = 50 * 1024 * 1024
    """Largest file downloaded (the platform's upload limit by default)."""
    max_download_seconds: float = 600.0
    """Longest one download may take, however steadily bytes trickle in (and one database read)."""


# The allow-list and the address rules ------------------------------------------------------------


@dataclass(frozen=True)
class _HostPattern:
    host: str
    port: int | None

    @classmethod
    def parse(cls, pattern: str) -> _HostPattern:
        text = pattern.strip().lower()
        port: int | None = None
        if text.startswith("["):
            host, _, rest = text[1:].partition("]")
            if rest.startswith(":"):
                port = int(rest[1:])
        elif text.count(":") == 1:
            host, _, number = text.partition(":")
            port = int(number)
        else:
            host = text
        if "*" in host and host != "*" and not (host.startswith("*.") and "*" not in host[2:]):
            raise ValueError(f"a wildcard stands alone or first: {pattern!r}")
        return cls(_normal_host(host), port)

    @property
    def explicit(self) -> bool:
        return "*" not in self.host

    def matches(self, host: str, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.host == "*":
            return True
        if self.host.startswith("*."):
            return host.endswith(self.host[1:])
        return host == self.host


def _normal_host(host: str) -> str:
    """Lower case, no trailing dot, IP literals in their canonical form (so ::1 matches 0:0::1)."""
    host = host.lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def _resolve(host: str, port: int) -> list[str]:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise SourceUnreachable("name-not-resolved", host=host) from error
    return list(dict.fromkeys(str(answer[4][0]).split("%")[0] for answer in answers))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not _is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class NetworkPolicy:
    """Where harvesters may connect. ``allow`` holds host patterns; see the module docstring.

    ``resolve`` turns (host, port) into addresses; it is the system resolver, replaceable for a
    deployment with its own DNS (and by tests that play a rebinding resolver).
    """

    allow: tuple[str, ...] = ("*",)
    resolve: Callable[[str, int], list[str]] = _resolve
    _patterns: tuple[_HostPattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            patterns = tuple(_HostPattern.parse(pattern) for pattern in self.allow)
        except ValueError as error:
            raise UnsafeTarget("invalid-allow-list", allow=list(self.allow)) from error
        object.__setattr__(self, "_patterns", patterns)

    def check_url(self, url: str) -> tuple[str, int]:
        """Refuse a URL by its scheme and host, before any connection; return its (host, port)."""
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            port = parts.port
        except ValueError as error:
            raise UnreadableResponse("invalid-url", url=url) from error
        if scheme not in _SCHEMES:
            raise UnsafeTarget("unsupported-scheme", url=url, scheme=scheme)
        if not parts.hostname:
            raise UnreadableResponse("invalid-url", url=url)
        host, port = _normal_host(parts.hostname), port or _SCHEMES[scheme]
        self._matching(host, port, url)
        return host, port

    def pin(self, host: str, port: int) -> str:
        """Resolve ``host`` once, check every address, and return the one to connect to."""
        host = _normal_host(host)
        explicit = any(pattern.explicit for pattern in self._matching(host, port, f"{host}:{port}"))
        addresses = self.resolve(host, port)
        if not addresses:
            raise SourceUnreachable("name-not-resolved", host=host)
        if not explicit:
            for address in addresses:
                if not _is_public(address):
                    raise UnsafeTarget("private-address", host=host, address=address)
        return addresses[0]

    def _matching(self, host: str, port: int, target: str) -> list[_HostPattern]:
        matching = [pattern for pattern in self._patterns if pattern.matches(host, port)]
        if not matching:
            raise UnsafeTarget("host-not-allowed", url=target, host=host, port=port)
        return matching


# Pinned connections: the check and the connect use one resolution ------------------------------


def _pinned_socket(connection: HTTPConnection, policy: NetworkPolicy) -> socket.socket:
    """urllib3's ``_new_conn``, connecting to the address ``policy.pin`` checked instead of resolving again."""
    address = policy.pin(connection.host, connection.port)
    sys.audit("http.client.connect", connection, connection.host, connection.port)
    try:
        return urllib3_connection.create_connection((address, connection.port), connection.timeout,
                                                    source_address=connection.source_address,
                                                    socket_options=connection.socket_options)
    except TimeoutError as error:
        raise ConnectTimeoutError(connection, f"connection to {connection.host} timed out") from error
    except OSError as error:
        raise NewConnectionError(connection, f"failed to connect to {connection.host}: {error}") from error


class _PinnedHTTPConnection(HTTPConnection):
    policy: ClassVar[NetworkPolicy]

    def _new_conn(self) -> socket.socket:
        return _pinned_socket(self, self.policy)


class _PinnedHTTPSConnection(HTTPSConnection):
    policy: ClassVar[NetworkPolicy]

    def _new_conn(self) -> socket.socket:
        return _pinned_socket(self, self.policy)


class _PinnedAdapter(HTTPAdapter):
    """requests' adapter, whose connection pools make pinned connections under one policy."""

    def __init__(self, policy: NetworkPolicy, retries: Retry) -> None:
        self._pool_classes = {
            "http": type("PinnedHTTPPool", (HTTPConnectionPool,), {
                "ConnectionCls": type("PinnedHTTP", (_PinnedHTTPConnection,), {"policy": policy}),
            }),
            "https": type("PinnedHTTPSPool", (HTTPSConnectionPool,), {
                "ConnectionCls": type("PinnedHTTPS", (_PinnedHTTPSConnection,), {"policy": policy}),
            }),
        }
        super().__init__(max_retries=retries)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pool_classes


class SafeSession(requests.Session):
    """A ``requests.Session`` that checks every hop, bounds every body and never leaks foreign errors."""

    def __init__(self, policy: NetworkPolicy, limits: HttpLimits, user_agent: str) -> None:
        super().__init__()
        self.policy = policy
        self.limits = limits
        self.trust_env = False  # no proxies or .netrc from the environment: they would bypass pinning
        self.max_redirects = limits.max_redirects
        self.headers["User-Agent"] = user_agent
        retries = Retry(
            total=limits.retries,
            status_forcelist=_RETRY_STATUSES,
            backoff_factor=limits.backoff_factor,
            backoff_max=limits.backoff_max,
            retry_after_max=limits.retry_after_max,  # type: ignore[arg-type]  # typed int, any number works
            respect_retry_after_header=True,
            raise_on_status=False,
            redirect=False,
        )
        adapter = _PinnedAdapter(policy, retries)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().request(method, url, *args, **kwargs)
        except requests.RequestException as error:  # raised while preparing: a URL requests cannot parse
            raise _translate(error, str(url)) from error

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        follow = kwargs.pop("allow_redirects", True)
        stream = kwargs.pop("stream", False)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = (self.limits.connect_timeout, self.limits.read_timeout)
        hops: list[requests.Response] = []
        response = self._send_hop(request, kwargs)
        while follow and response.is_redirect:
            if len(hops) == self.max_redirects:
                response.close()
                raise SourceUnreachable("too-many-redirects", url=request.url, limit=self.max_redirects)
            response.close()
            response._content = b""  # a redirect's body is never read: it could be of any size
            hops.append(response)
            request = cast(requests.PreparedRequest,
                           next(self.resolve_redirects(response, request, yield_requests=True, **kwargs)))
            response = self._send_hop(request, kwargs)
        response.history = hops
        if not stream:
            response._content = b"".join(_body_chunks(response, self.limits.max_document_bytes))
        return response

    def _send_hop(self, request: requests.PreparedRequest, kwargs: dict[str, Any]) -> requests.Response:
        self.policy.check_url(str(request.url))
        try:
            return super().send(request, allow_redirects=False, stream=True, **kwargs)
        except requests.RequestException as error:
            raise _translate(error, str(request.url)) from error


def _body_chunks(response: requests.Response, limit: int, deadline: float | None = None) -> Iterator[bytes]:
    """The body of a streamed response, refused past ``limit`` bytes or after ``deadline`` (monotonic)."""
    url = str(response.url)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise too_large(url, limit)
    size = 0
    try:
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large(url, limit)
            if deadline is not None and time.monotonic() > deadline:
                raise SourceUnreachable("timeout", url=url)
            yield chunk
    except requests.RequestException as error:
        raise _translate(error, url) from error
    finally:
        response.close()


def _translate(error: requests.RequestException, url: str) -> HarvestError:
    # Once retries are spent, requests reports a read timeout as a ConnectionError wrapping urllib3's.
    # (urllib3's NewConnectionError is, for history's sake, a kind of ConnectTimeoutError.)
    reason = getattr(error.args[0], "reason", None) if error.args else None
    timed_out = isinstance(reason, urllib3_exceptions.TimeoutError) and not isinstance(reason, NewConnectionError)
    if isinstance(error, requests.Timeout) or timed_out:
        return SourceUnreachable("timeout", url=url)
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        return UnreadableResponse("invalid-url", url=url)
    if isinstance(error, requests.exceptions.ContentDecodingError):
        return UnreadableResponse("corrupt-response", url=url)
    return SourceUnreachable("connection-failed", url=url, reason=type(error).__name__)


# What the client returns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Provenance:
    """Where a file came from and what it was, as recorded for its artifact."""

    url: str
    final_url: str
    etag: str | None
    last_modified: str | None
    media_type: str | None
    sha256: str
    size: int
    fetched_at: dt.datetime


@dataclass(frozen=True)
class Downloaded:
    """New bytes: a file in the work folder (the caller owns it) and where they came from."""

    path: Path
    provenance: Provenance


@dataclass(frozen=True)
class Unchanged:
    """The same bytes as last time: ``not-modified`` (the server said 304) or ``same-content`` (same sha256)."""

    reason: str


@dataclass(frozen=True)
class Document:
    """A small answer read into memory: a catalogue page, an API page."""

    url: str
    content: bytes
    media_type: str | None
    links: Mapping[str, str]
    """``Link`` header targets by relation (``next``…), as absolute URLs."""

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except ValueError as error:
            raise UnreadableResponse("invalid-json", url=self.url) from error


# The client --------------------------------------------------------------------------------------


class HttpClient:
    """What harvesters call. One per run; ``close()`` it (or use ``with``) when the run ends."""

    def __init__(self, policy: NetworkPolicy = NetworkPolicy(), limits: HttpLimits = HttpLimits(),
                 user_agent: str = USER_AGENT) -> None:
        self.policy = policy
        self.limits = limits
        self.session = SafeSession(policy, limits, user_agent)

    def get_document(self, url: str, *, params: Mapping[str, str] | None = None, accept: str | None = None) -> Document:
        """GET a document into memory; any status but 2xx is ``SourceUnreachable('http-error')``."""
        headers = {"Accept": accept} if accept else {}
        response = self.session.get(url, params=params, headers=headers)
        _check_status(response)
        links = {rel: urljoin(str(response.url), link["url"]) for rel, link in response.links.items() if link.get("url")}
        return Document(str(response.url), response.content, _media_type(response), links)

    def download(self, url: str, work_dir: Path, *, etag: str | None = None, last_modified: str | None = None,
                 sha256: str | None = None) -> Downloaded | Unchanged:
        """Stream a file to ``work_dir``. With last time's ETag / Last-Modified the request is
        conditional; with last time's sha256, identical bytes are ``Unchanged`` too (and not kept)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self.session.get(url, headers=headers, stream=True)
        if response.status_code == 304:
            response.close()
            return Unchanged("not-modified")
        _check_status(response)
        deadline = time.monotonic() + self.limits.max_download_seconds
        spooled = spool(_body_chunks(response, self.limits.max_download_bytes, deadline), work_dir,
                        self.limits.max_download_bytes, source=url)
        if sha256 and spooled.sha256 == sha256:
            spooled.path.unlink()
            return Unchanged("same-content")
        provenance = Provenance(
            url=url,
            final_url=str(response.url),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            media_type=_media_type(response),
            sha256=spooled.sha256,
            size=spooled.size,
            fetched_at=dt.datetime.now(dt.UTC),
        )
        return Downloaded(spooled.path, provenance)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_status(response: requests.Response) -> None:
    if not 200 <= response.status_code < 300:
        response.close()
        raise SourceUnreachable("http-error", url=str(response.url), status=response.status_code)


def _media_type(response: requests.Response) -> str | None:
    value = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return value or None

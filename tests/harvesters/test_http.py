"""The safe HTTP client: what a harvest may reach, how it retries, bounds and skips unchanged files.

Every refusal is checked against a real listener that must see no connection at all.
"""

from __future__ import annotations

import hashlib
import socket
import time
from pathlib import Path

import pytest

from harvesters.errors import (
    HarvestError,
    SourceUnreachable,
    UnreadableResponse,
    UnsafeTarget,
)
from harvesters.http import Downloaded, NetworkPolicy, Unchanged

from .conftest import ContextFactory
from .servers import FileServer, Trap

CSV = "ma_tinh,ten_tinh\n01,Hà Nội\n04,Cao Bằng\n".encode()


def code_of(call, *args, **kwargs) -> tuple[type, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(HarvestError) as caught:
        call(*args, **kwargs)
    return type(caught.value), caught.value.code


def work_files(path: Path) -> list[Path]:
    return sorted(path.iterdir())


# Downloading -------------------------------------------------------------------------------------


def test_a_file_arrives_byte_identical_with_its_provenance(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "tỉnh.csv").write_bytes(CSV)
    context = make_context(served.address)

    result = context.client.download(f"{served.url}/t%E1%BB%89nh.csv", context.work_dir)

    assert isinstance(result, Downloaded)
    assert result.path.read_bytes() == CSV
    assert result.path.parent == context.work_dir
    provenance = result.provenance
    assert provenance.sha256 == hashlib.sha256(CSV).hexdigest() and provenance.size == len(CSV)
    assert provenance.media_type == "text/csv"
    assert provenance.etag and provenance.last_modified
    assert provenance.final_url == provenance.url


def test_an_unchanged_file_is_not_downloaded_again(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(served.address)
    first = context.client.download(f"{served.url}/data.csv", context.work_dir)
    assert isinstance(first, Downloaded)
    etag, modified = first.provenance.etag, first.provenance.last_modified

    again = context.client.download(f"{served.url}/data.csv", context.work_dir, etag=etag, last_modified=modified)

    assert again == Unchanged("not-modified")
    assert served.hits[-1].headers["If-None-Match"] == etag
    assert served.hits[-1].headers["If-Modified-Since"] == modified
    assert work_files(context.work_dir) == [first.path]


def test_a_changed_file_is_downloaded_despite_old_validators(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(served.address)
    first = context.client.download(f"{served.url}/data.csv", context.work_dir)
    assert isinstance(first, Downloaded)
    (served.root / "data.csv").write_bytes(CSV + "24,Bắc Ninh\n".encode())

    second = context.client.download(f"{served.url}/data.csv", context.work_dir, etag=first.provenance.etag)

    assert isinstance(second, Downloaded)
    assert second.path.read_bytes().endswith("24,Bắc Ninh\n".encode())


def test_same_bytes_from_a_server_without_validators_are_unchanged(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(served.address)
    first = context.client.download(f"{served.url}/plain/data.csv", context.work_dir)
    assert isinstance(first, Downloaded) and first.provenance.etag is None

    again = context.client.download(f"{served.url}/plain/data.csv", context.work_dir, sha256=first.provenance.sha256)

    assert again == Unchanged("same-content")
    assert work_files(context.work_dir) == [first.path], "the duplicate is not kept"


def test_a_file_past_the_size_cap_is_refused_and_not_kept(served: FileServer, make_context: ContextFactory) -> None:
    context = make_context(served.address, max_download_bytes=1_000_000)

    assert code_of(context.client.download, f"{served.url}/endless", context.work_dir) == (UnreadableResponse, "too-large")
    assert work_files(context.work_dir) == []


def test_a_download_that_takes_too_long_is_abandoned(served: FileServer, make_context: ContextFactory) -> None:
    context = make_context(served.address, max_download_seconds=0)

    assert code_of(context.client.download, f"{served.url}/endless", context.work_dir) == (SourceUnreachable, "timeout")
    assert work_files(context.work_dir) == []


def test_a_document_past_its_cap_is_refused_by_its_declared_length(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "catalog.json").write_bytes(b"[" + b"0," * 5000 + b"0]")
    context = make_context(served.address, max_document_bytes=1000)

    assert code_of(context.client.get_document, f"{served.url}/catalog.json") == (UnreadableResponse, "too-large")


# Retries and failures ----------------------------------------------------------------------------


def test_transient_failures_are_retried_until_the_file_comes(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(served.address)

    result = context.client.download(f"{served.url}/flaky/data.csv?fail=2&code=503", context.work_dir)

    assert isinstance(result, Downloaded) and result.path.read_bytes() == CSV
    assert served.count("/flaky/data.csv") == 3


def test_retry_after_is_honoured(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(served.address)
    started = time.monotonic()

    context.client.download(f"{served.url}/flaky/data.csv?fail=1&code=429&retry_after=1", context.work_dir)

    assert time.monotonic() - started >= 1.0
    assert served.count("/flaky/data.csv") == 2


def test_a_long_retry_after_is_capped(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(served.address, retry_after_max=0.2)
    started = time.monotonic()

    context.client.download(f"{served.url}/flaky/data.csv?fail=1&code=503&retry_after=3600", context.work_dir)

    assert time.monotonic() - started < 5


def test_a_source_that_keeps_failing_is_unreachable(served: FileServer, make_context: ContextFactory) -> None:
    context = make_context(served.address)

    with pytest.raises(SourceUnreachable) as caught:
        context.client.get_document(f"{served.url}/flaky/x?fail=99&code=503")

    assert (caught.value.code, caught.value.params["status"]) == ("http-error", 503)
    assert served.count("/flaky/x") == 3, "one attempt and two retries"


def test_a_missing_file_is_an_http_error_without_retries(served: FileServer, make_context: ContextFactory) -> None:
    context = make_context(served.address)

    with pytest.raises(SourceUnreachable) as caught:
        context.client.download(f"{served.url}/nothing.csv", context.work_dir)

    assert (caught.value.code, caught.value.params["status"]) == ("http-error", 404)
    assert served.count("/nothing.csv") == 1


def test_a_server_too_slow_to_answer_times_out(served: FileServer, make_context: ContextFactory) -> None:
    context = make_context(served.address, read_timeout=0.3, retries=0)

    assert code_of(context.client.get_document, f"{served.url}/slow?seconds=2") == (SourceUnreachable, "timeout")


def test_a_server_that_never_accepts_the_connection_times_out(make_context: ContextFactory) -> None:
    with socket.create_server(("127.0.0.1", 0), backlog=0) as listener:
        port = listener.getsockname()[1]
        queued = [socket.socket() for _ in range(3)]  # fill the accept queue: later handshakes go unanswered
        for filler in queued:
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
        context = make_context(f"127.0.0.1:{port}", connect_timeout=0.3, retries=0)
        try:
            assert code_of(context.client.get_document, f"http://127.0.0.1:{port}/") == (SourceUnreachable, "timeout")
        finally:
            for filler in queued:
                filler.close()


def test_a_closed_port_is_unreachable(make_context: ContextFactory) -> None:
    trap = Trap()
    url, address = trap.url, f"{trap.host}:{trap.port}"
    trap.close()  # nothing listens there any more
    context = make_context(address, retries=0)

    assert code_of(context.client.get_document, url) == (SourceUnreachable, "connection-failed")


def test_an_unknown_host_name_is_unreachable(make_context: ContextFactory) -> None:
    context = make_context("*")

    assert code_of(context.client.get_document, "http://no-such-host.invalid/") == (SourceUnreachable, "name-not-resolved")


def test_a_corrupt_compressed_answer_is_unreadable(served: FileServer, make_context: ContextFactory) -> None:
    context = make_context(served.address)

    assert code_of(context.client.get_document, f"{served.url}/gzip-garbage") == (UnreadableResponse, "corrupt-response")


def test_endless_redirects_stop(served: FileServer, make_context: ContextFactory) -> None:
    context = make_context(served.address, max_redirects=3)

    assert code_of(context.client.get_document, f"{served.url}/loop") == (SourceUnreachable, "too-many-redirects")
    assert served.count("/loop") == 4


def test_an_allowed_redirect_is_followed(served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(served.address)

    result = context.client.download(f"{served.url}/redirect?to=/data.csv", context.work_dir)

    assert isinstance(result, Downloaded)
    assert result.provenance.final_url == f"{served.url}/data.csv"


# Where a harvest may go --------------------------------------------------------------------------


def test_a_port_not_on_the_allow_list_is_never_contacted(served: FileServer, trap: Trap, make_context: ContextFactory) -> None:
    context = make_context(served.address)

    assert code_of(context.client.get_document, trap.url) == (UnsafeTarget, "host-not-allowed")


def test_a_redirect_from_an_allowed_server_to_a_forbidden_one_is_refused(
        served: FileServer, trap: Trap, make_context: ContextFactory) -> None:
    context = make_context(served.address)

    for code in ("301", "302", "303", "307", "308"):
        url = f"{served.url}/redirect?code={code}&to={trap.url}/secret"
        assert code_of(context.client.download, url, context.work_dir) == (UnsafeTarget, "host-not-allowed")
    assert trap.connections == 0


def test_a_redirect_to_the_metadata_service_is_refused(served: FileServer, make_context: ContextFactory) -> None:
    context = make_context(served.address, "*")

    url = f"{served.url}/redirect?to=http://169.254.169.254/latest/meta-data/"
    assert code_of(context.client.get_document, url) == (UnsafeTarget, "private-address")


@pytest.mark.parametrize("url", ["http://[::1/x.csv", "http:///x.csv", "http://data.gov.vn:port/", "data.gov.vn/x.csv"])
def test_a_malformed_url_is_unreadable(url: str, make_context: ContextFactory) -> None:
    assert code_of(make_context("*").client.get_document, url) == (UnreadableResponse, "invalid-url")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.org/x.csv", "gopher://example.org/"])
def test_schemes_other_than_http_are_refused(target: str, served: FileServer, make_context: ContextFactory) -> None:
    context = make_context("*", served.address)

    assert code_of(context.client.get_document, target) == (UnsafeTarget, "unsupported-scheme")
    assert code_of(context.client.get_document, f"{served.url}/redirect?to={target}") == (UnsafeTarget, "unsupported-scheme")


@pytest.mark.parametrize("host", [
    "127.0.0.1", "localhost", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]", "2130706433",
    "10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1", "169.254.169.254", "[fd00::1]", "[fe80::1]",
])
def test_a_wildcard_never_opens_private_addresses(host: str, trap: Trap, make_context: ContextFactory) -> None:
    context = make_context("*")

    assert code_of(context.client.get_document, f"http://{host}:{trap.port}/") == (UnsafeTarget, "private-address")


def test_an_explicit_pattern_opens_exactly_that_host_and_port(served: FileServer, trap: Trap, make_context: ContextFactory) -> None:
    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(f"127.0.0.1:{served.port}")

    assert isinstance(context.client.download(f"{served.url}/data.csv", context.work_dir), Downloaded)
    assert code_of(context.client.get_document, trap.url) == (UnsafeTarget, "host-not-allowed")
    assert code_of(context.client.get_document, f"http://localhost:{served.port}/data.csv") == (UnsafeTarget, "host-not-allowed")


def test_a_name_resolving_to_a_private_address_is_refused_under_a_wildcard(make_context: ContextFactory) -> None:
    answers = {"intranet.test": ["10.1.2.3"], "mixed.test": ["93.184.216.34", "127.0.0.1"]}
    context = make_context("*.test", resolve=lambda host, port: answers[host])

    assert code_of(context.client.get_document, "http://intranet.test/") == (UnsafeTarget, "private-address")
    assert code_of(context.client.get_document, "http://mixed.test/") == (UnsafeTarget, "private-address")


def test_the_connection_is_pinned_to_the_checked_address(served: FileServer, make_context: ContextFactory) -> None:
    """DNS rebinding: the name answers the allowed address once, then the trap's; only one answer is used.

    The system resolver does not know ``files.test``, so the file can only arrive if the connection
    went to the address the check saw."""
    rebound = Trap("127.0.0.2", served.port)
    lookups: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"] if len(lookups) == 1 else ["127.0.0.2"]

    (served.root / "data.csv").write_bytes(CSV)
    context = make_context(f"files.test:{served.port}", resolve=rebinding)
    try:
        result = context.client.download(f"http://files.test:{served.port}/data.csv", context.work_dir)
    finally:
        rebound.close()

    assert isinstance(result, Downloaded) and result.path.read_bytes() == CSV
    assert lookups == ["files.test"]
    assert rebound.connections == 0


@pytest.mark.parametrize("pattern", ["data.gov.vn:http", "data.*.vn", "*gov.vn"])
def test_an_unusable_allow_list_is_refused_at_once(pattern: str) -> None:
    with pytest.raises(UnsafeTarget) as caught:
        NetworkPolicy(("*.gov.vn", pattern))
    assert caught.value.code == "invalid-allow-list"


def test_a_sub_domain_pattern_does_not_match_look_alikes() -> None:
    policy = NetworkPolicy(("*.gov.vn",))

    assert policy.check_url("https://data.hanoi.gov.vn/x.csv") == ("data.hanoi.gov.vn", 443)
    for url in ("https://evilgov.vn/", "https://gov.vn.evil.com/", "https://gov.vn/"):
        with pytest.raises(UnsafeTarget):
            policy.check_url(url)

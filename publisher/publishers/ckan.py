"""A remote CKAN as the push sees it: a few actions, retried, with CKAN's errors made ours.

ckanapi is used only here (and in ``harvesters.ckan``, for reading). Exceptions (HX style)::

    CkanError              the call did not do what was asked; ``code`` says why
     ├── CkanNotFound      the package or resource is not there (any more)
     ├── CkanRefused       CKAN said no: invalid data, not authorised, a name taken
     └── CkanUnavailable   timeouts, refused connections, 5xx and 429, after every retry

Only ``CkanUnavailable``'s causes are retried (tenacity, exponential back-off): a refusal would
be refused again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ckanapi
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

__all__ = ["CkanClient", "CkanError", "CkanNotFound", "CkanRefused", "CkanUnavailable"]

USER_AGENT = "opendata-platform (push-ckan)"
BACKOFF_SECONDS = 0.5
"""The first wait after a failed attempt; each next one doubles, up to ``MAX_WAIT_SECONDS``."""
MAX_WAIT_SECONDS = 30


class CkanError(Exception):
    code = "ckan-error"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail[:500]


class CkanNotFound(CkanError):
    code = "ckan-not-found"


class CkanRefused(CkanError):
    code = "ckan-refused"

    def __init__(self, detail: str = "", *, code: str | None = None, fields: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.code = code or self.code
        self.fields = fields or {}


class CkanUnavailable(CkanError):
    code = "ckan-unavailable"


class _Transient(Exception):
    """A 5xx or 429: worth another try."""


class _Remote(ckanapi.RemoteCKAN):  # type: ignore[misc]
    def _request_fn(self, url: str, data: Any, headers: Any, files: Any, requests_kwargs: Any) -> tuple[int, str]:
        status, body = super()._request_fn(url, data, headers, files, requests_kwargs)
        if status >= 500 or status == 429:
            raise _Transient(f"HTTP {status} from {url}")
        return status, body


class CkanClient:
    def __init__(self, url: str, api_key: str, *, timeout: int = 60, retries: int = 3,
                 backoff: float = BACKOFF_SECONDS) -> None:
        self.url = url.rstrip("/")
        self._remote = _Remote(self.url, apikey=api_key or None, user_agent=USER_AGENT)
        self._timeout = timeout
        self._retrying = retry(
            retry=retry_if_exception_type((_Transient, OSError)),  # requests' errors are OSErrors
            stop=stop_after_attempt(retries + 1),
            wait=wait_exponential(multiplier=backoff, max=MAX_WAIT_SECONDS),
            reraise=True,
        )

    def close(self) -> None:
        self._remote.close()

    def call(self, action: str, *, upload: Path | None = None, **data: Any) -> Any:
        """Call ``action`` with ``data`` (and a file to upload), retried while CKAN is unavailable."""
        try:
            return self._retrying(self._call_once)(action, upload, data)
        except (_Transient, OSError) as error:
            raise CkanUnavailable(f"{action}: {error}") from error
        except ckanapi.NotFound as error:
            raise CkanNotFound(f"{action}: {error}") from error
        except ckanapi.ValidationError as error:
            fields = error.error_dict if isinstance(error.error_dict, dict) else {}
            fields = {key: value for key, value in fields.items() if key != "__type"}
            raise CkanRefused(f"{action}: {json.dumps(fields, ensure_ascii=False)}", fields=fields) from error
        except ckanapi.NotAuthorized as error:
            raise CkanRefused(f"{action}: {error}", code="ckan-not-authorised") from error
        except (ckanapi.CKANAPIError, ckanapi.ServerIncompatibleError, ValueError) as error:
            raise CkanRefused(f"{action}: {str(error)[:300]}") from error

    def _call_once(self, action: str, upload: Path | None, data: dict[str, Any]) -> Any:
        kwargs = {"timeout": self._timeout}
        if upload is None:
            return self._remote.call_action(action, data, requests_kwargs=kwargs)
        with open(upload, "rb") as stream:  # reopened on each attempt: a retry sends the whole file again
            files = {"upload": (data.pop("filename", upload.name), stream)}
            return self._remote.call_action(action, data, files=files, requests_kwargs=kwargs)

"""Hide a personal value while keeping what the officer or the data user still needs from it.

Three uses, three functions:

- ``mask_example``: a finding's examples, shown on the upload page and written to the audit log.
  Enough to recognise the column ('*********78', 'N***** V** A*', 'n***@e******.com'), never
  enough to recognise the person.
- ``mask_last_digits``: a published column that keeps only the last digits ('******6789'), as
  banks print account numbers, so a person can still recognise their own row.
- ``hash_value``: a published column replaced by a keyed SHA-256 (HMAC-SHA256 with the salt as
  key). Equal values give equal hashes under one salt, so tables still join on the column, and a
  different salt gives unrelated hashes. The salt must stay secret: there are only 10⁹ mobile
  numbers, and an unsalted hash of one is reversed by trying them all in minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from .findings import ADDRESS, DATE_OF_BIRTH, EMAIL, NAME

__all__ = ["MIN_SALT_BYTES", "canonical", "hash_value", "mask_example", "mask_last_digits"]

MIN_SALT_BYTES = 16
"""A shorter salt could be guessed, and then every hash reversed by enumeration."""

_SEPARATORS = re.compile(r"[\s.\-()]+")
_NUMBER_LIKE = re.compile(r"[\d\s.\-()+]+")
_COMPACT_CODE = re.compile(r"\+?[A-Za-z]{0,2}[\d\s.\-()]+")
_WORD = re.compile(r"\w+")


def mask_example(value: str, kind: str) -> str:
    """A value masked for display in a finding; the shape stays, the identity goes."""
    value = value.strip()
    if kind == EMAIL and value.count("@") == 1 and " " not in value:
        local, domain = value.split("@")
        host, dot, top = domain.rpartition(".")
        return f"{_initial(local)}@{_initial(host)}{dot}{top}" if dot else f"{_initial(local)}@{_initial(domain)}"
    if kind == DATE_OF_BIRTH:
        return re.sub(r"\d", "*", value)
    if kind in (NAME, ADDRESS) or not _COMPACT_CODE.fullmatch(value):
        return _WORD.sub(lambda match: _initial(match.group()), value)
    return _keep_last(value, 2)


def mask_last_digits(value: str, keep: int = 4) -> str:
    """'0912 345 678' → '******5678': separators dropped, every character but the last ``keep`` starred.

    A value no longer than ``keep`` is starred whole, so that masking never publishes a whole value.
    Empty stays empty (a missing value is not personal data).
    """
    if keep < 0:
        raise ValueError("keep must be zero or more")
    compact = _SEPARATORS.sub("", value)
    if not compact:
        return ""
    if len(compact) <= keep:
        return "*" * len(compact)
    return "*" * (len(compact) - keep) + (compact[-keep:] if keep else "")


def canonical(value: str) -> str:
    """The form that is hashed: composed Unicode, trimmed; numbers without their separators.

    '0912 345 678' and '0912.345.678' are the same phone number and must hash alike to join.
    """
    value = unicodedata.normalize("NFC", value).strip()
    if _NUMBER_LIKE.fullmatch(value) and any(char.isdigit() for char in value):
        return _SEPARATORS.sub("", value)
    return value


def hash_value(value: str, salt: str | bytes) -> str:
    """Hex HMAC-SHA256 of the canonical value under ``salt``; empty stays empty."""
    key = salt.encode("utf-8") if isinstance(salt, str) else salt
    if len(key) < MIN_SALT_BYTES:
        raise ValueError(f"the salt must be at least {MIN_SALT_BYTES} bytes")
    text = canonical(value)
    if not text:
        return ""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _initial(word: str) -> str:
    """'Nguyễn' → 'N*****'; digits are never shown, not even first."""
    if not word:
        return word
    first = "*" if word[0].isdigit() else word[0]
    return first + "*" * (len(word) - 1)


def _keep_last(value: str, keep: int) -> str:
    """Star every letter and digit but the last ``keep``, keeping separators: '0912 345 678' → '**** *** *78'."""
    positions = [index for index, char in enumerate(value) if char.isalnum()]
    shown = set(positions[-keep:]) if len(positions) > 2 * keep else set()
    return "".join(char if not char.isalnum() or index in shown else "*" for index, char in enumerate(value))

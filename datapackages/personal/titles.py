"""Read a column title the way an officer meant it: what it says the column holds.

Agencies title the same column a dozen ways ('Họ và tên', 'HỌ TÊN', 'Ho va ten', 'Họ tên người
nộp'; 'Số điện thoại', 'SĐT', 'ĐT', 'So dien thoai'), so titles are folded to lowercase ASCII
words first (anyascii turns 'Đ' into 'D' and drops the diacritics) and matched on whole words.

A title alone never makes a finding: it only tells the scanner which kinds to count in the
column, and the values must still fit. Two markers *remove* kinds instead:

- an organisation's contact ('Đường dây nóng', 'Hotline', 'Điện thoại cơ quan', 'Số điện thoại
  liên hệ của cơ quan', 'Tổng đài', 'Email đơn vị', 'Điện thoại trường', 'Tài khoản tại Kho bạc'):
  public by law and by purpose, so phone numbers, e-mail addresses, accounts and addresses there
  are not personal;
- a business tax code ('Mã số thuế', 'MST', 'Mã số doanh nghiệp'): ten digits that can look
  exactly like a mobile number (Hưng Yên's 0900… codes) but identify a business.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from .findings import ADDRESS, BANK_ACCOUNT, CARD, CITIZEN_ID, DATE_OF_BIRTH, EMAIL, ID_CARD, NAME, PASSPORT, PHONE

__all__ = ["TitleHints", "fold", "read_title"]


def fold(title: str) -> str:
    """'Số CMND/CCCD' → 'so cmnd cccd': lowercase ASCII words separated by single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(title).lower()).split())


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_IDENTITY = _words(
    "cccd", "can cuoc", "cmnd", "cmt", "chung minh", "so dinh danh", "dinh danh ca nhan",
    r"ma dinh danh (?:ca nhan|cong dan)", "giay to tuy than", "id card", "national id", "citizen id",
)
_PASSPORT = _words("ho chieu", "passport")
_PHONE = _words(
    "dien thoai", "sdt", "dt", "dtdd", "di dong", "phone", "telephone", "mobile", "tel", "zalo", "so lien lac",
)
_EMAIL = _words("email", "e mail", "mail", "thu dien tu", "hop thu")
_BANK_ACCOUNT = _words(
    "so tai khoan", "stk", "so tk", "tai khoan ngan hang", "tk ngan hang", "bank account", r"account (?:no|number)",
)
_CARD = _words("so the", r"the (?:ngan hang|tin dung|ghi no|atm|thanh toan)", "card number", "credit card")
_NOT_CARD = _words("bhyt", "bao hiem", "can cuoc", "thanh vien", "thu vien", "sinh vien", "hoc sinh", "dang vien", "cong chuc", "nha bao")
_DATE_OF_BIRTH = re.compile(
    r"\bngay sinh\b(?! hoat)|\bngay thang nam sinh\b|\bnam sinh\b|\bsinh ngay\b|\bdate of birth\b|\bbirth ?date\b|\bdob\b"
)
_NAME = _words(
    r"ho (?:va )?ten", "ten nguoi", "chu ho", "full ?name",
    r"ten (?:cong dan|hoc sinh|sinh vien|benh nhan|chu ho|can bo|thi sinh|nhan vien|doi tuong|nguoi)",
    r"nguoi (?:nop|dai dien|khai|de nghi|yeu cau|phan anh|lien he|giam ho|bao lanh|thu huong)",
)
_ADDRESS = _words(
    "dia chi", "thuong tru", "tam tru", "noi o", "noi cu tru", "cho o", "que quan", "noi sinh", "ho khau", "address",
)
_NOT_ADDRESS = _words("website", "web", "url", "trang thong tin", "ip")
_ORGANISATION = _words(
    "duong day nong", "hotline", "tong dai", "co quan", "don vi", "tru so", "van phong", "uy ban", "ubnd",
    "cong vu", "kho bac", "doanh nghiep", "cong ty", "to chuc", "nha truong", "benh vien", "bo phan mot cua",
)
_ORGANISATION_WITH_DIACRITICS = re.compile(r"\b(?:trường|nhà trường|trường học)\b")
"""'Điện thoại trường' is a school's phone; 'Điện thoại trưởng thôn' a village head's: the same once folded."""
_TAX_CODE = _words("ma so thue", "mst", "ma so doanh nghiep", "ma doanh nghiep", "ma so dn", "tax code", "tax id")

_CONTACTS = frozenset({PHONE, EMAIL, BANK_ACCOUNT, ADDRESS})


@dataclass(frozen=True)
class TitleHints:
    """What a title says about its column."""

    kinds: frozenset[str]
    """Kinds the title announces; an ID title announces both the 12-digit and the 9-digit card."""
    organisation: bool
    """The title marks an organisation's contact details, which are public: no contact kinds here."""
    tax_code: bool
    """The title marks business tax codes: digits here are not phone or ID numbers."""


def read_title(title: str) -> TitleHints:
    words = fold(title)
    lowered = unicodedata.normalize("NFC", title).lower()
    kinds: set[str] = set()
    if _IDENTITY.search(words):
        kinds |= {CITIZEN_ID, ID_CARD}
    if _PASSPORT.search(words):
        kinds.add(PASSPORT)
    if _PHONE.search(words):
        kinds.add(PHONE)
    if _EMAIL.search(words):
        kinds.add(EMAIL)
    if _BANK_ACCOUNT.search(words):
        kinds.add(BANK_ACCOUNT)
    if _CARD.search(words) and not _NOT_CARD.search(words):
        kinds.add(CARD)
    if _DATE_OF_BIRTH.search(words):
        kinds.add(DATE_OF_BIRTH)
    if _NAME.search(words):
        kinds.add(NAME)
    # 'Địa chỉ email' is an e-mail column and 'Địa chỉ website' a web page, not where someone lives.
    if _ADDRESS.search(words) and not (kinds & {PHONE, EMAIL, DATE_OF_BIRTH}) and not _NOT_ADDRESS.search(words):
        kinds.add(ADDRESS)
    organisation = bool(_ORGANISATION.search(words) or _ORGANISATION_WITH_DIACRITICS.search(lowered))
    if organisation:
        kinds -= _CONTACTS
    tax_code = bool(_TAX_CODE.search(words))
    return TitleHints(frozenset(kinds), organisation, tax_code)

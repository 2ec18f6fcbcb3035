"""The shapes of personal values and what column titles say, one rule at a time."""

from __future__ import annotations

import polars as pl
import pytest

from datapackages.personal import patterns
from datapackages.personal.titles import fold, read_title


def matches(rule, values: list[str]) -> list[bool]:  # type: ignore[no-untyped-def]
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(rule(pl.col("v"))).to_series().to_list()


def citizen_id(values: list[str], year: int = 2026) -> list[bool]:
    return matches(lambda column: patterns.is_citizen_id(column, year), values)


def test_the_province_codes_are_the_63_of_circular_07_2016() -> None:
    assert len(patterns.PROVINCE_CODES) == 63
    assert patterns.PROVINCE_CODES[0] == 1 and patterns.PROVINCE_CODES[-1] == 96
    assert 3 not in patterns.PROVINCE_CODES and 97 not in patterns.PROVINCE_CODES


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("001085012345", True),  # Hà Nội, male, born 1985
        ("079301012345", True),  # Hồ Chí Minh City, female, born 2001
        ("096226123456", True),  # Cà Mau, male, born 2026: children get cards too
        ("096227123456", False),  # born 2027: in the future
        ("003085012345", False),  # 003 is no province
        ("097085012345", False),  # nor 097
        ("100085012345", False),  # nor 100 (an amount, not a card)
        ("001485012345", False),  # century digit 4: the 2100s
        ("001885012345", False),  # century digit 8: the 1800s, nobody that old
        ("00108501234", False),  # 11 digits
        ("0010850123456", False),  # 13 digits
        ("001 085 012 345", False),  # spaced: only a titled ID column accepts it
    ],
)
def test_a_cccd_is_checked_against_its_structure(value: str, valid: bool) -> None:
    assert citizen_id([value]) == [valid]


def test_the_cccd_birth_year_follows_the_calendar() -> None:
    assert citizen_id(["001223012345"], year=2022) == [False]  # born 2023, scanned in 2022
    assert citizen_id(["001223012345"], year=2023) == [True]
    assert citizen_id(["001010012345"], year=2026) == [True]  # born 1910: old, but possible
    assert citizen_id(["001010012345"], year=2100) == [False]  # 190 years old


@pytest.mark.parametrize(
    "value",
    ["0912345678", "0912 345 678", "0912.345.678", "091-234-5678", "+84912345678", "+84 912 345 678", "84912345678",
     "(+84) 912 345 678", "0387654321", "0561234567", "0701234567", "0812345678", "09 12 34 56 78"],
)
def test_mobile_numbers_in_every_way_people_write_them(value: str) -> None:
    assert matches(patterns.is_mobile, [value]) == [True]
    assert matches(patterns.is_phone, [value]) == [True]


@pytest.mark.parametrize("value", ["024 3825 1234", "(024) 3825 1234", "02438251234", "0222 385 1234", "+84 24 3825 1234"])
def test_landlines_have_eleven_digits_and_an_02x_area(value: str) -> None:
    assert matches(patterns.is_landline, [value]) == [True]


@pytest.mark.parametrize(
    "value",
    ["0101234567", "0101234567-001", "0301234567", "09187", "01", "1900 1234", "1800 5678", "19001234", "024 3825 123",
     "091234567", "09123456789", "2025-07-01", "150000000"],
)
def test_tax_codes_commune_codes_and_service_numbers_are_not_mobile_numbers(value: str) -> None:
    assert matches(lambda column: patterns.is_mobile(column) | patterns.is_landline(column), [value]) == [False]


def test_a_phone_column_also_counts_numbers_that_lost_their_leading_zero() -> None:
    assert matches(patterns.is_phone, ["912345678", "2438251234", "1234", "chưa có"]) == [True, True, False, False]


def test_a_mobile_number_inside_free_text_is_found_with_its_boundaries() -> None:
    texts = ["Gọi lại cho anh Hùng 0987 654 321 sau 17h", "SĐT:0912345678", "Mã HS 20250912345678901", "Hẹn ngày 15/8"]
    assert matches(patterns.has_mobile, texts) == [True, True, False, False]


def test_email_addresses_whole_and_inside_text() -> None:
    assert matches(patterns.is_email, ["an.nguyen@example.com", "liên hệ an@example.vn", "@example.com"]) == [True, False, False]
    assert matches(patterns.has_email, ["liên hệ an@example.vn nhé", "không có", "dòng 1\ndòng 2\nthư: an@example.vn"]) == [
        True, False, True,
    ]


@pytest.mark.parametrize(
    ("value", "valid"),
    [("4111111111111111", True), ("4111 1111 1111 1111", True), ("4111-1111-1111-1111", True), ("5500005555555559", True),
     ("4111111111111112", False), ("411111111111", False), ("79927398713", False), ("+4111111111111111", False),
     ("4111x11111111111", False), ("6011000990139424", True), ("3530111333300000", True), ("4222222222222", True)],
)
def test_card_numbers_pass_the_luhn_check(value: str, valid: bool) -> None:
    assert matches(patterns.is_card, [value]) == [valid]


def test_luhn_is_integer_arithmetic_over_a_whole_series() -> None:
    digits = pl.Series(["79927398713", "79927398710", None, "9999999999999999999"])
    expected = []
    for value in ["79927398713", "79927398710"]:
        total = sum(
            (int(char) * 2 - 9 if int(char) >= 5 else int(char) * 2) if position % 2 else int(char)
            for position, char in enumerate(reversed(value))
        )
        expected.append(total % 10 == 0)
    assert patterns.luhn_valid(digits).to_list()[:3] == [*expected, False]
    assert expected == [True, False]


def test_passports_identity_cards_accounts_and_birth_dates() -> None:
    assert matches(patterns.is_passport, ["B1234567", "C1234567", "b1234567", "BC123456", "B123456"]) == [True, True, False, False, False]
    assert matches(patterns.is_id_card, ["012345678", "381234567", "912345678", "01234567"]) == [True, True, False, False]
    assert matches(patterns.is_account, ["0011001234567", "1903 4567 8901 23", "12345", "STK123"]) == [True, True, False, False]
    assert matches(patterns.is_birth_date, ["12/05/1985", "1.5.1985", "1985-05-12", "1985", "12/05", "05/2025/12"]) == [
        True, True, True, True, False, False,
    ]


def test_names_look_like_names_whatever_the_case_or_diacritics() -> None:
    names = ["Nguyễn Văn An", "TRẦN THỊ BÍCH NGỌC", "Le Van Tam", "An", "Nguyễn Văn 2", "Công ty TNHH A-B, chi nhánh 1"]
    assert matches(patterns.is_name, names) == [True, True, True, False, False, False]
    assert matches(patterns.has_family_name, ["Nguyễn Văn An", "NGUYEN VAN AN", "Đặng Thu Hà", "Trường THPT Lê Lợi"]) == [
        True, True, True, False,
    ]


def test_hashed_and_masked_cells_are_recognised_as_already_protected() -> None:
    values = ["a" * 64, "******5678", "Số 12 phố Huế", "A" * 64]
    assert matches(patterns.is_protected, values) == [True, True, False, False]


@pytest.mark.parametrize(
    ("title", "kinds"),
    [
        ("Họ và tên", {"person-name"}), ("HỌ TÊN", {"person-name"}), ("Ho va ten", {"person-name"}),
        ("Họ tên người nộp", {"person-name"}), ("Tên người đề nghị", {"person-name"}), ("Chủ hộ", {"person-name"}),
        ("Số điện thoại", {"phone-number"}), ("So dien thoai", {"phone-number"}), ("SĐT", {"phone-number"}),
        ("ĐT", {"phone-number"}), ("Điện thoại di động", {"phone-number"}), ("Email", {"email-address"}),
        ("E-mail", {"email-address"}), ("Địa chỉ email", {"email-address"}), ("Thư điện tử", {"email-address"}),
        ("CCCD", {"citizen-id", "id-card"}), ("Số CMND/CCCD", {"citizen-id", "id-card"}), ("CMND", {"citizen-id", "id-card"}),
        ("Số định danh", {"citizen-id", "id-card"}), ("Số định danh cá nhân", {"citizen-id", "id-card"}),
        ("Số hộ chiếu", {"passport-number"}), ("Số tài khoản", {"bank-account"}), ("STK", {"bank-account"}),
        ("Tài khoản ngân hàng", {"bank-account"}), ("Số thẻ", {"card-number"}), ("Ngày sinh", {"date-of-birth"}),
        ("Ngày tháng năm sinh", {"date-of-birth"}), ("Năm sinh", {"date-of-birth"}), ("Ngay sinh", {"date-of-birth"}),
        ("Địa chỉ thường trú", {"home-address"}), ("Nơi ở", {"home-address"}), ("Địa chỉ liên hệ", {"home-address"}),
        ("Quê quán", {"home-address"}),
        # Not personal, whatever they share with the titles above:
        ("Tên xã", set()), ("Tên cơ quan", set()), ("Tên trường", set()), ("Ngày báo cáo", set()),
        ("Ngày sinh hoạt chi bộ", set()), ("Mã số thuế", set()), ("Số thẻ BHYT", set()), ("Số hộ nghèo", set()),
        ("Đường dây nóng", set()), ("Hotline", set()), ("Điện thoại cơ quan", set()), ("Tổng đài", set()),
        ("Số điện thoại liên hệ của cơ quan", set()), ("Email cơ quan", set()), ("Địa chỉ website", set()),
        ("Điện thoại trường", set()), ("Số tài khoản của đơn vị tại Kho bạc", set()), ("Mã định danh điện tử", set()),
    ],
)
def test_what_a_title_announces(title: str, kinds: set[str]) -> None:
    assert read_title(title).kinds == kinds


def test_organisation_and_tax_code_markers() -> None:
    assert read_title("Đường dây nóng").organisation and read_title("Số điện thoại liên hệ của cơ quan").organisation
    assert not read_title("Điện thoại trưởng thôn").organisation  # a village head's own phone
    assert read_title("Điện thoại trưởng thôn").kinds == {"phone-number"}
    assert read_title("Mã số thuế").tax_code and read_title("MST").tax_code and read_title("Mã số doanh nghiệp").tax_code
    assert fold("Số CMND/CCCD") == "so cmnd cccd" and fold("SĐT") == "sdt"

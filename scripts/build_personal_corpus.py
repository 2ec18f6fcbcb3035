"""Write the personal-data corpus into tests/data/personal (run it after changing the corpus).

Tables shaped like what agencies publish or nearly publish: some carry personal data (applicants,
poor households, scholarship holders, passport holders, card payments, citizens' feedback,
marriages, exam candidates, and a sheet whose titles say nothing), the others only look like it
(agency directories with hotlines, business tax codes, report statistics, schools and streets
named after people, legal documents, treasury accounts of agencies).

Every person is synthetic: names are drawn from common family, middle and given names; identity
numbers, phone numbers, accounts and cards are random (card numbers only made Luhn-valid);
e-mail addresses and web sites use reserved domains (example.com/.net/.org, .example). Nothing
here is a real person's.

``expected.json`` lists, for every file, the findings a correct scan reports: (field, kind) and
the number of cells planted. Deterministic: the same seed writes the same bytes.

Run: .venv/bin/python scripts/build_personal_corpus.py
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from anyascii import anyascii

from datapackages.names import unique_names

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "personal"
SEED = 2025
ROWS = 240

FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 3), ("Phan", 4), ("Vũ", 3),
          ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1)]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Công", "Gia", "Hoàng"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Thùy", "Phương", "Minh", "Bảo", "Hồng"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam",
              "Phong", "Phúc", "Quang", "Quân", "Sơn", "Thắng", "Trung", "Tú", "Tuấn", "Việt", "Vinh"]
GIVEN_FEMALE = ["Anh", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung",
                "Phương", "Tâm", "Thảo", "Trang", "Vy", "Yến", "Hằng", "Huyền", "Loan"]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt", "Ngô Gia Tự",
           "Nguyễn Văn Cừ", "Kinh Dương Vương", "Lý Thái Tổ", "Trần Phú", "Hùng Vương"]
WARDS = [("09187", "Phường Kinh Bắc"), ("09190", "Phường Võ Cường"), ("09169", "Phường Vũ Ninh"),
         ("09325", "Phường Hạp Lĩnh"), ("09286", "Phường Nam Sơn"), ("09367", "Phường Từ Sơn"),
         ("07210", "Phường Bắc Giang"), ("07228", "Phường Đa Mai"), ("09247", "Phường Quế Võ")]
VILLAGES = ["Thôn Đông", "Thôn Đoài", "Thôn Trung", "Xóm Mới", "Thôn Hạ", "Thôn Thượng"]
PROVINCE_BIRTH = ["001", "024", "027", "030", "031", "033", "034", "036", "038", "040", "079", "092"]
"""Province codes that open a CCCD (birth registration); a few common ones."""
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081",
                   "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098"]
BANKS = [("Vietcombank", 13), ("BIDV", 14), ("VietinBank", 12), ("Agribank", 13), ("Techcombank", 14), ("MB", 12)]
MAIL_DOMAINS = ["example.com", "example.net", "example.org"]


class People:
    """Synthetic persons: name, sex, birth date and the numbers that identify them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self, female: bool | None = None) -> str:
        rng = self.rng
        female = rng.random() < 0.5 if female is None else female
        family = rng.choices([name for name, _ in FAMILY], weights=[weight for _, weight in FAMILY])[0]
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        if rng.random() < 0.15:
            return f"{family} {middle} {rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)} {given}"
        return f"{family} {middle} {given}"

    def birth(self, first: int = 1950, last: int = 2006) -> tuple[int, int, int]:
        return self.rng.randint(first, last), self.rng.randint(1, 12), self.rng.randint(1, 28)

    def cccd(self, year: int, female: bool) -> str:
        century = (year // 100 - 19) * 2 + (1 if female else 0)
        return f"{self.rng.choice(PROVINCE_BIRTH)}{century}{year % 100:02d}{self.rng.randint(0, 999999):06d}"

    def cmnd(self) -> str:
        return f"{self.rng.choice(['01', '03', '12', '13', '16', '17', '02', '27', '24', '36', '38', '09'])}{self.rng.randint(0, 9999999):07d}"

    def mobile(self, style: int | None = None) -> str:
        rng = self.rng
        prefix, rest = rng.choice(MOBILE_PREFIXES), f"{rng.randint(0, 9999999):07d}"
        style = rng.randrange(6) if style is None else style
        digits = prefix + rest
        return [
            digits,
            f"{digits[:4]} {digits[4:7]} {digits[7:]}",
            f"{digits[:4]}.{digits[4:7]}.{digits[7:]}",
            f"+84{digits[1:]}",
            f"+84 {digits[1:4]} {digits[4:7]} {digits[7:]}",
            f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        ][style]

    def landline(self, area: str = "024") -> str:
        """Eleven digits in all since 2017: 024 3xxx xxxx in Hà Nội, 0222 3xx xxxx in Bắc Ninh."""
        rest = f"3{self.rng.randint(0, 10 ** (10 - len(area)) - 1):0{10 - len(area)}d}"
        return f"{area} {rest[:-4]} {rest[-4:]}"

    def email(self, name: str) -> str:
        words = anyascii(name).lower().split()
        local = self.rng.choice([f"{words[-1]}.{words[0]}", f"{words[-1]}{words[0]}{self.rng.randint(1, 99)}",
                                 "".join(word[0] for word in words[:-1]) + words[-1]])
        return f"{local}@{self.rng.choice(MAIL_DOMAINS)}"

    def address(self) -> str:
        rng = self.rng
        _code, ward = rng.choice(WARDS)
        if rng.random() < 0.3:
            return f"{rng.choice(VILLAGES)}, {ward.replace('Phường', 'Xã')}, Tỉnh Bắc Ninh"
        return f"Số {rng.randint(1, 250)}, ngõ {rng.randint(2, 120)}, đường {rng.choice(STREETS)}, {ward}, Tỉnh Bắc Ninh"

    def passport(self) -> str:
        return f"{self.rng.choice('BCN')}{self.rng.randint(0, 9999999):07d}"

    def account(self) -> tuple[str, str]:
        bank, length = self.rng.choice(BANKS)
        return bank, "".join(str(self.rng.randint(0, 9)) for _ in range(length))

    def card(self, spaced: bool = False) -> str:
        body = self.rng.choice("45") + "".join(str(self.rng.randint(0, 9)) for _ in range(14))
        number = body + str(luhn_digit(body))
        return " ".join(number[i:i + 4] for i in range(0, 16, 4)) if spaced else number


def luhn_digit(body: str) -> int:
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:  # doubled once the check digit is appended
            digit = digit * 2 - 9 if digit >= 5 else digit * 2
        total += digit
    return (10 - total % 10) % 10


def dmy(birth: tuple[int, int, int]) -> str:
    year, month, day = birth
    return f"{day:02d}/{month:02d}/{year}"


def iso(birth: tuple[int, int, int]) -> str:
    year, month, day = birth
    return f"{year}-{month:02d}-{day:02d}"


def maybe(rng: random.Random, share: float, value: str) -> str:
    """``value`` or, with probability 1 - share, an empty cell (officers leave blanks)."""
    return value if rng.random() < share else ""


# Tables with personal data -------------------------------------------------------------------------


def applicants(rng: random.Random, people: People) -> list[list[Any]]:
    procedures = ["Cấp giấy phép xây dựng", "Đăng ký hộ kinh doanh", "Chứng thực bản sao", "Cấp phiếu lý lịch tư pháp",
                  "Đăng ký khai sinh", "Cấp đổi giấy phép lái xe"]
    rows = []
    for number in range(1, ROWS + 1):
        female = rng.random() < 0.5
        name = people.name(female)
        birth = people.birth()
        phone = people.mobile() if rng.random() < 0.95 else rng.choice(["", "chưa có", "không"])
        rows.append([
            number, f"H24.25-2507{rng.randint(1, 31):02d}-{number:04d}", name, people.cccd(birth[0], female),
            phone, maybe(rng, 0.7, people.email(name)), people.address(),
            rng.choice(procedures), f"2025-07-{rng.randint(1, 31):02d}", rng.choice(["Đã tiếp nhận", "Đang xử lý", "Đã trả kết quả"]),
        ])
    return [["STT", "Mã hồ sơ", "Họ tên người nộp", "Số CCCD", "Số điện thoại", "Email", "Địa chỉ liên hệ", "Thủ tục",
             "Ngày nộp", "Trạng thái"], *rows]


def poor_households(rng: random.Random, people: People) -> list[list[Any]]:
    rows = []
    for number in range(1, ROWS + 1):
        code, ward = rng.choice(WARDS)
        female = rng.random() < 0.4
        birth = people.birth(1935, 1995)
        identity = people.cccd(birth[0], female) if rng.random() < 0.6 else people.cmnd()
        rows.append([number, code, ward, people.name(female), birth[0], identity, people.address(), rng.randint(1, 8),
                     rng.choice(["Hộ nghèo", "Hộ cận nghèo"])])
    return [["STT", "Mã xã", "Tên xã", "Chủ hộ", "Năm sinh", "Số CMND/CCCD", "Địa chỉ thường trú", "Số nhân khẩu",
             "Phân loại"], *rows]


def scholarships(rng: random.Random, people: People) -> list[list[Any]]:
    schools = ["Trường Đại học Bách khoa Hà Nội", "Trường Đại học Nguyễn Tất Thành", "Trường Đại học Kinh tế Quốc dân",
               "Trường Cao đẳng Công nghiệp Bắc Ninh", "Trường Đại học Sư phạm Hà Nội"]
    rows = []
    for number in range(1, ROWS + 1):
        bank, account = people.account()
        rows.append([number, people.name(), dmy(people.birth(2000, 2007)), rng.choice(schools), account, bank,
                     rng.choice([2_000_000, 3_500_000, 5_000_000, 10_000_000])])
    return [["STT", "Họ và tên", "Ngày sinh", "Trường", "Số tài khoản", "Ngân hàng", "Số tiền (đồng)"], *rows]


def passports_ascii(rng: random.Random, people: People) -> list[list[Any]]:
    gates = ["Noi Bai", "Tan Son Nhat", "Da Nang", "Mong Cai", "Huu Nghi"]
    rows = []
    for number in range(1, ROWS + 1):
        rows.append([number, anyascii(people.name()).upper(), iso(people.birth(1960, 2006)), people.passport(), "Viet Nam",
                     maybe(rng, 0.9, people.mobile(rng.choice([0, 1, 3]))), f"2025-0{rng.randint(1, 9)}-{rng.randint(10, 28)}",
                     rng.choice(gates)])
    return [["STT", "Ho va ten", "Ngay thang nam sinh", "So ho chieu", "Quoc tich", "SDT", "Ngay xuat canh", "Cua khau"], *rows]


def card_payments(rng: random.Random, people: People) -> list[list[Any]]:
    services = ["Lệ phí cấp hộ chiếu", "Phí chứng thực", "Lệ phí trước bạ", "Phí thẩm định hồ sơ"]
    rows = []
    for number in range(1, ROWS + 1):
        rows.append([number, f"GD2507{number:06d}", people.card(spaced=rng.random() < 0.5), rng.randint(50, 2000) * 1000,
                     f"2025-07-{rng.randint(1, 31):02d}", rng.choice(services)])
    return [["STT", "Mã giao dịch", "Số thẻ", "Số tiền", "Ngày giao dịch", "Dịch vụ"], *rows]


CALLBACK_NOTES = ["Gọi lại cho anh {given} số {phone}", "Chị {given} nhờ liên hệ {phone} sau 17h",
                  "Người nhà (SĐT {phone}) sẽ bổ sung giấy tờ"]
PLAIN_NOTES = ["Đã xử lý xong", "Chờ bổ sung hồ sơ", "Chuyển phòng chuyên môn", "Đã hướng dẫn trực tiếp",
               "Hẹn trả kết quả ngày 15/8", "Không đủ điều kiện"]


def untitled_contacts(rng: random.Random, people: People) -> tuple[list[list[Any]], int]:
    """Titles that say nothing: only the values can tell."""
    rows, planted = [], 0
    for number in range(1, ROWS + 1):
        female = rng.random() < 0.5
        name = people.name(female)
        birth = people.birth()
        if rng.random() < 0.2:
            note = rng.choice(CALLBACK_NOTES).format(given=name.split()[-1], phone=people.mobile(rng.choice([0, 1, 2])))
            planted += 1
        else:
            note = rng.choice(PLAIN_NOTES)
        rows.append([number, people.cccd(birth[0], female), people.mobile(rng.choice([3, 4, 0])), people.email(name),
                     people.card(), note])
    return [["Cột 1", "Thông tin 1", "Thông tin 2", "Thông tin 3", "Mã tham chiếu", "Ghi chú"], *rows], planted


def feedback(rng: random.Random, people: People) -> list[list[Any]]:
    topics = [("Giao thông", "Đèn tín hiệu tại ngã tư {street} bị hỏng"), ("Môi trường", "Rác thải tập kết sai giờ trên đường {street}"),
              ("Đô thị", "Vỉa hè đường {street} bị lấn chiếm"), ("Trật tự", "Tiếng ồn kéo dài sau 22h tại ngõ {n}")]
    rows = []
    for number in range(1, ROWS + 1):
        name = people.name()
        field, text = rng.choice(topics)
        phone = people.mobile() if rng.random() < 0.85 else people.landline()
        if rng.random() < 0.1:
            phone = people.mobile(0)[1:]  # typed into a number cell: the leading zero is gone
        rows.append([number, f"2025-08-{rng.randint(1, 31):02d}", name, maybe(rng, 0.9, phone), maybe(rng, 0.5, people.email(name)),
                     people.address(), text.format(street=rng.choice(STREETS), n=rng.randint(2, 99)), field,
                     rng.choice(["Đã chuyển xử lý", "Đã trả lời", "Đang xác minh"])])
    return [["STT", "Ngày tiếp nhận", "Họ tên", "ĐT", "E-mail", "Nơi ở", "Nội dung phản ánh", "Lĩnh vực", "Kết quả"], *rows]


def marriages(rng: random.Random, people: People) -> list[list[Any]]:
    rows = []
    for number in range(1, ROWS + 1):
        husband, wife = people.birth(1970, 2002), people.birth(1972, 2004)
        rows.append([number, people.name(False), dmy(husband), people.name(True), dmy(wife), people.cmnd(),
                     people.cccd(wife[0], True), rng.choice(WARDS)[1], f"2025-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"])
    return [["STT", "Họ tên chồng", "Ngày sinh chồng", "Họ tên vợ", "Ngày sinh vợ", "Số CMND chồng", "Số định danh vợ",
             "Nơi đăng ký", "Ngày đăng ký"], *rows]


def candidates(rng: random.Random, people: People) -> list[list[Any]]:
    """Identity papers under titles that do not say which: a 9-digit CMND and a passport, by values alone."""
    rows = []
    for number in range(1, ROWS + 1):
        rows.append([f"BN{number:04d}", people.name(), dmy(people.birth(2004, 2007)), people.cmnd(), people.passport(),
                     round(rng.uniform(15, 29.5), 2)])
    return [["Số báo danh", "Họ và tên thí sinh", "Ngày sinh", "Giấy tờ 1", "Giấy tờ 2", "Tổng điểm"], *rows]


# Tables that only look personal --------------------------------------------------------------------


def agency_directory(rng: random.Random, people: People) -> list[list[Any]]:
    agencies = ["Văn phòng UBND tỉnh", "Sở Tư pháp", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Xây dựng",
                "Công an tỉnh", "Sở Nội vụ", "Sở Nông nghiệp và Môi trường", "Sở Công Thương"]
    rows = []
    for number in range(1, ROWS + 1):
        agency = f"{rng.choice(agencies)} - Điểm tiếp nhận số {number}"
        hotline = people.mobile(rng.choice([0, 1])) if rng.random() < 0.6 else f"1900 {rng.randint(1000, 9999)}"
        rows.append([number, agency, f"Số {rng.randint(1, 99)} đường {rng.choice(STREETS)}, {rng.choice(WARDS)[1]}, Tỉnh Bắc Ninh",
                     people.landline("0222"), hotline, f"tiepnhan{number}@bacninh.example",
                     f"23{rng.randint(0, 99999999):08d}", f"https://{number}.bacninh.example"])
    return [["STT", "Tên cơ quan", "Địa chỉ", "Điện thoại cơ quan", "Đường dây nóng", "Email cơ quan", "Mã số thuế", "Website"], *rows]


def new_businesses(rng: random.Random, people: People) -> list[list[Any]]:
    kinds = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"]
    trades = ["Xây dựng", "Thương mại", "Vận tải", "Chế biến nông sản", "Phần mềm"]
    rows = []
    for number in range(1, ROWS + 1):
        parent = f"{rng.choice(['01', '03', '09', '23', '08'])}{rng.randint(0, 99999999):08d}"
        code = f"{parent}-{rng.randint(1, 9):03d}" if rng.random() < 0.25 else parent
        rows.append([number, code, f"{rng.choice(kinds)} {rng.choice(trades)} {rng.choice(STREETS)}",
                     f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}, {rng.choice(WARDS)[1]}",
                     f"2025-0{rng.randint(1, 9)}-{rng.randint(10, 28)}", rng.randint(1, 500) * 100_000_000, rng.choice(trades)])
    return [["STT", "Mã số doanh nghiệp", "Tên doanh nghiệp", "Địa chỉ trụ sở", "Ngày cấp", "Vốn điều lệ (đồng)",
             "Ngành nghề chính"], *rows]


def tax_codes_only(rng: random.Random, people: People) -> list[list[Any]]:
    """Ten-digit tax codes that look exactly like mobile numbers (0901…, 0981…), titled 'MST'."""
    rows = []
    for number in range(1, ROWS + 1):
        rows.append([number, f"{rng.choice(['090', '098', '091', '038'])}{rng.randint(0, 9999999):07d}",
                     f"Hộ kinh doanh số {number}", rng.choice(WARDS)[1], rng.randint(1, 60) * 1_000_000])
    return [["STT", "MST", "Tên đơn vị nộp thuế", "Địa bàn", "Số thuế đã nộp (đồng)"], *rows]


def procedure_statistics(rng: random.Random, people: People) -> list[list[Any]]:
    rows = []
    for number in range(1, ROWS + 1):
        code, ward = rng.choice(WARDS)
        received = rng.randint(100, 5000)
        on_time = received - rng.randint(0, 90)
        rows.append([code, ward, received, on_time, round(100 * on_time / received, 2), f"2025-{rng.randint(1, 12):02d}-28",
                     rng.randint(10_000_000, 9_999_999_999), f"2025{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{number:04d}",
                     "".join(str(rng.randint(0, 9)) for _ in range(16))])
    return [["Mã xã", "Tên xã", "Số hồ sơ tiếp nhận", "Số hồ sơ đúng hạn", "Tỷ lệ đúng hạn (%)", "Ngày báo cáo",
             "Tổng phí thu được (đồng)", "Mã báo cáo", "Mã giao dịch liên thông"], *rows]


def schools(rng: random.Random, people: People) -> list[list[Any]]:
    named = ["Nguyễn Trãi", "Lê Quý Đôn", "Trần Phú", "Lý Thái Tổ", "Hàn Thuyên", "Nguyễn Du", "Lê Văn Thịnh", "Ngô Gia Tự"]
    levels = [("Trường Tiểu học", "Tiểu học"), ("Trường THCS", "THCS"), ("Trường THPT", "THPT")]
    rows = []
    for number in range(1, ROWS + 1):
        prefix, level = rng.choice(levels)
        rows.append([f"27{number:04d}", f"{prefix} {rng.choice(named)} số {number}", level,
                     f"Số {rng.randint(1, 250)} đường {rng.choice(STREETS)}, {rng.choice(WARDS)[1]}", people.landline("0222"),
                     people.mobile(0) if rng.random() < 0.5 else f"1800 {rng.randint(1000, 9999)}", rng.randint(300, 2200),
                     rng.randint(20, 120)])
    return [["Mã trường", "Tên trường", "Cấp học", "Địa chỉ", "Điện thoại trường", "Hotline tuyển sinh", "Số học sinh",
             "Số giáo viên"], *rows]


def population(rng: random.Random, people: People) -> list[list[Any]]:
    provinces = [("01", "Thành phố Hà Nội"), ("24", "Tỉnh Bắc Ninh"), ("79", "Thành phố Hồ Chí Minh"), ("48", "Thành phố Đà Nẵng"),
                 ("38", "Tỉnh Thanh Hóa"), ("40", "Tỉnh Nghệ An"), ("31", "Thành phố Hải Phòng"), ("92", "Thành phố Cần Thơ")]
    rows = []
    for year in range(2010, 2040):
        for code, name in provinces:
            rows.append([code, name, rng.randint(1_000_000, 14_000_000), rng.randint(300_000, 3_500_000),
                         round(rng.uniform(1000, 16000), 1), year, f"{year + 1}-03-31"])
    return [["Mã tỉnh", "Tên tỉnh", "Dân số (người)", "Số hộ", "Diện tích (km²)", "Năm", "Ngày công bố"], *rows]


def streets(rng: random.Random, people: People) -> list[list[Any]]:
    rows = []
    for number in range(1, ROWS + 1):
        rows.append([f"D{number:03d}", f"{people.name(rng.random() < 0.2)}" if rng.random() < 0.3 else rng.choice(STREETS),
                     rng.choice(WARDS)[1], rng.randint(150, 4200), rng.randint(1995, 2024), f"{rng.randint(2000, 2024)}-12-{rng.randint(10, 28)}"])
    return [["Mã đường", "Tên đường", "Phường", "Chiều dài (m)", "Năm đặt tên", "Ngày ban hành nghị quyết"], *rows]


def legal_documents(rng: random.Random, people: People) -> list[list[Any]]:
    issuers = [("QĐ-UBND", "UBND tỉnh Bắc Ninh"), ("TT-BCA", "Bộ Công an"), ("NĐ-CP", "Chính phủ"), ("TT-BTC", "Bộ Tài chính")]
    subjects = ["Quy định chi tiết về căn cước", "Ban hành danh mục dữ liệu mở", "Quy định về phí, lệ phí",
                "Hướng dẫn cấp mã định danh", "Sửa đổi quy trình nội bộ giải quyết thủ tục hành chính"]
    rows = []
    for number in range(1, ROWS + 1):
        suffix, issuer = rng.choice(issuers)
        year = rng.randint(2015, 2025)
        rows.append([f"{rng.randint(1, 199):02d}/{year}/{suffix}", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", issuer,
                     rng.choice(subjects), f"000.00.{rng.randint(10, 99)}.H{rng.randint(1, 63):02d}",
                     f"{rng.randint(2, 9)}{rng.randint(0, 99_999_999_999):011d}"])
    return [["Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu", "Mã định danh văn bản", "Số biên nhận"], *rows]


def treasury_accounts(rng: random.Random, people: People) -> list[list[Any]]:
    units = ["Trường Mầm non", "Trạm Y tế", "UBND xã", "Trung tâm Văn hóa", "Ban Quản lý dự án"]
    rows = []
    for number in range(1, ROWS + 1):
        planned = rng.randint(100, 9000) * 10_000_000
        spent = rng.randint(0, planned // 10_000_000) * 10_000_000
        rows.append([f"10{rng.randint(0, 99999):05d}", f"{rng.choice(units)} số {number}", f"9523.2.10{rng.randint(0, 99999):05d}",
                     f"37{rng.randint(0, 10**10):011d}", planned, spent, round(100 * spent / planned, 1)])
    return [["Mã đơn vị QHNS", "Tên đơn vị", "Số tài khoản của đơn vị tại Kho bạc", "Số tài khoản tiền gửi của đơn vị",
             "Dự toán giao (đồng)", "Đã giải ngân (đồng)", "Tỷ lệ giải ngân (%)"], *rows]


# Writing -------------------------------------------------------------------------------------------


def write(name: str, table: list[list[Any]]) -> list[str]:
    with open(OUT / name, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(table)
    names, _notes = unique_names([str(title) for title in table[0]])
    return names


def filled(table: list[list[Any]], column: int) -> int:
    return sum(1 for row in table[1:] if str(row[column]).strip())


def count(table: list[list[Any]], column: int, test: Callable[[str], bool]) -> int:
    return sum(1 for row in table[1:] if test(str(row[column])))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Any] = {}

    def table(name: str, build: Callable[[random.Random, People], Any]) -> Any:
        rng = random.Random(f"{SEED}:{name}")
        return build(rng, People(rng))

    def record(name: str, rows: list[list[Any]], findings: list[tuple[int, str, int]]) -> None:
        names = write(name, rows)
        expected[name] = {
            "personal": bool(findings),
            "rows": len(rows) - 1,
            "findings": [{"field": names[column], "kind": kind, "cells": cells} for column, kind, cells in findings],
        }

    rows = table("ho-so-truc-tuyen-nguoi-nop.csv", applicants)
    record("ho-so-truc-tuyen-nguoi-nop.csv", rows, [
        (2, "person-name", filled(rows, 2)), (3, "citizen-id", filled(rows, 3)),
        (4, "phone-number", count(rows, 4, lambda value: any(char.isdigit() for char in value))),
        (5, "email-address", filled(rows, 5)), (6, "home-address", filled(rows, 6)),
    ])
    rows = table("ho-ngheo-can-ngheo.csv", poor_households)
    record("ho-ngheo-can-ngheo.csv", rows, [
        (3, "person-name", filled(rows, 3)), (4, "date-of-birth", filled(rows, 4)),
        (5, "citizen-id", count(rows, 5, lambda value: len(value) == 12)), (5, "id-card", count(rows, 5, lambda value: len(value) == 9)),
        (6, "home-address", filled(rows, 6)),
    ])
    rows = table("hoc-bong-sinh-vien.csv", scholarships)
    record("hoc-bong-sinh-vien.csv", rows, [
        (1, "person-name", filled(rows, 1)), (2, "date-of-birth", filled(rows, 2)), (4, "bank-account", filled(rows, 4)),
    ])
    rows = table("xuat-canh-khong-dau.csv", passports_ascii)
    record("xuat-canh-khong-dau.csv", rows, [
        (1, "person-name", filled(rows, 1)), (2, "date-of-birth", filled(rows, 2)), (3, "passport-number", filled(rows, 3)),
        (5, "phone-number", filled(rows, 5)),
    ])
    rows = table("thanh-toan-le-phi-bang-the.csv", card_payments)
    record("thanh-toan-le-phi-bang-the.csv", rows, [(2, "card-number", filled(rows, 2))])
    rows, planted = table("phieu-lien-he-khong-tieu-de.csv", untitled_contacts)
    record("phieu-lien-he-khong-tieu-de.csv", rows, [
        (1, "citizen-id", filled(rows, 1)), (2, "phone-number", filled(rows, 2)), (3, "email-address", filled(rows, 3)),
        (4, "card-number", filled(rows, 4)), (5, "phone-number", planted),
    ])
    rows = table("phan-anh-kien-nghi.csv", feedback)
    record("phan-anh-kien-nghi.csv", rows, [
        (2, "person-name", filled(rows, 2)), (3, "phone-number", filled(rows, 3)), (4, "email-address", filled(rows, 4)),
        (5, "home-address", filled(rows, 5)),
    ])
    rows = table("dang-ky-ket-hon.csv", marriages)
    record("dang-ky-ket-hon.csv", rows, [
        (1, "person-name", filled(rows, 1)), (2, "date-of-birth", filled(rows, 2)), (3, "person-name", filled(rows, 3)),
        (4, "date-of-birth", filled(rows, 4)), (5, "id-card", filled(rows, 5)), (6, "citizen-id", filled(rows, 6)),
    ])
    rows = table("danh-sach-thi-sinh.csv", candidates)
    record("danh-sach-thi-sinh.csv", rows, [
        (1, "person-name", filled(rows, 1)), (2, "date-of-birth", filled(rows, 2)), (3, "id-card", filled(rows, 3)),
        (4, "passport-number", filled(rows, 4)),
    ])

    for name, build in [
        ("danh-ba-co-quan.csv", agency_directory), ("doanh-nghiep-thanh-lap-moi.csv", new_businesses),
        ("ho-kinh-doanh-nop-thue.csv", tax_codes_only), ("ket-qua-giai-quyet-ho-so.csv", procedure_statistics),
        ("truong-hoc.csv", schools), ("dan-so-theo-tinh.csv", population), ("duong-pho.csv", streets),
        ("van-ban-phap-luat.csv", legal_documents), ("tai-khoan-don-vi-kho-bac.csv", treasury_accounts),
    ]:
        record(name, table(name, build), [])

    document = {"seed": SEED, "about": "Synthetic tables; findings a correct scan reports (field, kind, cells).",
                "files": expected}
    (OUT / "expected.json").write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

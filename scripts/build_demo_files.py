"""Write the demo's data files into config/demo/files (run it after changing the demo data).

The numbers are synthetic but shaped like what agencies publish; administrative codes and names
are the real ones in force since 1 July 2025. Run: .venv/bin/python scripts/build_demo_files.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

OUT = Path(__file__).resolve().parent.parent / "config" / "demo" / "files"

PROVINCES = [
    ("01", "Thành phố Hà Nội", "Thành phố trực thuộc trung ương"),
    ("04", "Tỉnh Cao Bằng", "Tỉnh"), ("08", "Tỉnh Tuyên Quang", "Tỉnh"), ("11", "Tỉnh Điện Biên", "Tỉnh"),
    ("12", "Tỉnh Lai Châu", "Tỉnh"), ("14", "Tỉnh Sơn La", "Tỉnh"), ("15", "Tỉnh Lào Cai", "Tỉnh"),
    ("19", "Tỉnh Thái Nguyên", "Tỉnh"), ("20", "Tỉnh Lạng Sơn", "Tỉnh"), ("22", "Tỉnh Quảng Ninh", "Tỉnh"),
    ("24", "Tỉnh Bắc Ninh", "Tỉnh"), ("25", "Tỉnh Phú Thọ", "Tỉnh"),
    ("31", "Thành phố Hải Phòng", "Thành phố trực thuộc trung ương"),
    ("33", "Tỉnh Hưng Yên", "Tỉnh"), ("37", "Tỉnh Ninh Bình", "Tỉnh"), ("38", "Tỉnh Thanh Hóa", "Tỉnh"),
    ("40", "Tỉnh Nghệ An", "Tỉnh"), ("42", "Tỉnh Hà Tĩnh", "Tỉnh"), ("44", "Tỉnh Quảng Trị", "Tỉnh"),
    ("46", "Thành phố Huế", "Thành phố trực thuộc trung ương"),
    ("48", "Thành phố Đà Nẵng", "Thành phố trực thuộc trung ương"),
    ("51", "Tỉnh Quảng Ngãi", "Tỉnh"), ("52", "Tỉnh Gia Lai", "Tỉnh"), ("56", "Tỉnh Khánh Hòa", "Tỉnh"),
    ("66", "Tỉnh Đắk Lắk", "Tỉnh"), ("68", "Tỉnh Lâm Đồng", "Tỉnh"), ("75", "Tỉnh Đồng Nai", "Tỉnh"),
    ("79", "Thành phố Hồ Chí Minh", "Thành phố trực thuộc trung ương"),
    ("80", "Tỉnh Tây Ninh", "Tỉnh"), ("82", "Tỉnh Đồng Tháp", "Tỉnh"), ("86", "Tỉnh Vĩnh Long", "Tỉnh"),
    ("91", "Tỉnh An Giang", "Tỉnh"),
    ("92", "Thành phố Cần Thơ", "Thành phố trực thuộc trung ương"),
    ("96", "Tỉnh Cà Mau", "Tỉnh"),
]

WARDS = [
    ("09187", "Phường Kinh Bắc"), ("09190", "Phường Võ Cường"), ("09169", "Phường Vũ Ninh"),
    ("09325", "Phường Hạp Lĩnh"), ("09286", "Phường Nam Sơn"), ("09367", "Phường Từ Sơn"),
    ("07210", "Phường Bắc Giang"), ("07228", "Phường Đa Mai"), ("09247", "Phường Quế Võ"),
]


def write_csv(name: str, header: list[str], rows: list[list[object]]) -> None:
    with open(OUT / name, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(name: str, sheet: str, header: list[str], rows: list[list[object]], formats: dict[int, str] | None = None) -> None:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(header)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append(row)
    for column, number_format in (formats or {}).items():
        for (cell,) in worksheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    workbook.properties.creator = "opendata demo"
    workbook.save(OUT / name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2025)

    write_csv("danh-muc-tinh-thanh-2025.csv", ["Mã tỉnh", "Tên tỉnh, thành phố", "Loại đơn vị"], [list(p) for p in PROVINCES])

    write_xlsx(
        "doanh-nghiep-khcn-2024.xlsx",
        "Doanh nghiệp KH&CN",
        ["Mã tỉnh", "Tỉnh, thành phố", "Số doanh nghiệp KH&CN", "Doanh thu (tỷ đồng)", "Ngày cập nhật"],
        [
            [int(code), name, rng.randint(3, 420), round(rng.uniform(15, 9800), 1), dt.datetime(2025, 3, 31)]
            for code, name, _kind in PROVINCES
        ],
        formats={1: "00", 5: "dd/mm/yyyy"},
    )

    months = []
    for month in range(1, 13):
        received = rng.randint(18000, 26000)
        on_time = received - rng.randint(40, 600)
        months.append([f"2025-{month:02d}", received, on_time, round(100 * on_time / received, 2)])
    write_xlsx(
        "ket-qua-giai-quyet-tthc-2025.xlsx",
        "Năm 2025",
        ["Tháng", "Số hồ sơ tiếp nhận", "Số hồ sơ giải quyết đúng hạn", "Tỷ lệ đúng hạn (%)"],
        months,
    )
    # The December report as an officer first sent it: one figure typed as text, caught before publishing.
    draft = [row[:] for row in months]
    draft[11][2] = "đang tổng hợp"
    write_xlsx(
        "ket-qua-giai-quyet-tthc-2025-ban-sua.xlsx",
        "Năm 2025",
        ["Tháng", "Số hồ sơ tiếp nhận", "Số hồ sơ giải quyết đúng hạn", "Tỷ lệ đúng hạn (%)"],
        draft,
    )

    schools = []
    for index, (ward_code, ward) in enumerate(WARDS, start=1):
        schools.append(
            [
                f"24{index:04d}",
                f"Trường THPT {ward.removeprefix('Phường ')}",
                f"Số {rng.randint(1, 250)} đường {rng.choice(['Nguyễn Trãi', 'Lý Thái Tổ', 'Trần Hưng Đạo', 'Ngô Gia Tự'])}",
                ward,
                ward_code,
                rng.randint(900, 2100),
                f"0222 38{rng.randint(10000, 99999)}",
            ]
        )
    write_csv(
        "truong-thpt-bac-ninh.csv",
        ["Mã trường", "Tên trường", "Địa chỉ", "Phường/xã", "Mã phường/xã", "Số học sinh", "Điện thoại trường"],
        schools,
    )

    stations = ["Trạm Kinh Bắc", "Trạm Từ Sơn", "Trạm Quế Võ"]
    readings = []
    day = dt.date(2025, 10, 1)
    for offset in range(30):
        for station in stations:
            aqi: object = rng.randint(38, 168)
            pm25: object = round(rng.uniform(12, 95), 1)
            readings.append([(day + dt.timedelta(days=offset)).isoformat(), station, aqi, pm25])
    readings[7][2] = "không đo"
    readings[41][3] = "lỗi thiết bị"
    readings[63][0] = "2025-10-32"
    write_csv("chat-luong-khong-khi-thang-10-2025.csv", ["Ngày", "Trạm quan trắc", "AQI", "PM2.5 (µg/m³)"], readings)

    points = []
    for index in range(1, 13):
        points.append(
            [
                index,
                f"Điểm tập kết số {index}",
                f"Ngõ {rng.randint(2, 90)} phố {rng.choice(['Hai Bà Trưng', 'Nguyễn Văn Cừ', 'Kinh Dương Vương'])}",
                rng.choice(["17:00-19:00", "18:00-20:00", "05:00-07:00"]),
                round(21.18 + rng.uniform(0, 0.02), 5),
                round(106.06 + rng.uniform(0, 0.02), 5),
            ]
        )
    write_csv(
        "diem-thu-gom-rac-kinh-bac.csv",
        ["STT", "Tên điểm thu gom", "Địa chỉ", "Khung giờ thu gom", "Vĩ độ", "Kinh độ"],
        points,
    )

    budget = [
        ["Thu ngân sách trên địa bàn", 48250.0, 27120.5],
        ["Thu bổ sung từ ngân sách cấp trên", 15600.0, 7800.0],
        ["Chi đầu tư phát triển", 21400.0, 9850.2],
        ["Chi thường xuyên", 36200.0, 17410.8],
        ["Chi dự phòng", 1250.0, 0.0],
    ]
    write_xlsx(
        "du-toan-ngan-sach-kinh-bac-2025.xlsx",
        "Dự toán 2025",
        ["Nội dung", "Dự toán năm (triệu đồng)", "Thực hiện 6 tháng (triệu đồng)"],
        budget,
    )


if __name__ == "__main__":
    main()

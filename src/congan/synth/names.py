"""Name pools for synthetic residents of the Mekong Delta.

Weights are relative. Kinh surname shares follow the commonly cited national figures
(Nguyễn ≈ 38%, Trần ≈ 11%, Lê ≈ 9.5%, Phạm ≈ 7% …) with the southern forms Huỳnh and Võ
taking most of the Hoàng and Vũ share, as they do in the Delta. Khmer and Hoa pools are
plausible, not statistics: they exist so that cleansing meets the name shapes it will see.
All strings are normalised to NFC at import so callers can rely on it.
"""

from __future__ import annotations

import unicodedata


def _nfc(pairs: dict[str, float]) -> dict[str, float]:
    return {unicodedata.normalize("NFC", k): v for k, v in pairs.items()}


def _nfc_list(items: list[str]) -> list[str]:
    return [unicodedata.normalize("NFC", s) for s in items]


KINH_SURNAMES = _nfc({
    "Nguyễn": 38.4, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.0,
    "Huỳnh": 4.5, "Hoàng": 0.6, "Phan": 4.5, "Võ": 3.4, "Vũ": 0.5,
    "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0, "Lý": 0.5,
    # The long tail: together about 11% of people.
    "Trương": 1.2, "Đinh": 0.8, "Lâm": 0.8, "Mai": 0.7, "Lưu": 0.5, "Đoàn": 0.8, "Tô": 0.5,
    "Châu": 0.6, "Cao": 0.6, "Lương": 0.5, "Thái": 0.5, "Tạ": 0.4, "Quách": 0.3, "Hà": 0.4,
    "Đào": 0.5, "Triệu": 0.2, "Từ": 0.2, "Kiều": 0.2, "Tăng": 0.3, "La": 0.2,
    "Văn": 0.2, "Thạch": 0.1, "Lữ": 0.2, "Mạc": 0.1, "Chung": 0.2, "Trịnh": 0.4, "Hứa": 0.2,
})

# Middle names. 'Thị' and 'Văn' dominate older cohorts; population.py lowers their share
# for people born later, when parents moved to 'Ngọc', 'Gia', 'Minh' and the like.
KINH_MIDDLE_MALE = _nfc({
    "Minh": 8, "Hoàng": 5, "Quốc": 6, "Thanh": 6, "Hữu": 6, "Công": 4, "Tấn": 5, "Thành": 4,
    "Trọng": 3, "Đức": 4, "Gia": 5, "Chí": 3, "Ngọc": 3, "Phước": 3, "Duy": 3, "Anh": 3,
    "Hoài": 2, "Trung": 2, "Nhật": 3, "Bảo": 4, "Thái": 2, "Phúc": 2, "Xuân": 2, "Kim": 1,
})
KINH_MIDDLE_FEMALE = _nfc({
    "Ngọc": 10, "Thanh": 6, "Thu": 5, "Kim": 5, "Mỹ": 6, "Hồng": 4, "Bích": 3, "Thùy": 4,
    "Phương": 3, "Minh": 3, "Bảo": 4, "Gia": 4, "Hoài": 2, "Huỳnh": 2, "Khánh": 3, "Diễm": 2,
    "Yến": 2, "Như": 2, "Tuyết": 2, "Cẩm": 3, "Xuân": 2, "Quỳnh": 2, "Anh": 2, "Trúc": 2,
})

# Given names by generation: 'old' for people born before 1975, 'mid' 1975–1999,
# 'young' 2000 onwards. A name may sit in several pools.
KINH_GIVEN_MALE = {
    "old": _nfc({
        "Hùng": 6, "Dũng": 5, "Minh": 5, "Hải": 4, "Sơn": 4, "Thành": 5, "Tâm": 4, "Thắng": 3,
        "Hòa": 4, "Bình": 4, "Phước": 4, "Lộc": 3, "Tài": 3, "Nghĩa": 3, "Sáu": 2, "Bảy": 2,
        "Tư": 2, "Năm": 2, "Út": 2, "Hiền": 2, "Đức": 3, "Quang": 3, "Thuận": 3, "Chín": 1,
        "Mười": 1, "Tùng": 2, "Cường": 3, "Hưng": 3, "Lợi": 2, "Thanh": 3, "Hoàng": 2, "Châu": 2,
    }),
    "mid": _nfc({
        "Tuấn": 6, "Minh": 5, "Hùng": 4, "Dũng": 4, "Long": 4, "Huy": 5, "Phong": 4, "Trí": 4,
        "Tâm": 3, "Hiếu": 4, "Nhân": 3, "Thiện": 3, "Tín": 3, "Hậu": 3, "Toàn": 3, "Vinh": 3,
        "Khoa": 3, "Duy": 3, "Đạt": 4, "Linh": 2, "Nam": 4, "Phúc": 3, "Trung": 3, "Thịnh": 3,
        "Tú": 2, "Luân": 2, "Sang": 3, "Tài": 3, "Lộc": 2, "Quý": 2, "Kiệt": 2, "Khánh": 3,
    }),
    "young": _nfc({
        "Khang": 6, "Bảo": 5, "Huy": 5, "Khôi": 5, "Phúc": 5, "Minh": 5, "An": 4, "Kiệt": 4,
        "Nam": 3, "Duy": 3, "Khoa": 4, "Lâm": 3, "Quân": 4, "Thịnh": 3, "Vinh": 2, "Đăng": 3,
        "Hưng": 3, "Tín": 3, "Nhân": 3, "Trí": 3, "Hào": 3, "Long": 3, "Phát": 4, "Khải": 2,
        "Tuấn": 2, "Vũ": 3, "Thiện": 2, "Nguyên": 3, "Hoàng": 2, "Kha": 2, "Sơn": 2, "Tâm": 2,
    }),
}
KINH_GIVEN_FEMALE = {
    "old": _nfc({
        "Lan": 5, "Hoa": 5, "Mai": 5, "Hương": 4, "Cúc": 3, "Đào": 3, "Hồng": 4, "Huệ": 3,
        "Thủy": 4, "Tuyết": 3, "Nga": 3, "Loan": 4, "Hạnh": 3, "Xuân": 3, "Thu": 3, "Lệ": 2,
        "Sáu": 2, "Bảy": 2, "Út": 2, "Năm": 1, "Ba": 1, "Liên": 3, "Phượng": 3, "Nhung": 2,
        "Hiền": 3, "Dung": 3, "Yến": 3, "Thanh": 3, "Bé": 2, "Mười": 1, "Lài": 2, "Thơm": 2,
    }),
    "mid": _nfc({
        "Trang": 6, "Linh": 5, "Thảo": 5, "Ngọc": 4, "Phương": 4, "Hằng": 4, "Thủy": 3, "Nhung": 3,
        "Hạnh": 3, "Oanh": 3, "Diễm": 3, "Kiều": 3, "Loan": 3, "Yến": 4, "Trinh": 3, "Thúy": 3,
        "Tiên": 3, "Ngân": 3, "Nhi": 3, "Trâm": 3, "Vân": 3, "Quyên": 3, "Duyên": 3, "Hương": 3,
        "My": 2, "Uyên": 3, "Hà": 2, "Giang": 2, "Châu": 2, "Thư": 2, "Mai": 3, "Huyền": 3,
    }),
    "young": _nfc({
        "Vy": 6, "Nhi": 6, "Hân": 6, "Ngân": 4, "Thư": 5, "Anh": 5, "Như": 4, "My": 4,
        "Trâm": 3, "Uyên": 4, "Ngọc": 3, "Linh": 4, "Quyên": 2, "Trân": 3, "Thảo": 3, "An": 4,
        "Khánh": 2, "Tiên": 3, "Trúc": 3, "Yến": 2, "Hằng": 2, "Châu": 3, "Diệp": 2,
        "Nghi": 3, "Phương": 3, "Vân": 2, "Xuân": 2, "Giang": 2, "Hà": 2, "Mai": 2, "Tâm": 2,
    }),
}

# Khmer families of the Delta carry a short set of surnames given under earlier administrations.
KHMER_SURNAMES = _nfc({
    "Thạch": 30, "Sơn": 20, "Danh": 10, "Kim": 8, "Lâm": 8, "Lý": 7, "Châu": 5,
    "Huỳnh": 3, "Trần": 3, "Dương": 3, "Tăng": 2, "Triệu": 1,
})
# Khmer given names as written in Vietnamese records: often two or more syllables
# ('Sô Phal', 'Sa Rết'), with 'Thị' frequent for women.
KHMER_GIVEN_MALE = _nfc_list([
    "Sô Phal", "Sóc Khum", "Chanh Đa", "Sa Rin", "Sơn Thi", "Pho", "Sóc", "Kha", "Sang",
    "Sa Mếch", "Đa Ra", "Sà Rươn", "Bô Pha", "Ni Ron", "Phách", "Hên", "Vi Sal", "Ra Ta Na",
    "Sa Vuth", "Chăm Rơn", "Mâu", "Chanh Thol", "Sa Phon", "Khơ Me", "Ol", "Sóc Chenh",
    "Văn Sóc", "Văn Khanh", "Văn Tha", "Minh Sang", "Ngọc Thanh", "Thi Ty",
])
KHMER_GIVEN_FEMALE = _nfc_list([
    "Sa Rết", "Thị Sa Ry", "Thị Sà Ly", "Thị Ni", "Sa Phia", "Sô Pha", "Thị Da Ni",
    "Chanh Thy", "Thị Sóc", "Sóc Pha", "Thị Phươl", "Thị Sa Vát", "Thị Ra Ni", "Sa Vy",
    "Thị Pha Ly", "Thị Kim Thoa", "Thị Mỹ Linh", "Thị Ngọc Hân", "Thị Sa Quênh", "Thị Chanh Ra",
    "Thị Sây", "Thị Ry", "Thị Mal", "Thị Nang", "Sa Ma Ly", "Thị Kim Xuân", "Thị Hồng",
    "Thị Sóc Khonl", "Thị Da Ra", "Thị Chăn Thu",
])

# Hoa (ethnic Chinese) families: Sino-Vietnamese surnames and middle names other than Văn/Thị.
HOA_SURNAMES = _nfc({
    "Lý": 10, "Trương": 10, "Lâm": 10, "Quách": 6, "Mã": 5, "Châu": 6, "Tạ": 4, "Diệp": 5,
    "Hứa": 5, "Lưu": 6, "Triệu": 4, "Tăng": 5, "Hà": 3, "Lư": 3, "Thái": 3, "La": 4,
    "Trần": 6, "Huỳnh": 5, "Dương": 3, "Ông": 2, "Tiêu": 2, "Quan": 2, "Khưu": 3, "Giang": 2,
})
HOA_MIDDLE_MALE = _nfc({
    "Quốc": 5, "Gia": 5, "Kiến": 3, "Vĩnh": 4, "Hữu": 3, "Chí": 4, "Minh": 4, "Khải": 2,
    "Tuấn": 2, "Thế": 3, "Văn": 3, "Triều": 2,
})
HOA_MIDDLE_FEMALE = _nfc({
    "Mỹ": 6, "Ngọc": 5, "Huệ": 3, "Tú": 3, "Bội": 2, "Lệ": 3, "Thục": 2, "Uyển": 2,
    "Thị": 3, "Gia": 3, "Kim": 3, "Bảo": 2,
})
HOA_GIVEN_MALE = _nfc({
    "Hùng": 5, "Phát": 5, "Vinh": 4, "Cường": 4, "Kiệt": 4, "Hào": 4, "Tài": 4, "Huy": 3,
    "Khang": 3, "Quang": 3, "Thành": 3, "Đức": 3, "Lương": 2, "Hưng": 4, "Minh": 3, "Phong": 3,
})
HOA_GIVEN_FEMALE = _nfc({
    "Linh": 4, "Lan": 4, "Phụng": 3, "Trân": 4, "Nghi": 3, "Doanh": 2, "Hoa": 3, "Dung": 3,
    "Quyên": 3, "Mẫn": 2, "Tuệ": 2, "Khanh": 3, "Huệ": 3, "Yến": 3, "Ngọc": 2, "Phương": 3,
})

# Streets and hamlets: names in common use across the Delta, several of them real
# Cần Thơ streets. Each ward draws its own handful, so a street name repeats across wards
# as it does in life.
STREETS = _nfc_list([
    "Trần Hưng Đạo", "Nguyễn Trãi", "Lê Lợi", "Hai Bà Trưng", "Nguyễn Văn Cừ", "30 Tháng 4",
    "3 Tháng 2", "Mậu Thân", "Hòa Bình", "Cách Mạng Tháng 8", "Nguyễn Văn Linh", "Trần Phú",
    "Lý Tự Trọng", "Phan Đình Phùng", "Võ Văn Kiệt", "Trần Quang Diệu", "Nguyễn An Ninh",
    "Lê Hồng Phong", "Trần Văn Khéo", "Nguyễn Việt Hồng", "Huỳnh Thúc Kháng", "Ngô Quyền",
    "Phạm Ngũ Lão", "Lý Thường Kiệt", "Ngô Gia Tự", "Phan Văn Trị", "Xô Viết Nghệ Tĩnh",
    "Trần Văn Hoài", "Nguyễn Thị Minh Khai", "Lê Lai", "Châu Văn Liêm", "Điện Biên Phủ",
    "Quang Trung", "Lê Bình", "Tầm Vu", "Hùng Vương", "Nguyễn Trung Trực", "Bùi Hữu Nghĩa",
    "Lê Văn Sô", "Trần Ngọc Quế", "Nguyễn Văn Trỗi", "Võ Thị Sáu", "Đinh Tiên Hoàng",
    "Trần Bình Trọng", "Mạc Thiên Tích", "Lê Thánh Tôn", "Phan Chu Trinh", "Tôn Đức Thắng",
])
HAMLET_WORDS = _nfc_list([
    "Thới Hòa", "Mỹ Ái", "Mỹ Nhơn", "Phú Lợi", "Tân Long", "An Thạnh", "Long Hòa", "Bình Thạnh",
    "Thạnh Lợi", "Nhơn Lộc", "Phước Thới", "Trường Lạc", "Tân Phú", "Vĩnh Lợi", "Đông Thạnh",
    "Thới Lai", "Thạnh Phú", "Mỹ Hòa", "Xẻo Chanh", "Kinh Ngang", "Rạch Gòi", "Cái Chanh",
    "Phú Thạnh", "Hòa Long", "Tân Lập", "Khánh Hưng", "Bưng Cóc", "Sóc Vồ", "Prey Chóp",
])

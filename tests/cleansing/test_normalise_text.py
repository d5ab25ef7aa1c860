import unicodedata

import pytest

from congan.cleansing.normalise import clean_text, fold, split_name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Nguyễn Thị Hòa", "Nguyễn Thị Hòa"),
        (unicodedata.normalize("NFD", "Nguyễn Thị Thủy"), "Nguyễn Thị Thủy"),
        ("Nguyeenx Thij Hoaf", "Nguyễn Thị Hòa"),  # Telex
        ("Nguye6n4 Thi5 Thu3y", "Nguyễn Thị Thủy"),  # VNI
        ("Trương Thị Thuỷ", "Trương Thị Thủy"),  # old tone placement
        ("Lê Hoà", "Lê Hòa"),
        ("Khoẻ", "Khỏe"),
        ("Ddoox  Quyf", "Đỗ Quỳ"),
        ("Lâm Quý", "Lâm Quý"),  # 'qu' keeps the tone on y
        ("Hoàng Tuấn", "Hoàng Tuấn"),  # closed syllable: unchanged
        ("TRẦN VĂN HOÀNG", "TRẦN VĂN HOÀNG"),
        ("Nguyen Van An", "Nguyen Van An"),  # plain ASCII left alone
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Đặng Thị Ánh", "dang thi anh"),
        ("NGUYỄN", "nguyen"),
        ("Hoà", "Hòa"),
    ],
)
def test_fold_gives_one_key(a, b):
    assert fold(clean_text(a)) == fold(clean_text(b))


@pytest.mark.parametrize(
    ("full", "surname", "middle_core", "given"),
    [
        ("Nguyễn Thị Lan", "Nguyễn", "", "Lan"),
        ("Nguyễn Lan", "Nguyễn", "", "Lan"),  # 'Thị' dropped by the clerk
        ("Trần Văn Minh Tuấn", "Trần", "Minh", "Tuấn"),
        ("LÊ THỊ HỒNG NHUNG", "Lê", "Hồng", "Nhung"),
        ("Tôn Nữ Thảo", "Tôn", "Nữ", "Thảo"),
    ],
)
def test_split_name(full, surname, middle_core, given):
    parts = split_name(full)
    assert (parts.surname, parts.middle_core, parts.given) == (surname, middle_core, given)


def test_missing_thi_gives_same_core():
    assert split_name("Phạm Thị Thuỷ").core == split_name("PHẠM THỦY").core

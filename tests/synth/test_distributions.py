import unicodedata
from collections import Counter

from congan.synth import REFERENCE_DATE, generate_people


def share(counter, key):
    return counter[key] / sum(counter.values())


def test_sexes_are_balanced(people):
    assert 0.47 < share(Counter(p.sex for p in people), "Nam") < 0.53


def test_surnames_follow_southern_shares(people):
    surnames = Counter(p.surname for p in people)
    assert 0.33 < share(surnames, "Nguyễn") < 0.42
    assert 0.09 < share(surnames, "Trần") < 0.13
    assert 0.075 < share(surnames, "Lê") < 0.115
    assert 0.055 < share(surnames, "Phạm") < 0.085
    # In the South, Huỳnh and Võ rather than Hoàng and Vũ.
    assert surnames["Huỳnh"] > 3 * surnames["Hoàng"]
    assert surnames["Võ"] > 3 * surnames["Vũ"]


def test_can_tho_is_mostly_kinh(people):
    ethnicities = Counter(p.ethnicity for p in people)
    assert share(ethnicities, "Kinh") > 0.95
    assert 0.005 < share(ethnicities, "Khmer") < 0.04
    assert ethnicities["Hoa"] > 0


def test_soc_trang_has_a_large_khmer_community():
    people = list(generate_people(3000, seed=2, province_codes=("94",)))
    ethnicities = Counter(p.ethnicity for p in people)
    assert 0.2 < share(ethnicities, "Khmer") < 0.4
    khmer = [p for p in people if p.ethnicity == "Khmer"]
    assert share(Counter(p.surname for p in khmer), "Thạch") > 0.15
    assert all(p.ward_code.startswith("3") for p in people)


def test_middle_names_mark_sex(people):
    women = [p for p in people if p.sex == "Nữ" and p.ethnicity == "Kinh"]
    men = [p for p in people if p.sex == "Nam" and p.ethnicity == "Kinh"]
    assert sum(p.middle_name.startswith("Thị") for p in women) / len(women) > 0.3
    assert sum(p.middle_name == "Văn" for p in men) / len(men) > 0.3
    assert not any(p.middle_name.startswith("Thị") for p in men)
    assert not any(p.middle_name == "Văn" for p in women)


def test_age_pyramid_is_plausible(people):
    ages = [(REFERENCE_DATE - p.date_of_birth).days / 365.2425 for p in people]
    children = sum(a < 15 for a in ages) / len(ages)
    elderly = sum(a >= 60 for a in ages) / len(ages)
    assert 0.17 < children < 0.28  # Vietnam 2019: about 24%
    assert 0.09 < elderly < 0.20  # about 12% and rising
    assert max(ages) < 105 and min(ages) >= 0


def test_text_is_nfc(people):
    for p in people[:5000]:
        for text in (p.full_name, p.address, p.hometown, p.father_name, p.mother_name,
                     p.ethnicity, p.religion):
            assert unicodedata.normalize("NFC", text) == text
        assert p.full_name == " ".join(x for x in (p.surname, p.middle_name, p.given_name) if x)

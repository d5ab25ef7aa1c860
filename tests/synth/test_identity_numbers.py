from congan.synth import REFERENCE_DATE


def test_keys_and_numbers_are_unique(people):
    assert len({p.person_key for p in people}) == len(people)
    cccd = [p.id_number for p in people if p.id_number]
    assert len(set(cccd)) == len(cccd)
    cmnd = [p.old_id_number for p in people if p.old_id_number]
    assert len(set(cmnd)) == len(cmnd)


def test_cccd_encodes_birth_province_sex_and_year(people):
    for p in people:
        if not p.id_number:
            continue
        n = p.id_number
        assert len(n) == 12 and n.isdigit()
        assert n[:3] == p.birth_province_code
        century = (p.date_of_birth.year // 100 - 19) * 2
        assert int(n[3]) == century + (p.sex == "Nữ")
        assert n[4:6] == f"{p.date_of_birth.year % 100:02d}"


def test_only_young_children_lack_a_card(people):
    for p in people:
        if not p.id_number:
            assert (REFERENCE_DATE - p.date_of_birth).days < 14 * 366
    young = [p for p in people if (REFERENCE_DATE - p.date_of_birth).days < 13 * 365]
    assert any(p.id_number for p in young) and any(not p.id_number for p in young)


def test_cmnd_only_for_people_old_enough(people):
    holders = [p for p in people if p.old_id_number]
    assert len(holders) > len(people) / 2
    for p in holders:
        assert len(p.old_id_number) == 9 and p.old_id_number.startswith("36")
        assert p.date_of_birth.year <= 2006


def test_most_are_born_in_the_city_some_elsewhere(people):
    codes = [p.birth_province_code for p in people]
    assert 0.7 < codes.count("092") / len(codes) < 0.95
    assert {"079", "093", "094"} & set(codes)

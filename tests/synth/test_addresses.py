from congan.synth import address_2025, generate_people, ward_code_2025
from congan.units import LEGACY, load_units, old_to_new


def test_address_names_legacy_units():
    p = next(generate_people(1, seed=1))
    assert p.address.endswith(", Thành phố Cần Thơ")
    assert ("Quận " in p.address) or ("Huyện " in p.address)


def test_2025_address_keeps_the_street_and_drops_the_district(people):
    for p in people[:2000]:
        new = address_2025(p)
        street = p.address.split(", Phường ")[0].split(", Xã ")[0].split(", Thị trấn ")[0]
        assert new.startswith(street + ", ")
        assert new.endswith(", Thành phố Cần Thơ")
        assert "Quận " not in new and "Huyện " not in new


def test_every_old_ward_of_the_merged_city_has_a_2025_ward():
    for unit in load_units(LEGACY, ["92", "93", "94"]):
        if unit.level == "ward":
            person = type("P", (), {"ward_code": unit.code})()
            assert len(ward_code_2025(person)) == 5


def test_merged_provinces_move_into_can_tho():
    p = next(generate_people(1, seed=2, province_codes=("93",)))
    assert "Tỉnh Hậu Giang" in p.address
    assert address_2025(p).endswith(", Thành phố Cần Thơ")


def test_split_wards_take_the_default_candidate():
    split = [u for u in load_units(LEGACY, ["92"]) if u.level == "ward" and len(old_to_new(u.code)) > 1]
    assert split  # e.g. Phường Bùi Hữu Nghĩa
    for unit in split:
        person = type("P", (), {"ward_code": unit.code})()
        defaults = [code for code, is_default in old_to_new(unit.code) if is_default]
        assert ward_code_2025(person) == (defaults or [old_to_new(unit.code)[0][0]])[0]

"""The administrative units of both eras are loaded from the maintained package, not typed by hand."""

from congan.org.models import AdminUnit, PoliceUnit, UnitSuccession


def test_can_tho_before_2025_has_9_districts_and_80_wards(db):
    city = AdminUnit.objects.get(code="92", era="legacy", level="province")
    districts = AdminUnit.objects.filter(parent=city, level="district")
    assert districts.count() == 9
    assert AdminUnit.objects.filter(parent__in=districts, level="ward").count() == 80
    assert set(districts.values_list("short_name", flat=True)) >= {"Ninh Kiều", "Cái Răng", "Thốt Nốt"}


def test_can_tho_since_2025_has_103_wards_with_hau_giang_and_soc_trang_merged_in(db):
    city = AdminUnit.objects.get(code="92", era="2025", level="province")
    assert AdminUnit.objects.filter(parent=city, level="ward").count() == 103
    for old_province in ("93", "94"):
        old_wards = AdminUnit.objects.filter(era="legacy", level="ward", province_code=old_province)
        assert old_wards.exists()
        new_provinces = set(
            UnitSuccession.objects.filter(old__in=old_wards).values_list("new__province_code", flat=True)
        )
        assert new_provinces == {"92"}


def test_a_unit_is_code_and_era_because_codes_were_reused(db):
    before = AdminUnit.objects.get(code="31135", era="legacy", level="ward")
    after = AdminUnit.objects.get(code="31135", era="2025", level="ward")
    assert before.name == "Phường Tân An"
    assert after.name == "Phường Ninh Kiều"


def test_a_split_ward_keeps_every_candidate(db):
    old = AdminUnit.objects.get(name="Phường Bùi Hữu Nghĩa", era="legacy")
    links = UnitSuccession.objects.filter(old=old)
    assert links.count() == 2
    assert links.filter(is_default=True).count() == 1


def test_every_old_can_tho_ward_has_a_successor(db):
    old = AdminUnit.objects.filter(era="legacy", level="ward", province_code__in=["92", "93", "94"])
    assert old.count() == 263
    assert not old.exclude(id__in=UnitSuccession.objects.values("old")).exists()


def test_police_units_mirror_the_city(db):
    city = PoliceUnit.objects.get(admin_unit__code="92", admin_unit__era="2025")
    assert city.name == "Công an thành phố Cần Thơ"
    ninh_kieu = PoliceUnit.objects.get(admin_unit__code="916", admin_unit__level="district")
    assert ninh_kieu.parent == city
    an_hoa = PoliceUnit.objects.get(admin_unit__code="31120", admin_unit__era="legacy")
    assert an_hoa.parent == ninh_kieu


def test_loading_again_adds_nothing(db):
    from congan.org.services import load_admin_units

    before = AdminUnit.objects.count(), UnitSuccession.objects.count(), PoliceUnit.objects.count()
    counts = load_admin_units()
    assert counts == {"units": 0, "successions": 0, "police_units": 0}
    assert (AdminUnit.objects.count(), UnitSuccession.objects.count(), PoliceUnit.objects.count()) == before

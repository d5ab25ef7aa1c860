from collections import Counter


def test_one_head_per_household(households):
    for members in households.values():
        assert [m.relation_to_head for m in members].count("Chủ hộ") == 1
        assert members[0].relation_to_head == "Chủ hộ"


def test_household_shares_one_address(households):
    for members in households.values():
        assert len({(m.address, m.ward_code) for m in members}) == 1


def test_children_carry_their_fathers_surname_and_names(households):
    checked = 0
    for members in households.values():
        by_name = {m.full_name: m for m in members}
        for m in members:
            father = by_name.get(m.father_name)
            if father and father.sex == "Nam" and m.relation_to_head in ("Con", "Cháu"):
                assert m.surname == father.surname
                assert m.hometown == father.hometown
                checked += 1
    assert checked > 1000


def test_siblings_share_parents_and_surname(households):
    sizes = Counter()
    for members in households.values():
        kids = [m for m in members if m.relation_to_head == "Con"]
        if len(kids) > 1:
            assert len({(k.father_name, k.mother_name, k.surname) for k in kids}) == 1
            sizes[len(kids)] += 1
    assert sizes[2] > 100


def test_twins_exist_and_share_parents_date_and_address(households):
    twins = 0
    for members in households.values():
        births = Counter((m.date_of_birth, m.father_name, m.mother_name) for m in members
                         if m.relation_to_head in ("Con", "Cháu"))
        twins += sum(1 for n in births.values() if n > 1)
    # About 1.5% of births; 20,000 people hold several thousand births.
    assert 20 < twins < 300


def test_households_have_plausible_size_and_relations(households):
    people = sum(len(m) for m in households.values())
    assert 3.0 < people / len(households) < 4.0
    relations = Counter(m.relation_to_head for ms in households.values() for m in ms)
    assert {"Vợ", "Chồng", "Con", "Cha", "Mẹ", "Cháu", "Con dâu"} <= set(relations)

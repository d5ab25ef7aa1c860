import types

from congan.synth import generate_people


def test_same_seed_gives_same_people():
    assert list(generate_people(500, seed=3)) == list(generate_people(500, seed=3))


def test_other_seed_gives_other_people():
    first = [p.full_name for p in generate_people(200, seed=3)]
    second = [p.full_name for p in generate_people(200, seed=4)]
    assert first != second


def test_streams_rather_than_building_a_list():
    stream = generate_people(10**9, seed=1)
    assert isinstance(stream, types.GeneratorType)
    assert next(stream).person_key == "P0000001"


def test_makes_exactly_n_people_head_first():
    people = list(generate_people(1001, seed=5))
    assert len(people) == 1001
    assert people[0].relation_to_head == "Chủ hộ"

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from congan.dataquality.models import CleansingRun, RunKind
from tests.dataquality import factories as dq


def test_the_command_replays_the_latest_model_over_one_ward(db, model):
    dq.uncertain_pair("31120")
    dq.uncertain_pair("31153", given="Hùng", number="092085005555", day=20, father="Trần Văn Lộc")
    first = dq.run(model)
    out, err = StringIO(), StringIO()
    call_command("cleanse-registry", "--unit", "31120", "--era", "legacy", stdout=out, stderr=err)
    run = CleansingRun.objects.exclude(pk=first.pk).get()
    assert run.settings["model_replayed_from_run"] == first.pk
    assert run.records == 2 and run.review_pairs == 1
    assert f"run {run.pk}: 2 records, 2 persons, 1 pairs for review" in out.getvalue()
    # a long run is never silent: each stage is announced on stderr as it begins, with the time
    # the one before took (the replayed model is not trained, so no training stage)
    stages = [line.split(": ", 1)[1].split(" (")[0] for line in err.getvalue().splitlines()]
    assert stages == ["read", "normalise", "predict", "cluster", "write"]
    assert "(predict took " in err.getvalue()


def test_the_command_links_new_records(db, model):
    a, _b = dq.strong_pair()
    dq.run(model)
    new = dq.resident(full_name="Nguyễn Văn Tâm", date_of_birth=None, birth_year=1985, sex="Nam",
                      id_number="092085004321")
    call_command("cleanse-registry", "--new", str(new.pk), stdout=StringIO())
    assert CleansingRun.objects.filter(kind=RunKind.INCREMENTAL, records=1).exists()


def test_the_command_is_quiet_on_stderr_when_asked(db, model):
    dq.uncertain_pair("31120")
    dq.run(model)
    err = StringIO()
    call_command("cleanse-registry", "--no-progress", stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""


def test_an_ambiguous_unit_code_is_refused(db, model):
    dq.run(model)
    with pytest.raises(CommandError, match="both eras"):
        call_command("cleanse-registry", "--unit", "31135", stdout=StringIO())

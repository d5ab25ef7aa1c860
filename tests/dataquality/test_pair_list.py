"""The review pairs as a register's list: searched by either record's name (with or without
diacritics) or ID number, filtered by status, exported (names only to those allowed)."""

import io

from openpyxl import load_workbook

from congan.dataquality.models import PairStatus, ReviewPair
from tests.dataquality import factories as dq


def test_pairs_are_searched_filtered_and_exported(db, model, client_for, anhoa, lanhdao):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    client = client_for(anhoa)
    assert client.get("/dataquality/", {"q": "nguyen van binh"}).context["total"] == 1
    assert client.get("/dataquality/", {"q": "nguyen van khong co"}).context["total"] == 0
    assert client.get("/dataquality/", {"q": a.id_number}).context["total"] == 1
    assert client.get("/dataquality/", {"status": PairStatus.MERGED}).context["total"] == 0
    ReviewPair.objects.filter(pk=pair.pk).update(status=PairStatus.KEPT_APART)
    assert client.get("/dataquality/").context["total"] == 0  # pending ones by default
    decided = client.get("/dataquality/", {"status": PairStatus.KEPT_APART})
    assert decided.context["total"] == 1 and 'class="dq-decide' not in decided.text

    sheet = load_workbook(io.BytesIO(client.get("/dataquality/", {"status": "", "format": "xlsx"}).content)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[1][0] == pair.pk and "Nguyễn Văn Bình" in rows[1]
    leader = load_workbook(io.BytesIO(client_for(lanhdao).get(
        "/dataquality/", {"status": "", "format": "xlsx"}).content)).active
    assert all("Nguyễn Văn Bình" not in [c.value for c in row] for row in leader.iter_rows())

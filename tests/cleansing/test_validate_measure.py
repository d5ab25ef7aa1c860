from congan.cleansing import cleansing_rate, pairwise_scores, validate_record


def test_findings_per_record():
    findings = validate_record(
        {
            "record_id": "R1",
            "date_of_birth": "31/02/1990",
            "sex": "Nam",
            "id_number": "092190001234",  # a woman born in 1990
            "address": "Phường Bùi Hữu Nghĩa, Quận Bình Thủy, TP Cần Thơ",
        }
    )
    codes = {(f.field, f.code) for f in findings}
    assert codes == {
        ("date_of_birth", "impossible_date"),
        ("id_number", "cccd_sex_mismatch"),
        ("address", "split_ward"),
    }


def test_clean_record_has_no_findings():
    assert (
        validate_record(
            {
                "record_id": "R2",
                "date_of_birth": "12/05/1995",
                "sex": "Nữ",
                "id_number": "092195001234",
                "address": "Số 5, Đường 3/2, Phường An Hòa, Quận Ninh Kiều, Thành phố Cần Thơ",
            }
        )
        == []
    )


def test_unknown_unit_and_malformed_id():
    codes = {
        f.code
        for f in validate_record({"record_id": "R3", "id_number": "12ab", "address": "Hà Lan"})
    }
    assert codes == {"malformed_id", "unknown_unit"}


def test_pairwise_scores():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    s = pairwise_scores(predicted, truth)
    assert (s.true_positives, s.predicted_pairs, s.true_pairs) == (1, 2, 3)
    assert round(s.f1, 4) == round(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3), 4)


def test_cleansing_rate():
    assert cleansing_rate(999, 1000) == 0.999
    assert cleansing_rate(0, 0) is None

import pytest

from congan.cleansing import CleansingInputError, cleanse_file, read_records

HEADER = "record_id,source,full_name,date_of_birth,sex,id_number,hometown,address,father_name,mother_name\n"


def test_missing_record_id_column(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,full_name\n1,Nguyễn Văn An\n", encoding="utf-8")
    with pytest.raises(CleansingInputError, match="no record_id column"):
        read_records(path)


def test_duplicate_record_id_names_both_lines(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        HEADER + "A1,,Nguyễn Văn An,,,,,,,\nA2,,Lê Thị Hoa,,,,,,,\nA1,,Trần Văn Ba,,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CleansingInputError, match=r"line 4: duplicate record_id 'A1' \(first on line 2\)"
    ):
        read_records(path)


def test_empty_record_id(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(HEADER + ",,Nguyễn Văn An,,,,,,,\n", encoding="utf-8")
    with pytest.raises(CleansingInputError, match="line 2: field record_id is empty"):
        read_records(path)


def test_not_utf8_names_offset_and_line(tmp_path):
    path = tmp_path / "in.csv"
    body = (HEADER + "A1,,Nguyễn Văn An,,,,,,,\n").encode("utf-8")
    path.write_bytes(body + "A2,,Lê Hoa,,,,,,,\n".encode("latin-1"))  # a legacy 8-bit file
    offset = len(body) + len("A2,,L")
    with pytest.raises(CleansingInputError, match=rf"byte offset {offset} \(line 3\)"):
        read_records(path)


def test_cleanse_file_refuses_bad_input_before_work(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("full_name\nNguyễn Văn An\n", encoding="utf-8")
    with pytest.raises(CleansingInputError):
        cleanse_file(path, tmp_path / "out.csv", progress=False)
    assert not (tmp_path / "out.csv").exists()


def test_parquet_input_is_checked_too(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"record_id": ["A", "A"], "full_name": ["x", "y"]}), path)
    with pytest.raises(CleansingInputError, match="duplicate record_id 'A'"):
        read_records(path)


def test_a_ragged_row_names_its_line(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("record_id,full_name\nA1,Nguyễn Văn An\nA2,Lê Hoa,extra\n", encoding="utf-8")
    with pytest.raises(CleansingInputError, match="line 3: 3 fields where the header has 2"):
        read_records(path)


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(CleansingInputError, match="no such file"):
        read_records(tmp_path / "nowhere.csv")


def test_a_quoted_newline_keeps_line_numbers(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('record_id,address\nA1,"Số 1\nĐường 2"\nA1,x\n', encoding="utf-8")
    with pytest.raises(CleansingInputError, match=r"line 4: duplicate record_id 'A1' \(first on line 3\)"):
        read_records(path)

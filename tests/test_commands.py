"""The `congan` command as a person runs it: a fresh embedded database, the demo, the server,
the cleansing contract. Each test runs the real command in a subprocess on its own SQLite file."""

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from congan.synth.noisy import generate_noisy_records


def congan(*args, data_dir, timeout=600, check=True):
    env = {**os.environ, "CONGAN_DATA_DIR": str(data_dir)}
    env.pop("CONGAN_DATABASE_URL", None)  # the embedded default, whatever the suite runs on
    return subprocess.run([sys.executable, "-m", "congan", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, check=check)


def test_init_creates_the_database_with_units_and_nothing_else(tmp_path):
    first = congan("init", data_dir=tmp_path)
    assert "14149 units added" in first.stdout
    again = congan("init", data_dir=tmp_path)
    assert "0 units added" in again.stdout
    counts = congan("shell", "-c", "from congan.registry.models import Person; from congan.org.models import User;"
                    "print(Person.objects.count(), User.objects.count())", data_dir=tmp_path)
    assert counts.stdout.split()[-2:] == ["0", "0"]


def test_a_command_before_init_says_to_run_init_in_one_line_exit_2(tmp_path):
    (tmp_path / "vu-an.csv").write_text("case_id\nHS-1\n", encoding="utf-8")
    result = congan("import", "cases", str(tmp_path / "vu-an.csv"), data_dir=tmp_path, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "run `congan init`" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_demo_loads_every_module_and_serves_the_login_page(tmp_path):
    demo = congan("demo", "--residents", "400", "--no-serve", data_dir=tmp_path)
    for line in ("registry:", "cases:", "traffic:", "campaigns:", "dataquality:", "congan-demo-2026", "anhoa"):
        assert line in demo.stdout
    port = _free_port()
    env = {**os.environ, "CONGAN_DATA_DIR": str(tmp_path)}
    env.pop("CONGAN_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "congan", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = ""
        # A loaded machine can take a while to start Django; give up only when the server died or
        # two minutes passed, not after a fixed number of tries.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
                    body = response.read().decode()
                    server_header = response.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.5)
        assert "Đăng nhập" in body
        assert server_header == "congan"  # waitress with our ident, not Django's development server
    finally:
        server.terminate()
        server.wait(timeout=10)


def _write(path, rows, columns):
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


COLUMNS = ["record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown", "address",
           "father_name", "mother_name"]


def test_cleanse_writes_one_person_per_record_by_the_file_contract(tmp_path):
    rows = list(generate_noisy_records(600, seed=3))
    _write(tmp_path / "in.csv", rows, COLUMNS)
    result = congan("cleanse", "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
                    data_dir=tmp_path)
    # no stage is silent: each is announced on stderr as it begins, beside the normaliser's bar
    announced = [line.split("stage ", 1)[1] for line in result.stderr.replace("\r", "\n").splitlines()
                 if "] stage " in line]
    assert [a.split(": ", 1)[1].split(" (")[0] for a in announced] == [
        "read", "normalise", "train", "predict", "cluster", "write"]
    assert announced[0].startswith("1/6") and "(cluster took " in announced[-1]
    with open(tmp_path / "out.csv", encoding="utf-8") as f:
        out = list(csv.DictReader(f))
    assert list(out[0]) == ["record_id", "person_id", "match_probability"]
    assert sorted(r["record_id"] for r in out) == sorted(r["record_id"] for r in rows)
    assert all(0.0 <= float(r["match_probability"]) <= 1.0 for r in out)
    truth = {r["record_id"]: r["true_person"] for r in rows}
    persons = {r["record_id"]: r["person_id"] for r in out}
    same = [(a, b) for a in truth for b in truth if a < b and truth[a] == truth[b]]
    assert same, "the fixture should hold duplicates"
    found = sum(persons[a] == persons[b] for a, b in same)
    assert found / len(same) > 0.9
    assert (tmp_path / "out.csv.model.json").exists()


def test_cleanse_refuses_a_duplicate_record_id_naming_the_lines(tmp_path):
    rows = [{"record_id": "A1", "full_name": "Nguyễn Văn An"}, {"record_id": "A1", "full_name": "Trần Thị Bình"}]
    _write(tmp_path / "in.csv", rows, COLUMNS)
    result = congan("cleanse", "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
                    "--no-progress", data_dir=tmp_path, check=False)
    assert result.returncode == 1
    assert "A1" in result.stderr and "line 3" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def _refusal(result) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(("content", "says"), [
    (None, "no such file"),
    (b"record_id,full_name\nA1,L\xea Hoa\n", "not UTF-8"),
    ("id,full_name\n1,Nguyễn Văn An\n".encode(), "no record_id column"),
    (b"", "empty file"),
])
def test_cleanse_that_cannot_run_says_what_to_fix_in_one_line_exit_2(tmp_path, content, says):
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_bytes(content)
    result = congan("cleanse", "--input", str(source), "--output", str(tmp_path / "out.csv"),
                    "--no-progress", data_dir=tmp_path, check=False)
    assert result.returncode == 2
    assert says in _refusal(result)
    assert not (tmp_path / "out.csv").exists()


def test_cleanse_refuses_a_stored_model_that_is_not_one_exit_2(tmp_path):
    _write(tmp_path / "in.csv", generate_noisy_records(50, seed=3), COLUMNS)
    (tmp_path / "model.json").write_text("not json", encoding="utf-8")
    result = congan("cleanse", "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
                    "--model", str(tmp_path / "model.json"), "--no-progress", data_dir=tmp_path, check=False)
    assert result.returncode == 2
    assert "cannot cleanse" in _refusal(result)


def test_cleanse_a_file_with_only_names_and_birth_dates(tmp_path):
    rows = generate_noisy_records(1500, seed=9)
    _write(tmp_path / "in.csv", rows, ["record_id", "full_name", "date_of_birth"])
    result = congan("cleanse", "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
                    "--no-progress", data_dir=tmp_path)
    assert "left out (no data): sex, cccd, cmnd, other_id, family, address, hometown" in result.stdout
    with open(tmp_path / "out.csv", encoding="utf-8") as f:
        persons = {r["record_id"]: r["person_id"] for r in csv.DictReader(f)}
    assert len(persons) == len(rows)
    truth = {r["record_id"]: r["true_person"] for r in rows}
    same = [(a, b) for a in truth for b in truth if a < b and truth[a] == truth[b]]
    assert sum(persons[a] == persons[b] for a, b in same) / len(same) > 0.8

"""A clerk imports a file from the page in a real headless Chromium: the job's page shows the bar
while the import waits, and turns to the result by itself once `congan worker` has done it."""

import pytest
from django.core.management import call_command

from congan.cases.models import Case

pytestmark = pytest.mark.browser

CSV = ("case_id,unit_code,detected_on,article,severity,category,cleared_on\n"
       "HS-WEB-1,31120,2024-03-02,173,it_nghiem_trong,theft,2024-03-20\n")


@pytest.fixture(autouse=True)
def _private_jobs_dir(settings, tmp_path):
    settings.CONGAN_JOBS_DIR = tmp_path / "jobs"


def test_an_import_started_from_the_page_shows_its_progress_then_its_result(sign_in, tmp_path):
    path = tmp_path / "vu-an.csv"
    path.write_text(CSV, encoding="utf-8")
    page = sign_in("anhoa", "/")
    page.click("nav >> text=Nhập dữ liệu từ tệp")
    page.select_option("#id_register", label="Vụ án hình sự")
    page.set_input_files("#id_file", str(path))
    page.click("main button[type=submit]")
    page.wait_for_selector("#job-progress progress")
    assert "đang chờ" in page.inner_text("#job-status")
    assert not Case.objects.filter(case_number="HS-WEB-1").exists()

    call_command("worker", "--batch", verbosity=0)
    page.wait_for_selector("#job-stored", timeout=15_000)  # the page reloads itself when the job ends
    assert page.inner_text("#job-stored") == "1" and "đã xong" in page.inner_text("#job-status")
    assert page.get_attribute("#job-progress progress", "value") == "100"
    assert Case.objects.filter(case_number="HS-WEB-1").exists()

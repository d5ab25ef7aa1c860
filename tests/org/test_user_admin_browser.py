"""The administrator creates an account in a real headless Chromium, and the new officer signs in."""

import pytest

from congan.org.models import AuditEntry, User

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Kiem-tra-2026-moi"


def test_the_administrator_creates_an_officer_who_then_signs_in(sign_in, live_server):
    page = sign_in("quantri", "/org/users/")
    page.click("text=Tạo tài khoản")
    page.fill("#id_username", "canbo_trinh")
    page.fill("#id_last_name", "Phạm Văn")
    page.fill("#id_first_name", "Trình")
    page.select_option("#id_unit", label="Công an phường An Hòa (Ninh Kiều, trước 01/7/2025)")
    page.select_option("#id_role", value="ward_officer")
    page.fill("#id_password", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã lưu tài khoản canbo_trinh")
    account = User.objects.get(username="canbo_trinh")
    assert account.unit == User.objects.get(username="anhoa").unit and account.get_full_name() == "Phạm Văn Trình"
    assert AuditEntry.objects.filter(action="create", object_type="org.User", object_id=str(account.pk)).exists()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "canbo_trinh")
    page.fill("#id_password", NEW_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#my-unit")
    assert "Công an phường An Hòa" in page.inner_text("#my-unit")

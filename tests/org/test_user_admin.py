"""The administrator runs the accounts inside the app: create, set unit and role, deactivate,
reset a password, lift a sign-in lock; every change audited, no password in the trail; nobody
else may."""

import json

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from congan.org.models import AuditEntry, Role, User
from congan.org.services import DEMO_PASSWORD

NEW_PASSWORD = "Kiem-tra-2026-moi"


@pytest.fixture
def an_hoa_police(anhoa):
    return anhoa.unit


def _signs_in(username, password) -> bool:
    """Whether a browser of its own (not the administrator's) gets in with these credentials."""
    return Client().post(reverse("login"), {"username": username, "password": password}).status_code == 302


def _last(action, obj):
    return AuditEntry.objects.filter(action=action, object_type="org.User", object_id=str(obj.pk)).last()


def test_the_administrator_creates_an_account_that_can_sign_in(client_for, quantri, an_hoa_police):
    response = client_for(quantri).post(reverse("org:user_create"), {
        "username": "canbo_moi", "last_name": "Trần Thị", "first_name": "Mai", "unit": an_hoa_police.pk,
        "role": Role.WARD_OFFICER, "is_active": "on", "password": NEW_PASSWORD,
    })
    account = User.objects.get(username="canbo_moi")
    assert response.status_code == 302
    assert (account.unit, account.role, account.get_full_name()) == (an_hoa_police, Role.WARD_OFFICER, "Trần Thị Mai")
    entry = _last("create", account)
    assert entry.actor == quantri and "password" not in entry.detail["fields"] and "role" in entry.detail["fields"]
    assert NEW_PASSWORD not in json.dumps(entry.detail)
    assert _signs_in("canbo_moi", NEW_PASSWORD)


def test_a_weak_password_or_a_records_role_without_unit_is_refused(client_for, quantri):
    before = User.objects.count()
    response = client_for(quantri).post(reverse("org:user_create"), {
        "username": "canbo_yeu", "last_name": "Lê", "first_name": "Văn", "role": Role.WARD_OFFICER,
        "is_active": "on", "password": "123",
    })
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"unit", "password"}
    assert User.objects.count() == before


def test_the_administrator_moves_and_deactivates_an_account(client_for, quantri, anhoa, ninhkieu2025):
    ninh_kieu_ward = ninhkieu2025.unit
    response = client_for(quantri).post(reverse("org:user_edit", args=[anhoa.pk]), {
        "last_name": anhoa.last_name, "first_name": anhoa.first_name, "unit": ninh_kieu_ward.pk,
        "role": Role.WARD_OFFICER,  # is_active left unticked: deactivated
    })
    assert response.status_code == 302
    anhoa.refresh_from_db()
    assert anhoa.unit == ninh_kieu_ward and not anhoa.is_active
    assert set(_last("update", anhoa).detail["fields"]) == {"unit", "is_active"}
    assert not _signs_in("anhoa", DEMO_PASSWORD)


def test_the_administrator_cannot_lock_themself_out(client_for, quantri):
    response = client_for(quantri).post(reverse("org:user_edit", args=[quantri.pk]), {
        "last_name": quantri.last_name, "first_name": quantri.first_name, "role": Role.DATA_CLERK, "is_active": "on",
    })
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    quantri.refresh_from_db()
    assert quantri.role == Role.ADMIN and quantri.is_active


def test_a_password_reset_is_audited_without_the_password(client_for, quantri, anhoa):
    client_for(quantri).post(reverse("org:user_password", args=[anhoa.pk]),
                             {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    entry = _last("update", anhoa)
    assert entry.detail == {"fields": ["password"]}
    assert not _signs_in("anhoa", DEMO_PASSWORD)
    assert _signs_in("anhoa", NEW_PASSWORD)


def test_the_administrator_lifts_a_sign_in_lock(client_for, quantri, anhoa):
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "anhoa", "password": "wrong-password"})
    assert client.post(reverse("login"), {"username": "anhoa", "password": DEMO_PASSWORD}).status_code == 429
    edit = client_for(quantri).get(reverse("org:user_edit", args=[anhoa.pk]))
    assert "Mở khóa" in edit.content.decode()
    client_for(quantri).post(reverse("org:user_unlock", args=[anhoa.pk]))
    assert not AccessAttempt.objects.filter(username="anhoa").exists()
    assert _last("update", anhoa).detail == {"unlocked": True}
    assert client.post(reverse("login"), {"username": "anhoa", "password": DEMO_PASSWORD}).status_code == 302


def test_the_list_finds_a_name_typed_without_diacritics_in_vietnamese(client_for, quantri, anhoa):
    anhoa.last_name, anhoa.first_name = "Nguyễn Thị", "Hòa"
    anhoa.save()
    response = client_for(quantri).get(reverse("org:users"), {"q": "nguyen thi hoa"})
    html = response.content.decode()
    assert "Tài khoản người dùng" in html and "anhoa" in html and "1 tài khoản" in html
    assert "kiemtra" not in html


@pytest.mark.parametrize("who", ["lanhdao", "thongke", "anhoa", "kiemtra", "nhaplieu"])
def test_nobody_but_the_administrator_may(who, client_for, request, anhoa):
    user = request.getfixturevalue(who)
    client = client_for(user)
    before = list(User.objects.order_by("pk").values_list("pk", "role", "is_active", "password"))
    assert client.get(reverse("org:users")).status_code == 403
    assert client.post(reverse("org:user_create"), {"username": "x1", "role": Role.ADMIN, "is_active": "on",
                                                    "password": NEW_PASSWORD}).status_code == 403
    assert client.post(reverse("org:user_edit", args=[anhoa.pk]), {"role": Role.ADMIN, "is_active": "on",
                                                                    "unit": ""}).status_code == 403
    assert client.post(reverse("org:user_password", args=[anhoa.pk]),
                       {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 403
    assert list(User.objects.order_by("pk").values_list("pk", "role", "is_active", "password")) == before


def test_the_account_form_reads_in_vietnamese_down_to_the_empty_choice(client_for, quantri):
    html = client_for(quantri).get(reverse("org:user_create")).content.decode()
    assert "- Chọn -" in html and "Select an option" not in html

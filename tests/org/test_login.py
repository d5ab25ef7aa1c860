"""Sign-in: argon2 hashes, a throttled login, the home page shows the user's unit."""

from django.urls import reverse

from congan.org.models import AuditEntry, User
from congan.org.services import DEMO_PASSWORD


def test_passwords_are_hashed_with_argon2(anhoa):
    assert anhoa.password.startswith("argon2")


def test_sign_in_shows_the_home_page_with_the_users_unit(client, anhoa):
    response = client.post(reverse("login"), {"username": "anhoa", "password": DEMO_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "Công an phường An Hòa" in response.text
    assert AuditEntry.objects.filter(action="login", actor=anhoa).exists()


def test_home_page_is_vietnamese_by_default_and_english_on_request(client_for, anhoa):
    client = client_for(anhoa)
    assert "Đơn vị của bạn" in client.get("/").text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Your unit" in client.get("/").text


def test_repeated_failures_lock_the_login(client, anhoa):
    for _ in range(5):
        client.post(reverse("login"), {"username": "anhoa", "password": "wrong-password"})
    locked = client.post(reverse("login"), {"username": "anhoa", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert AuditEntry.objects.filter(action="login_failed").count() >= 5


def test_every_demo_user_belongs_to_a_unit(db):
    assert not User.objects.filter(unit__isnull=True).exists()


def test_the_browsers_language_does_not_switch_the_interface(client_for, anhoa):
    client = client_for(anhoa)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đơn vị của bạn" in page.text
    assert page["Content-Language"] == "vi"


def test_names_are_shown_family_name_first(client_for, anhoa):
    assert anhoa.get_full_name() == "Nguyễn Thị Hòa"
    assert "Xin chào, Nguyễn Thị Hòa" in client_for(anhoa).get("/").text

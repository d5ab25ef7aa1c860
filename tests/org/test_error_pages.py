"""Error pages in the site's layout and in Vietnamese: 400, 403, 404, 405, 500."""

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import bad_request, server_error


def _in_layout(html: str) -> bool:
    return '<html lang="vi">' in html and 'class="brand"' in html and "Quay lại trang chủ" in html


def test_404_403_405_are_pages_of_the_site(client_for, anhoa, kiemtra):
    client = client_for(anhoa)
    missing = client.get("/registry/people/987654321/")
    assert missing.status_code == 404 and _in_layout(missing.content.decode())
    refused = client_for(kiemtra).get(reverse("registry:search"))
    assert refused.status_code == 403 and _in_layout(refused.content.decode())
    client = client_for(anhoa)
    wrong_method = client.get(reverse("dataquality:decide", args=[1]))
    html = wrong_method.content.decode()
    assert wrong_method.status_code == 405 and wrong_method["Allow"] == "POST"
    assert _in_layout(html) and "Không thực hiện được thao tác này tại đây" in html


def test_the_api_keeps_its_own_405(client_for, anhoa):
    response = client_for(anhoa).delete("/api/registry/people/1")
    assert response.status_code in (404, 405) and b"<html" not in response.content


def test_a_bad_host_gets_the_400_page(db):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="bad host name")
    html = response.content.decode()
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in html and 'class="brand"' in html


def test_the_500_page_renders_in_the_layout_without_a_request_context(db):
    request = RequestFactory().get("/")
    for view, text in ((server_error, "Lỗi máy chủ"), (bad_request, "Yêu cầu không hợp lệ")):
        response = view(request) if view is server_error else view(request, Exception())
        html = response.content.decode()
        assert text in html and 'class="brand"' in html, view

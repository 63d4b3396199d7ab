"""Vietnamese error pages with the site's navigation, and a refused form that goes back to its page."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_404_is_vietnamese_with_navigation(client):
    response = client.get("/khong-co-trang-nay/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert 'href="/san-pham/"' in html and 'class="site-header"' in html
    assert "Not Found" not in html


def test_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Hệ thống gặp sự cố" in html and 'class="site-header"' in html


def test_csrf_failure_after_a_login_elsewhere_returns_to_the_form_with_a_message(producer_user):
    browser = Client(enforce_csrf_checks=True)
    form_page = "http://testserver" + reverse("login")
    browser.get(reverse("login"))

    response = browser.post(reverse("login"), {"username": producer_user.email, "password": "x"},
                            HTTP_REFERER=form_page)
    followed = browser.get(response["Location"])

    assert (response.status_code, response["Location"]) == (302, form_page)
    assert "Biểu mẫu chưa được gửi: phiên làm việc đã thay đổi" in followed.content.decode()


def test_csrf_failure_from_elsewhere_is_a_vietnamese_403():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("login"), {"username": "a@b.vn"}, HTTP_REFERER="https://evil.example/")

    assert response.status_code == 403
    assert "Biểu mẫu chưa được gửi" in response.content.decode()
    assert "CSRF verification failed" not in response.content.decode()


@override_settings(DEBUG=False)
def test_400_page_is_vietnamese(client):
    response = client.get("/", HTTP_HOST="not-allowed.example")

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()

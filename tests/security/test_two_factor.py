"""Optional two-step sign-in for the secretariat and administrators (issue 11, django-otp time-based codes):
turning it on needs a right code; afterwards the password alone reaches nothing but the code page (pages, the
admin, the API); wrong and malformed codes are refused in Vietnamese and throttled; turning it off needs a code."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from catalog import enums
from tests.factories import ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-an-toan-123"


def _later(device):
    """Time passes: the codes of the steps already used may be used again by a later sign-in."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_timestamp=None,
                                                     throttling_failure_count=0)


def _code(device, offset=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def secretary(db):
    return UserFactory(email="thu-ky-2fa@example.vn", role=enums.Role.SECRETARIAT,
                       scope_level=enums.ScopeLevel.PROVINCE, scope_province=ProvinceFactory())


def _sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _turn_on(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200 and page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["key"].replace(" ", "") in device.config_url
    response = client.post(reverse("two_factor_setup"), {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return device


def test_turning_on_needs_a_right_code(client, secretary):
    client.force_login(secretary)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=secretary)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor_setup"), {"code": wrong})
    assert response.status_code == 400
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    assert TOTPDevice.objects.get(user=secretary).confirmed is False
    # Reloading keeps the key the app may already hold (one device being set up).
    client.get(reverse("two_factor_setup"))
    assert TOTPDevice.objects.filter(user=secretary).count() == 1


def test_password_alone_reaches_only_the_code_page(client, secretary):
    device = _turn_on(client, secretary)
    rounds = reverse("scoring:round_list")

    _sign_in(client, secretary)
    page = client.get(rounds)
    assert page.status_code == 302
    assert page["Location"] == f"{reverse('two_factor_verify')}?next=%2Fbinh-chon%2Fthu-ky%2Fdot%2F"
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/v1/secretariat/rounds/")
    assert api.status_code == 403 and api.json() == {"detail": "Hãy nhập mã xác thực hai bước trước."}
    assert client.get(reverse("two_factor_verify")).status_code == 200

    # The code used to turn it on is spent: a sign-in in the same 30 seconds takes the next one (tolerance 1).
    device.refresh_from_db()
    spent = _code(device, offset=device.last_t - int((time.time() - device.t0) // device.step))
    assert client.post(reverse("two_factor_verify"), {"code": spent, "next": rounds}).status_code == 400
    _later(device)
    response = client.post(reverse("two_factor_verify"), {"code": _code(device), "next": rounds})
    assert response.status_code == 302 and response["Location"] == rounds
    assert client.get(rounds).status_code == 200  # verified for the rest of the session


def test_an_account_without_it_signs_in_with_the_password(client, secretary):
    _sign_in(client, secretary)
    assert client.get(reverse("scoring:round_list")).status_code == 200
    assert client.get(reverse("two_factor_verify")).status_code == 302  # nothing to ask


@pytest.mark.parametrize("typed, message", [
    ("", "Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."),
    ("12ab56", "Mã gồm đúng 6 chữ số, ví dụ 123456."),
    ("１２３４５６", "Mã gồm đúng 6 chữ số, ví dụ 123456."),
    ("1234567", "Mã gồm đúng 6 chữ số, ví dụ 123456."),
])
def test_malformed_codes_are_refused_in_vietnamese(client, secretary, typed, message):
    _turn_on(client, secretary)
    _sign_in(client, secretary)
    response = client.post(reverse("two_factor_verify"), {"code": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get(reverse("scoring:round_list")).status_code == 302


def test_wrong_codes_are_throttled_then_a_right_code_waits(client, secretary):
    device = _turn_on(client, secretary)
    _sign_in(client, secretary)
    wrong = f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"
    first = client.post(reverse("two_factor_verify"), {"code": wrong})
    assert "Mã không đúng hoặc đã hết hạn" in first.content.decode()
    # After a failure django-otp makes the next try wait: even the right code is refused at once.
    second = client.post(reverse("two_factor_verify"), {"code": _code(device, offset=1)})
    assert second.status_code == 400
    assert "Đã nhập sai nhiều lần; hãy đợi một lát rồi nhập mã mới." in second.content.decode()
    assert client.get(reverse("scoring:round_list")).status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    assert client.post(reverse("two_factor_verify"), {"code": _code(device, offset=1)}).status_code == 302


def test_a_code_is_good_once(client, secretary):
    device = _turn_on(client, secretary)
    code = _code(device, offset=1)  # the next step's code, not the one used to turn it on
    _sign_in(client, secretary)
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    client.logout()
    _sign_in(client, secretary)
    again = client.post(reverse("two_factor_verify"), {"code": code})
    assert again.status_code == 400


def test_turning_off_needs_a_code(client, secretary):
    device = _turn_on(client, secretary)
    _sign_in(client, secretary)
    assert client.post(reverse("two_factor_verify"), {"code": _code(device, offset=1)}).status_code == 302
    page = client.get(reverse("two_factor_setup"))
    assert page.context["enabled"] is True
    assert 'data-confirm="Tắt xác thực hai bước: từ lần đăng nhập sau' in page.content.decode()
    _later(device)
    wrong = f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"
    refused = client.post(reverse("two_factor_setup"), {"code": wrong})
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user=secretary, confirmed=True).exists()
    _later(device)
    assert client.post(reverse("two_factor_setup"), {"code": _code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=secretary).exists()
    client.logout()
    _sign_in(client, secretary)
    assert client.get(reverse("scoring:round_list")).status_code == 200


def test_offered_to_secretariat_and_administrators_only(client, secretary, producer_user, judge, admin_user):
    for user in (secretary, admin_user):  # positive controls
        client.force_login(user)
        assert client.get(reverse("two_factor_setup")).status_code == 200
    for user in (producer_user, judge):
        client.force_login(user)
        assert client.get(reverse("two_factor_setup")).status_code == 404
    assert not TOTPDevice.objects.filter(user__in=[producer_user, judge]).exists()


def test_odd_next_addresses_go_home_and_a_post_before_the_page_stores_nothing(client, secretary):
    device = _turn_on(client, secretary)
    _sign_in(client, secretary)
    _later(device)
    for target in ("abc", "//elsewhere.example/x", "https://elsewhere.example/", "javascript:alert(1)"):
        response = client.post(reverse("two_factor_verify"), {"code": "12ab56", "next": target})
        assert response.status_code == 400  # a malformed code: the page again, never a server error
    done = client.post(reverse("two_factor_verify"), {"code": _code(device), "next": "abc"})
    assert done.status_code == 302 and done["Location"] == "/"

    other = UserFactory(email="thu-ky-khac@example.vn", role=enums.Role.SECRETARIAT,
                        scope_level=enums.ScopeLevel.PROVINCE, scope_province=ProvinceFactory())
    client.force_login(other)
    refused = client.post(reverse("two_factor_setup"), {"code": "123456"})
    assert refused.status_code == 302 and not TOTPDevice.objects.filter(user=other).exists()
    shown = client.get(refused["Location"])  # the page, with why, and now the QR code's device
    assert "Hãy mở lại trang để lấy mã QR trước khi nhập mã." in shown.content.decode()
    assert TOTPDevice.objects.filter(user=other, confirmed=False).count() == 1

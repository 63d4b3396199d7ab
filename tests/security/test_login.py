"""Login throttling (django-axes) on the site and the admin, neutral answers and equal-cost refusals."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "Gom-Bat-Trang-2025"
ATTEMPTS = 30


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast, as in the rest of the suite) that counts every hash computed: the cost of a login answer."""

    algorithm = "counting_md5"
    computed = 0

    def encode(self, password, salt):
        CountingHasher.computed += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.security.test_login.CountingHasher"]
    CountingHasher.computed = 0
    return CountingHasher


def _account(**kwargs):
    user = UserFactory(email=kwargs.pop("email", "thu-ky@example.vn"), **kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.parametrize(("url_name", "is_staff", "landing"), [
    ("login", False, "/co-so/"),
    ("admin:login", True, "/quan-tri/"),
], ids=["site", "admin"])
def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_then_fails(db, url_name, is_staff, landing):
    user = _account(is_staff=is_staff, is_superuser=is_staff)
    client = Client()
    url = reverse(url_name)

    statuses = [client.post(url, {"username": user.email, "password": f"sai-{n}"}).status_code
                for n in range(ATTEMPTS)]
    right = client.post(url, {"username": user.email, "password": PASSWORD})

    assert statuses[:4] == [200] * 4  # the form answers "wrong password"; the fifth locks
    assert set(statuses[4:]) == {429}
    assert right.status_code == 429
    assert "Tạm khoá đăng nhập" in right.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_a_few_wrong_passwords_then_the_right_one_signs_in(db, url_name):
    user = _account(is_staff=True, is_superuser=True)
    client = Client()
    url = reverse(url_name)

    for n in range(4):
        client.post(url, {"username": user.email, "password": f"sai-{n}"})
    right = client.post(url, {"username": user.email, "password": PASSWORD})

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_refusals_cost_the_same_for_unknown_active_and_inactive_accounts(db, counting_hasher):
    _account(email="hoat-dong@example.vn")
    _account(email="chua-kich-hoat@example.vn", is_active=False)
    costs = {}
    for case, email in {"unknown": "khong-co@example.vn", "active": "hoat-dong@example.vn",
                        "inactive": "chua-kich-hoat@example.vn"}.items():
        counting_hasher.computed = 0
        response = Client().post(reverse("login"), {"username": email, "password": "sai-mat-khau"})
        assert response.status_code == 200
        assert "E-mail hoặc mật khẩu không đúng." in response.content.decode()
        costs[case] = counting_hasher.computed

    assert costs["unknown"] == costs["active"] == costs["inactive"] >= 1

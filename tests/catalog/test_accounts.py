"""Sign-up with e-mail confirmation, login by e-mail, logout and password reset."""

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from catalog.models import User
from catalog.tokens import AccountActivationTokenGenerator
from tests.factories import UserFactory

PASSWORD = "Gom-men-lam-2025!"  # noqa: S105


class _LabelCheck(HTMLParser):
    def __init__(self):
        super().__init__()
        self.input_ids, self.label_targets, self.unnamed = [], set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit", "button"}:
            if attrs.get("id"):
                self.input_ids.append(attrs["id"])
            else:
                self.unnamed += 1


def unlabelled_inputs(html: str) -> list[str]:
    """Ids of visible form controls that no <label for> points to (an input without id counts as '?')."""
    check = _LabelCheck()
    check.feed(html)
    return [i for i in check.input_ids if i not in check.label_targets] + ["?"] * check.unnamed


def signup_data(**overrides):
    return {"email": "Moi.Dang.Ky@Example.vn", "full_name": "Phạm Thị Dung", "phone": "0912 345 678",
            "password1": PASSWORD, "password2": PASSWORD, **overrides}


def activation_path(body: str) -> str:
    return re.search(r"http://[^/\s]+(/tai-khoan/kich-hoat/\S+/)", body).group(1)


def test_signup_creates_inactive_producer_and_sends_one_email(client, db, mailoutbox, after_commit):
    with after_commit(execute=True):
        response = client.post(reverse("signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("signup_done")
    user = User.objects.get()
    assert (user.email, user.full_name, user.role, user.is_active) == (
        "moi.dang.ky@example.vn", "Phạm Thị Dung", "producer", False)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["moi.dang.ky@example.vn"]
    assert mailoutbox[0].subject == "Xác nhận tài khoản CNNT tiêu biểu"


def test_signup_link_activates_and_logs_in(client, db, mailoutbox, after_commit):
    with after_commit(execute=True):
        client.post(reverse("signup"), signup_data())

    response = client.get(activation_path(mailoutbox[0].body))

    user = User.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("catalog:dashboard")
    assert user.is_active is True
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get(reverse("catalog:dashboard")).status_code == 200


def test_signup_link_works_only_once(client, db, mailoutbox, after_commit):
    with after_commit(execute=True):
        client.post(reverse("signup"), signup_data())
    path = activation_path(mailoutbox[0].body)
    client.get(path)
    client.post(reverse("logout"))

    response = client.get(path)

    assert response.status_code == 400
    assert "Tài khoản này đã được kích hoạt." in response.content.decode()


def test_signup_tampered_link_fails_clearly(client, db, mailoutbox, after_commit):
    with after_commit(execute=True):
        client.post(reverse("signup"), signup_data())
    path = activation_path(mailoutbox[0].body)
    tampered = path[:-3] + ("x" if path[-3] != "x" else "y") + path[-2:]

    response = client.get(tampered)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Liên kết xác nhận không hợp lệ hoặc đã hết hạn." in page
    assert 'action="/tai-khoan/kich-hoat/gui-lai/"' in page
    assert User.objects.get().is_active is False
    assert SESSION_KEY not in client.session


def test_signup_expired_link_fails_and_offers_resend(client, db, mailoutbox):
    user = UserFactory(email="cham@example.vn", is_active=False)

    class FourDaysAgo(AccountActivationTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(days=4)

    old_token = FourDaysAgo().make_token(user)
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))

    response = client.get(reverse("activate", kwargs={"uidb64": uidb64, "token": old_token}))

    assert response.status_code == 400
    assert 'value="cham@example.vn"' in response.content.decode()
    user.refresh_from_db()
    assert user.is_active is False


def test_resend_activation_sends_a_working_link(client, db, mailoutbox, after_commit):
    UserFactory(email="cham@example.vn", is_active=False)

    with after_commit(execute=True):
        response = client.post(reverse("resend_activation"), {"email": "CHAM@example.vn"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert client.get(activation_path(mailoutbox[0].body)).status_code == 302
    assert User.objects.get(email="cham@example.vn").is_active is True


def test_resend_activation_for_unknown_email_sends_nothing(client, db, mailoutbox):
    response = client.post(reverse("resend_activation"), {"email": "khong-co@example.vn"})

    assert response.status_code == 302
    assert mailoutbox == []


def test_signup_duplicate_email_answers_as_a_new_signup_and_tells_the_owner(client, producer_user, mailoutbox,
                                                                            after_commit):
    # The page must not say which addresses have accounts: same redirect as a new sign-up, case-insensitively.
    with after_commit(execute=True):
        response = client.post(reverse("signup"), signup_data(email="NHA-SAN-XUAT@example.vn"))
        new = client.post(reverse("signup"), signup_data(email="moi@example.vn"))

    assert response.status_code == new.status_code == 302
    assert response.url == new.url == reverse("signup_done")
    assert User.objects.filter(email__iexact="nha-san-xuat@example.vn").count() == 1
    assert [m.to for m in mailoutbox] == [["nha-san-xuat@example.vn"], ["moi@example.vn"]]
    assert mailoutbox[0].subject == "Có người đăng ký bằng e-mail của bạn"
    assert "/tai-khoan/quen-mat-khau/" in mailoutbox[0].body


def test_signup_weak_password_refused_in_vietnamese(client, db, mailoutbox):
    response = client.post(reverse("signup"), signup_data(password1="123", password2="123"))

    assert response.status_code == 200
    # Django's own Vietnamese catalogue (its "too short" text is still English in 5.2, so not asserted here).
    assert list(response.context["form"].errors["password2"])[1:] == ["Mật khẩu này quá phổ biến.",
                                                                "Mật khẩu này hoàn toàn là số."]
    assert User.objects.count() == 0
    assert mailoutbox == []


def test_signup_page_is_vietnamese_and_labelled(client, db):
    response = client.get(reverse("signup"))

    page = response.content.decode()
    assert "<h1>Đăng ký tài khoản</h1>" in page
    assert unlabelled_inputs(page) == []


def test_login_by_email_any_case(client, producer_user):
    response = client.post(reverse("login"), {"username": "Nha-San-Xuat@Example.VN",
                                              "password": "mat-khau-an-toan-123"})

    assert response.status_code == 302
    assert response.url == reverse("catalog:dashboard")
    assert client.session[SESSION_KEY] == str(producer_user.pk)


def test_login_wrong_password_shows_message(client, producer_user):
    response = client.post(reverse("login"), {"username": producer_user.email, "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["E-mail hoặc mật khẩu không đúng."]
    assert SESSION_KEY not in client.session


def test_login_unconfirmed_account_says_so(client, db):
    UserFactory(email="chua-xac-nhan@example.vn", is_active=False)

    response = client.post(reverse("login"), {"username": "chua-xac-nhan@example.vn",
                                              "password": "mat-khau-an-toan-123"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Tài khoản chưa được kích hoạt. Hãy mở liên kết xác nhận trong e-mail chúng tôi đã gửi, "
        "hoặc yêu cầu gửi lại liên kết."]


def test_login_page_is_vietnamese_and_labelled(client, db):
    response = client.get(reverse("login"))

    page = response.content.decode()
    assert "<h1>Đăng nhập</h1>" in page
    assert '<label for="id_username">E-mail' in page
    assert unlabelled_inputs(page) == []


def test_logout_by_post(client, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_password_reset_sends_email_with_working_link(client, producer_user, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nha-san-xuat@example.vn"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nha-san-xuat@example.vn"]
    assert mailoutbox[0].subject == "Đặt lại mật khẩu tài khoản CNNT tiêu biểu"
    path = re.search(r"http://[^/\s]+(/tai-khoan/dat-lai-mat-khau/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(path, follow=True)
    assert "<h1>Đặt mật khẩu mới</h1>" in form_page.content.decode()
    assert unlabelled_inputs(form_page.content.decode()) == []
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    producer_user.refresh_from_db()
    assert producer_user.check_password(PASSWORD) is True


@pytest.mark.parametrize("name", ["password_reset", "resend_activation"])
def test_account_forms_are_labelled(client, db, name):
    assert unlabelled_inputs(client.get(reverse(name)).content.decode()) == []

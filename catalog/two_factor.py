"""Optional two-step sign-in for the secretariat and administrators (django-otp, time-based codes of an
authenticator app, RFC 6238).

An account that has turned it on signs in with its password, then with the six-digit code its app shows. Until the
code is given, the session is signed in but not verified: `TwoFactorMiddleware` (catalog.middleware) sends every
page but this one and signing out to the code page. Whether the account needs a code is decided once, when the
password is accepted (`user_logged_in`), and kept in the session, so no other request pays a query for it.
Wrong codes are throttled by django-otp itself (each failure doubles the wait); django-axes already throttles
the password step.
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

# Session key: the signed-in account has a confirmed device and has not yet given a code in this session.
PENDING = "two_factor_pending"


def may_use(user) -> bool:
    """Two-step sign-in is offered to the accounts that decide (secretariat) and administer."""
    return user.is_authenticated and (user.is_secretariat or user.is_administrator)


@receiver(user_logged_in)
def _mark_pending(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if may_use(user) and user_has_device(user, confirmed=True):
            request.session[PENDING] = True
        else:
            request.session.pop(PENDING, None)


def is_pending(request) -> bool:
    # Without a session cookie there is no sign-in to finish; not touching the session then keeps anonymous
    # pages free of `Vary: Cookie` (the public catalogue's caching depends on it).
    if not hasattr(request, "session") or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return bool(request.session.get(PENDING))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": gettext_lazy("Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực.")},
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Mã gồm đúng 6 chữ số, ví dụ 123456."))
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Đã nhập sai nhiều lần; hãy đợi một lát rồi nhập mã mới."))
        # verify_token records the failure (throttling) or the success (the code cannot be used twice).
        with transaction.atomic():
            accepted = self.device.verify_token(code)
        if not accepted:
            raise forms.ValidationError(_("Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng."))
        return code


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _safe_next(request) -> str:
    """Where to go after the code: a path of this site only (anything else, and any typed oddity, goes home)."""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def verify(request):
    """The second step of signing in: the code of the account's app."""
    device = _confirmed_device(request.user)
    if device is None:  # turned off (e.g. by an administrator) since the password step: nothing to ask
        request.session.pop(PENDING, None)
    if device is None or not is_pending(request):
        return HttpResponseRedirect(_safe_next(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        request.session.pop(PENDING, None)
        request.session.cycle_key()  # a new session id once the second step is passed
        return HttpResponseRedirect(_safe_next(request))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _safe_next(request)},
                  status=400 if request.method == "POST" else 200)


def _qr_svg(device: TOTPDevice) -> str:
    # config_url is the otpauth:// address apps scan (issuer from settings.OTP_TOTP_ISSUER).
    return segno.make(device.config_url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def _grouped_key(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


@login_required
def setup(request):
    """Turn two-step sign-in on (scan, then prove with one code) or off (with a current code)."""
    if not may_use(request.user):
        raise Http404
    confirmed = _confirmed_device(request.user)
    if confirmed is not None:
        form = CodeForm(request.POST or None, device=confirmed)
        if request.method == "POST" and form.is_valid():
            TOTPDevice.objects.filter(user=request.user).delete()
            request.session.pop(PENDING, None)
            messages.success(request, _("Đã tắt xác thực hai bước. Lần đăng nhập sau chỉ cần mật khẩu."))
            return redirect("two_factor_setup")
        return render(request, "registration/two_factor_setup.html", {"enabled": True, "form": form},
                      status=400 if request.method == "POST" else 200)
    # One device being set up per account, made when the page is shown: reloading keeps the key the app may
    # already have scanned, and a refused POST stores nothing.
    if request.method == "POST":
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            messages.error(request, _("Hãy mở lại trang để lấy mã QR trước khi nhập mã."))
            return redirect("two_factor_setup")
    else:
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": _("Ứng dụng xác thực")})
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)  # this session has just proven the code
        messages.success(request, _("Đã bật xác thực hai bước. Từ lần đăng nhập sau, hãy nhập mã trong ứng dụng "
                                    "sau khi nhập mật khẩu."))
        return redirect("two_factor_setup")
    return render(request, "registration/two_factor_setup.html", {
        "enabled": False, "form": form, "qr": _qr_svg(device), "key": _grouped_key(device),
    }, status=400 if request.method == "POST" else 200)

"""What a person sees when a request fails before any page could answer it (see settings.CSRF_FAILURE_VIEW).

The 400/403/404/500 pages are plain templates (templates/400.html ...), found by Django's default handlers.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def csrf_failure(request, reason=""):
    """A form sent with a security token that no longer matches the session.

    The usual cause is harmless: the person signed in or out in another tab after the form was loaded. Instead
    of a bare 403 they go back to the page the form was on (a same-site address only), which now carries a
    fresh token, with a message saying the form was not sent. Nothing was done with the refused request.
    """
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())
    if request.method == "POST" and same_site and not request.path.startswith("/api/"):
        messages.warning(request, _("Biểu mẫu chưa được gửi: phiên làm việc đã thay đổi (có thể bạn vừa đăng nhập "
                                    "hoặc đăng xuất ở một thẻ khác). Hãy kiểm tra lại rồi gửi lại."))
        return redirect(referer)
    return render(request, "403_csrf.html", status=403)

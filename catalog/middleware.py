from django.conf import settings
from django.http import Http404, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def offered(language: str | None) -> bool:
    """A language the site offers (settings.LANGUAGES): the switcher's links and the cookie it sets."""
    return language in dict(settings.LANGUAGES)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose English with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC with an English
    Windows would get English pages nobody asked for. Only the language cookie set by the switcher counts.
    The API (/api/) is the exception: other systems ask for their language with Accept-Language.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if offered(chosen) else settings.LANGUAGE_CODE
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RefuseBadInputMiddleware:
    """Input no database can take is refused here, once for every view.

    - A NUL character anywhere in the address, the query string or a form: 400. PostgreSQL cannot store or even
      compare text containing NUL (the driver raises, a 500), and no person types one. Django's form fields
      already refuse it (ProhibitNullCharactersValidator), but query parameters and values read straight from
      request.GET/POST reach queries unchecked.
    - An id in the address (an `<int:...>` part) past the 64-bit range of every primary key: 404, as for any
      id that names nothing. SQLite cannot even bind such a number (OverflowError, a 500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(isinstance(value, int) and not -DB_INT_MAX <= value <= DB_INT_MAX
               for value in [*view_args, *view_kwargs.values()]):
            raise Http404


DB_INT_MAX = 2**63 - 1


class MethodNotAllowedPageMiddleware:
    """A 405 (a GET to a form's action, a POST to a page) gets the same Vietnamese error page as the other 4xx.

    Django's require_POST/require_http_methods answer with an empty body, which the browser shows as a blank
    page. The Allow header is kept; the API's own 405s carry a JSON body and are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            page = render(request, "405.html", status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    data = [request.GET]
    if request.method == "POST" and request.content_type in {"application/x-www-form-urlencoded",
                                                              "multipart/form-data"}:
        data.append(request.POST)
    return any("\x00" in key or any("\x00" in value for value in values)
               for query in data for key, values in query.lists())


class RefuseOversizedBodyMiddleware:
    """A request whose declared length is past the largest upload we accept is refused (413) before its body is
    read. Django's own DATA_UPLOAD_MAX_MEMORY_SIZE ignores files, so a 1 GB "photo" would otherwise be
    streamed to a temporary file before the form refuses it. The reverse proxy should refuse it earlier still
    (README, deployment)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_BYTES and length > _large_body_limit(request):
            return render(request, "413.html", status=413)
        return self.get_response(request)


def _large_body_limit(request) -> int:
    """The few forms that take files past the general limit (artisan video evidence) name their own."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return 0
    return settings.REQUEST_BODY_LARGE_VIEWS.get(match.view_name, 0)


class PrivateNoStoreMiddleware:
    """Pages for a signed-in person, and every file we hand out (PDFs, spreadsheets), are kept by no cache:
    `Cache-Control: private, no-store`. A shared office PC's browser or a proxy would otherwise keep a score
    sheet or a producer's documents after the person signed out. Public pages keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Without a session cookie nobody is signed in; not touching the session keeps public pages from
        # varying on the cookie.
        user = getattr(request, "user", None)
        signed_in = (settings.SESSION_COOKIE_NAME in request.COOKIES and user is not None
                     and user.is_authenticated)
        if signed_in or response.has_header("Content-Disposition"):
            response["Cache-Control"] = "private, no-store"
        return response


class TwoFactorMiddleware:
    """An account with two-step sign-in that has given its password but not yet its code reaches only the code
    page and signing out (catalog.two_factor); the API answers 403 to such a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import two_factor  # imports django_otp's models: only once the apps are loaded (a module lookup after)

        if two_factor.is_pending(request) and request.user.is_authenticated:
            allowed = (reverse("two_factor_verify"), reverse("logout"), settings.STATIC_URL, "/i18n/")
            if not request.path.startswith(allowed):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Hãy nhập mã xác thực hai bước trước.")}, status=403)
                return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

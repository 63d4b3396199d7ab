"""What every app's API shares: errors as field-by-field JSON, pagination, throttles, and the bridge from the
services' exceptions to HTTP.

The services raise Django's ValidationError with a message a person can act on (Vietnamese source, English
when the client sends Accept-Language: en); here it becomes a 400 whose body names each field, the shape DRF
gives its own serializer errors, so a client reads one format. Http404 and PermissionDenied keep their codes.
A bad request never reaches the server-error path.
"""

import math

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, throttling
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.settings import api_settings


def validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as {field: [messages]}; messages without a field under non_field_errors."""
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): [str(m) for m in errors]
            for field, errors in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    # Imported here: rest_framework.views reads the throttle and pagination settings, which name this module,
    # while it loads; a module-level import makes the two wait for each other when the settings load first.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(validation_detail(exc))
    response = drf_exception_handler(exc, context)
    if isinstance(exc, Throttled) and response is not None:  # DRF has no Vietnamese for this one
        response.data = {"detail": _("Quá nhiều yêu cầu; hãy thử lại sau %(seconds)d giây.")
                         % {"seconds": math.ceil(exc.wait or 1)}}
    return response


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = _("Trang không hợp lệ.")


class _RatesFromSettings:
    """DRF's throttles copy the rates when the class is defined; these read them on each request, so settings
    (and tests) can change them."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    pass


class UserThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    pass

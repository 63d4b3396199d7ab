"""Role checks for whole work areas. Each answers 404 to other roles, as for anything outside their reach.

The object-level questions (which producer, which round) are the access funnels in each app's permissions.py.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def _role_required(allowed):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Self-service pages for producer accounts.
producer_required = _role_required(lambda user: user.is_producer)
# Secretariat work pages (administrators too).
secretariat_required = _role_required(lambda user: user.is_secretariat or user.is_administrator)
# The jury's queue and score sheets.
jury_required = _role_required(lambda user: user.is_jury)

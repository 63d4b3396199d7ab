"""Cached fragments of public pages, invalidated by one version number.

Every cached fragment's key carries the current version; bumping the version (a certificate, product,
producer or photo saved or deleted, see `catalog.apps`) makes every old fragment unreachable at once, with no
list of keys to track. The date is in the key too: validity ("current" or "historical") changes at midnight.

With Redis (REDIS_URL) every process shares the version, so a change shows on the next request. With the
default per-process locmem cache another process only learns of a change when its fragments expire, hence
the short PUBLIC_CACHE_SECONDS: run several processes with Redis.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

VERSION_KEY = "public:version"


def _fresh_version() -> int:
    # From the clock, not 1: if the key is evicted, a restart at 1 could meet fragments stored under 1 before.
    return int(time.time() * 1000)


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        current = cache.get(VERSION_KEY) or _fresh_version()
    return current


def bump_version(**_signal_kwargs) -> None:
    """Invalidate every cached public fragment once the current transaction commits.

    A signal receiver, and callable from writers that use queryset.update(), which sends no signal. After
    the commit, not at once: a page rendered between the bump and the commit would otherwise be cached with
    the old data under the new version. Publishing a results decision creates its certificates (a signal)
    and then sets published_on with update() in the same transaction, so the one bump at commit covers both.
    """
    transaction.on_commit(_bump_now)


def _bump_now() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new number differs from what fragments were keyed with
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def fragment(name: str, parts: tuple, render: Callable[[], str]) -> str:
    """The cached HTML (or any text) for `name` and `parts`, rendered by `render()` on a miss."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    key = f"public:{version()}:{translation.get_language()}:{timezone.localdate().isoformat()}:{name}:{digest}"
    text = cache.get(key)
    if text is None:
        text = render()
        cache.set(key, text, timeout=settings.PUBLIC_CACHE_SECONDS)
    return text

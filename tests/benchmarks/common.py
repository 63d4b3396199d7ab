"""What every benchmark script shares: where it runs (the machine line of a results table) and a throwaway
database of either kind for one run."""

import contextlib
import os
import platform
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

# Taken when the script starts, before it loads the machine itself: other work on the same cores shows here.
LOAD_AT_START = os.getloadavg()[0]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory_gb = int(memory.split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        memory_gb = 0
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPU, {memory_gb:.0f} GB RAM"


def load_line() -> str:
    """How busy the machine was when the run started (the 1-minute load average), for the results table."""
    state = ("quiet" if LOAD_AT_START < 0.5 else
             "**not quiet**: other work, or the tail of an earlier run, was on the machine")
    return f"1-minute load average {LOAD_AT_START:.2f} when the run started ({state})"


@contextlib.contextmanager
def throwaway_database(kind: str, folder: Path, *, pg_url: str, prefix: str = "cnnt_bench") -> Iterator[str]:
    """A DATABASE_URL for an empty database: a SQLite file in `folder`, or a PostgreSQL database on the server of
    `pg_url` named after the process, dropped (even with open connections) when the block ends."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import psycopg

    database = f"{prefix}_{os.getpid()}"
    with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database}")
        connection.execute(f"CREATE DATABASE {database}")
    try:
        yield f"{pg_url}/{database}"
    finally:
        with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def session_key_for(user) -> str:
    """A session row signing `user` in, as a login would: for load clients and other processes that share the
    database. The backend recorded is the one that loads users (axes' backend only guards the login form)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    assert session[BACKEND_SESSION_KEY] in settings.AUTHENTICATION_BACKENDS
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def wait_for(url: str, timeout: float = 60) -> None:
    """Until the server at `url` answers 200 (gunicorn imports the project first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")

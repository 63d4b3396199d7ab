"""The embedded default survives several judges saving at once (issue 11): four processes autosave the same
nomination's sheets at the same moment on one SQLite file (WAL, immediate transactions, busy timeout, as
config/settings.py sets them), and none gets "database is locked"; every last value is what is stored; the audit
chain, whose head every writer locks, is intact with one entry per save.

Processes, not threads: the suite's own SQLite test database is in memory, where locking is another mechanism.
The file database is migrated here, so the test takes a minute; it runs in the SQLite pass of `.ci/run`.
"""

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "config" / "sqlite_writers.py"
WRITERS, SAVES = 4, 15

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite",
                                reason="the SQLite writers test runs in the SQLite pass (it makes its own file)")


def _run(env, *args, background=False):
    command = [sys.executable, str(SCRIPT), *map(str, args)]
    if background:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_four_judges_saving_at_once_on_sqlite(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'writers.sqlite3'}", "DJANGO_SETTINGS_MODULE":
           "config.settings", "CONN_MAX_AGE": "0"}
    env.pop("REDIS_URL", None)
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=900)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    made = _run(env, "setup", WRITERS)

    start = time.time() + 8  # every process has imported Django and waits for the same moment
    writers = [_run({**env, "WRITERS_NOMINATION": str(made["nomination"]), "WRITERS_INDEX": str(i)},
                    "write", member, SAVES, start, background=True) for i, member in enumerate(made["members"])]
    results = []
    for process in writers:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))

    assert [r["errors"] for r in results] == [[]] * WRITERS  # no "database is locked", nothing refused
    stored = _run(env, "check")
    expected = {str(member): {code: str(Decimal(v).normalize()) for code, v in result["last"].items()}
                for member, result in zip(made["members"], results, strict=True)}
    assert stored["scores"] == expected
    assert stored["audit"] == [WRITERS * SAVES, None]  # one chained entry per save, chain intact
    assert stored["changes"] > WRITERS * 4  # at least the first save of each writer changed every value

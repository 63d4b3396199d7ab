"""Jury members autosaving at once against gunicorn on PostgreSQL: latency percentiles, errors and lost writes.

A script, not a test (pytest collects only test_*.py); needs the `bench` extra (pip install -e '.[bench]'). It:
  1. creates a throwaway PostgreSQL database cnnt_bench_wtscoring_autosave_<pid> on the server of --pg-url
     (dropped at the end), migrates it and collects the static files into a scratch folder;
  2. makes one round in scoring on the official rubric with --nominations accepted nominations and one jury of
     --members members, each logged in (a session row) and given one nomination to score;
  3. starts gunicorn (config.wsgi, --workers sync workers, DEBUG off) on 127.0.0.1:--port (8310–8319);
  4. runs locust headless (tests/benchmarks/locust_autosave.py): every member opens their sheet, then autosaves
     one changed value a second, each on their own rhythm; statistics count for --seconds from 5 s after every
     member has started (the steady state);
  5. compares, for every member and criterion, the last value the server acknowledged with what the database
     stored (a lost write is any difference), and writes tests/benchmarks/RESULTS-autosave.md.

    .venv/bin/python tests/benchmarks/bench_autosave.py --members 50 --seconds 60
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stress  # noqa: E402  (the folder is not a package)
from common import load_line, session_key_for  # noqa: E402

ROOT = stress.ROOT
BIN = Path(sys.executable).parent
WARM_UP = 5  # seconds, as in locust_autosave.py: statistics start once every member's sheet page is loaded


def seed(members: int, nominations: int) -> list[dict]:
    """The round, its jury and one logged-in session per member; returns the locust plan."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from catalog.enums import Role
    from catalog.models import Producer, Product, Province
    from scoring.models import Criterion, Jury, JuryMember, Nomination, Rubric, SelectionRound

    today = datetime.date.today()
    rubric = Rubric.objects.get(version="1", name__startswith="Phụ lục 4")
    criteria = [[c.code, float(c.max)] for c in Criterion.objects.filter(group__rubric=rubric)]
    province = Province.objects.order_by("pk").first()
    selection_round = SelectionRound.objects.create(
        level="national", title="Chấm thử tải", year=today.year, groups=["1", "2", "3", "4"], rubric=rubric,
        registration_opens=today - datetime.timedelta(days=60), registration_closes=today - datetime.timedelta(days=30),
        scoring_opens=today - datetime.timedelta(days=1), scoring_closes=today + datetime.timedelta(days=10),
        state="scoring")
    jury = Jury.objects.create(round=selection_round, name="Hội đồng thử tải", groups=["1", "2", "3", "4"])
    producer = Producer.objects.create(name="Cơ sở thử tải", tax_code="0999999999", province=province,
                                       address="Thôn Đông", representative="Nguyễn Văn A", phone="0240000000")
    noms = [Nomination.objects.create(round=selection_round, state="accepted", product=Product.objects.create(
        producer=producer, group=str(1 + i % 4), name=f"Sản phẩm thử tải {i}", description="Mô tả."))
        for i in range(nominations)]
    plan = []
    for i in range(members):
        user = get_user_model().objects.create(email=f"bench-member-{i}@example.vn", full_name=f"Giám khảo {i}",
                                               role=Role.JURY)
        JuryMember.objects.create(jury=jury, user=user)
        nomination = noms[i % nominations]
        plan.append({"member": user.pk, "nomination": nomination.pk, "session": session_key_for(user),
                     "sheet_url": reverse("scoring:jury_sheet", args=[nomination.pk]),
                     "autosave_url": reverse("scoring:jury_autosave", args=[nomination.pk]), "criteria": criteria})
    return plan


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on {port}")


def stored_values(plan) -> dict[str, dict[str, str]]:
    from scoring.models import Score

    wanted = {(p["member"], p["nomination"]): str(i) for i, p in enumerate(plan)}
    stored: dict[str, dict[str, str]] = {str(i): {} for i in range(len(plan))}
    for member, nomination, code, value in Score.objects.filter(value__isnull=False).values_list(
            "sheet__member_id", "sheet__nomination_id", "criterion__code", "value"):
        index = wanted.get((member, nomination))
        if index is not None:
            stored[index][code] = format(value.normalize(), "f")
    return stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--nominations", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8310)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--output", default=str(ROOT / "tests/benchmarks/RESULTS-autosave.md"))
    args = parser.parse_args()
    if not 8310 <= args.port <= 8319:
        parser.error("use a port from 8310 to 8319")

    name = f"cnnt_bench_wtscoring_autosave_{os.getpid()}"
    url = f"{args.pg_url.rstrip('/')}/{name}"
    stress.psql(args.pg_url, f"CREATE DATABASE {name}")
    scratch = tempfile.TemporaryDirectory(prefix="cnnt-bench-autosave-")
    os.environ["VAR_DIR"] = scratch.name
    # The sessions made here are signed with the key the server will check them with.
    os.environ["SECRET_KEY"] = "bench-autosave-not-secret"
    server = None
    try:
        stress.use_database(url)
        from django.core.management import call_command
        from django.db import connection, connections

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        plan = seed(args.members, args.nominations)
        pg_version = connection.cursor().connection.info.server_version
        connections.close_all()
        plan_file, sent_file = Path(scratch.name) / "plan.json", Path(scratch.name) / "sent.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0",
               "ALLOWED_HOSTS": "127.0.0.1", "AUTOSAVE_PLAN": str(plan_file), "AUTOSAVE_SENT": str(sent_file)}
        server = subprocess.Popen([str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{args.port}",
                                   "--workers", str(args.workers), "--log-level", "warning"], cwd=ROOT, env=env)
        wait_for_port(args.port)
        prefix = Path(scratch.name) / "locust"
        subprocess.run([str(BIN / "locust"), "-f", str(Path(__file__).with_name("locust_autosave.py")),
                        "--headless", "--users", str(args.members), "--spawn-rate", str(args.members),
                        "--run-time", f"{args.seconds + WARM_UP}s", "--host", f"http://127.0.0.1:{args.port}",
                        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
                        # At the end every member finishes the save in flight, so its answer is known.
                        "--stop-timeout", "30"],
                       cwd=ROOT, env=env, check=False)
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}
        save = rows["autosave"]
        sent = json.loads(sent_file.read_text(encoding="utf-8"))
        stored = stored_values(plan)
        lost = sum(1 for i, values in sent.items() for code, value in values.items()
                   if stored[i].get(code) != value)
        acknowledged = sum(len(values) for values in sent.values())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        stress.psql(args.pg_url, f"DROP DATABASE IF EXISTS {name}")
        scratch.cleanup()

    requests, failures = int(save["Request Count"]), int(save["Failure Count"])
    command = (f"tests/benchmarks/bench_autosave.py --members {args.members} --nominations {args.nominations} "
               f"--seconds {args.seconds} --workers {args.workers}")
    text = f"""# Autosave under load: jury members saving at once

Produced by `.venv/bin/python {command}` (needs `pip install -e '.[bench]'`; do not edit by hand, run it again).

- Date: {datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")}
- Machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, PostgreSQL {pg_version};
  {load_line()}. PostgreSQL, gunicorn and locust share the cores.
- Server: gunicorn, {args.workers} sync workers, DEBUG off, loopback, persistent database connections.
- Load: locust headless, {args.members} members, each on their own sheet of one of {args.nominations} nominations,
  one changed value a second (constant pacing, each member on their own rhythm); statistics over {args.seconds} s,
  from {WARM_UP} s after every member had opened their sheet page (the steady state).

| Autosave | Value |
|---|---:|
| Requests | {requests:,} |
| Throughput (saves/s) | {float(save["Requests/s"]):.1f} |
| p50 (ms) | {save["50%"]} |
| p95 (ms) | {save["95%"]} |
| p99 (ms) | {save["99%"]} |
| Max (ms) | {float(save["Max Response Time"]):.0f} |
| Errors | {failures} |
| Lost writes (last acknowledged value of a member's criterion ≠ stored) | {lost} of {acknowledged} |

Targets: p95 ≤ 100 ms, 0 errors, 0 lost writes. Before this change (the issue's measurement, same setup):
p50 2.0 s, p95 2.4 s, the server saturated at 25 saves/s, 32 queries a save with the conflict query 6 times.
Now a save of one value is 10 statements (session, user, the locked sheet with the member's right to judge it,
the rubric's criteria with the sheet's scores, the score, its history row, the audit chain's head, entry and new
head, the sheet's totals), asserted by
`tests/scoring/test_judging_views.py::test_autosave_of_one_value_is_ten_statements_and_one_conflict_check`.
"""
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

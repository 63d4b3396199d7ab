"""The cost of ballot secrecy: every cast rewrites the session's whole ballot box in random order (voting.py).

A script, not a test (pytest collects only test_*.py). For each database it runs itself in a child process that
makes a throwaway database (a SQLite file in a temporary folder; a PostgreSQL database cnnt_bench_wtartisans_<pid>
on --pg-url's server, dropped at the end), migrates it, lists a council of --members members and --candidates
accepted candidates for each size asked, opens a session and times, through the real services:
  - every member casting an online ballot, one after the other (the box grows by one ballot paper each time,
    and each cast rewrites all of it): the first cast, the last cast, and the whole session;
  - the same session's ballots entered at once as paper (one cast_ballots call for every member);
  - closing the session (counting, storing the results, moving every nomination with its history line).
Each statement sent to the database is counted for the last online cast. The table goes to
tests/benchmarks/RESULTS-ballots.md (or --output).

    .venv/bin/python tests/benchmarks/bench_ballots.py --candidates 20,100,300 --databases sqlite,postgres
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def child(sizes: list[int], members: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    call_command("migrate", verbosity=0)
    from awards.artisans import voting
    from awards.artisans.enums import Choice, MemberRole, NominationState
    from awards.artisans.models import ArtisanNomination, ArtisanRound, Council, PolicyVersion
    from catalog import enums
    from catalog.models import Province, User

    today = datetime.date.today()
    admin = User.objects.create_user("bench-admin@example.vn", "x", role=enums.Role.ADMIN, is_superuser=True)
    policy = PolicyVersion.objects.get()
    ha_noi = Province.objects.current().get(code="01")
    rows = []
    for number, size in enumerate(sizes, start=1):
        artisan_round = ArtisanRound.objects.create(
            number=number, title=f"Đợt {number}", award_year=today.year + 1,
            announced_on=datetime.date(today.year + 1, 9, 2), policy=policy,
            submissions_open=today - datetime.timedelta(days=1), submissions_close=today + datetime.timedelta(days=1))
        ArtisanNomination.objects.bulk_create(ArtisanNomination(
            round=artisan_round, full_name=f"Nghệ nhân {i}", province=ha_noi, title_sought="nnut", craft="Gốm sứ",
            state=NominationState.ACCEPTED) for i in range(size))
        council = voting.save_council(council=Council(round=artisan_round, level="provincial", province=ha_noi,
                                                      name=f"Hội đồng {number}"), by=admin)
        roles = [MemberRole.CHAIR] + [MemberRole.MEMBER] * (members - 1)
        seats = [voting.add_member(council=council, role=role, by=admin, user=User.objects.create_user(
            f"m{number}-{i}@example.vn", "x", role=enums.Role.JURY)) for i, role in enumerate(roles)]
        result = {"candidates": size, "members": members, "marks": size * members}
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for mode in ("online", "paper"):
                session = voting.create_session(council=council, held_on=today, by=admin)
                voting.record_attendance(session=session, present=seats, by=admin)
                session = voting.open_voting(session=session, by=admin)
                lines = list(session.candidates.values_list("pk", flat=True))
                started = time.perf_counter()
                if mode == "online":
                    casts = []
                    for index, seat in enumerate(seats):
                        marks = {pk: {Choice.APPROVE: 1} for pk in lines}
                        began = time.perf_counter()
                        if index == len(seats) - 1:
                            with CaptureQueriesContext(connection) as captured:
                                voting.cast_ballots(session=session, voters=[seat], marks=marks, by=seat.user)
                            result["last_cast_queries"] = len(captured.captured_queries)
                        else:
                            voting.cast_ballots(session=session, voters=[seat], marks=marks, by=seat.user)
                        casts.append(time.perf_counter() - began)
                    result.update(first_cast=casts[0], last_cast=casts[-1], online_total=time.perf_counter() - started)
                    began = time.perf_counter()
                    voting.close_session(session=session, by=admin)
                    result["close"] = time.perf_counter() - began
                    # The paper session below votes on the same candidates again.
                    ArtisanNomination.objects.filter(round=artisan_round).update(state=NominationState.ACCEPTED)
                else:
                    voting.cast_ballots(session=session, voters=seats, by=admin,
                                        marks={pk: {Choice.APPROVE: members} for pk in lines})
                    result["paper_total"] = time.perf_counter() - started
                    voting.close_session(session=session, by=admin)
        rows.append(result)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = f"{connection.vendor} {cursor.fetchone()[0]}"
    return {"rows": rows, "version": version}


def run(database: str, sizes: list[int], members: int, pg_url: str) -> tuple[list[dict], str]:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as folder:
        env["VAR_DIR"] = folder
        if database == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
            name = None
        else:
            name = f"cnnt_bench_wtartisans_{os.getpid()}"
            subprocess.run(["psql", pg_url, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
            env["DATABASE_URL"] = f"{pg_url.rsplit('/', 1)[0]}/{name}"
        try:
            output = subprocess.run([sys.executable, __file__, "--child", ",".join(map(str, sizes)),
                                     "--members", str(members)], env=env, check=True, capture_output=True,
                                    text=True).stdout
        finally:
            if name:
                subprocess.run(["psql", pg_url, "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True)
    measured = json.loads(output.strip().splitlines()[-1])
    return measured["rows"], measured["version"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--candidates", default="20,100,300")
    parser.add_argument("--members", type=int, default=11)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--note", default="")
    parser.add_argument("--output", default=str(ROOT / "tests" / "benchmarks" / "RESULTS-ballots.md"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child([int(n) for n in args.child.split(",")], args.members)))
        return
    sizes = [int(n) for n in args.candidates.split(",")]
    lines = ["# Ballot box benchmark", "", "Produced by `tests/benchmarks/bench_ballots.py` (do not edit by hand; "
             "run it again).", "", f"- Date: {datetime.datetime.now():%Y-%m-%d %H:%M} (machine time)",
             f"- Machine: {platform.system()} {platform.release()}, {os.cpu_count()} CPU, Python "
             f"{platform.python_version()}", f"- Command: `{' '.join(sys.argv)}`"]
    if args.note:
        lines.append(f"- Note: {args.note}")
    table = ["", "| database | candidates | members | marks in the box | first cast (s) | last cast (s) | "
             "queries, last cast | all online casts (s) | all as paper, one call (s) | closing (s) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    versions = []
    for database in args.databases.split(","):
        rows, version = run(database, sizes, args.members, args.pg_url)
        versions.append(version)
        for r in rows:
            table.append(f"| {database} | {r['candidates']} | {r['members']} | {r['marks']:,} | "
                         f"{r['first_cast']:.3f} | {r['last_cast']:.3f} | {r['last_cast_queries']} | "
                         f"{r['online_total']:.2f} | {r['paper_total']:.3f} | {r['close']:.2f} |")
    lines.append(f"- Databases: {', '.join(versions)}")
    lines += table
    lines += ["", "Each cast deletes the session's marks and writes them all again in random order, so its cost grows "
              "with the marks already in the box (the last cast of a session writes every mark); a session costs "
              "members × (members + 1) / 2 × candidates row writes. Closing moves every candidate through the "
              "state service (a history line and an e-mail each), which dominates it.", ""]
    Path(args.output).write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""The whole production shape under load: jury members autosaving while visitors browse the uncached catalogue.

A script, not a test (pytest collects only test_*.py); needs the `bench` extra (locust). It:
  1. makes a throwaway PostgreSQL database (dropped at the end), migrates it, collects the static files, builds a
     catalogue of --products recognised products (tests/benchmarks/data.py, as bench_catalogue.py) and a round in
     scoring with one jury of --members members, each signed in and given a sheet (bench_autosave.seed);
  2. starts gunicorn (--workers sync workers, DEBUG off, Redis cache, public caches OFF: PUBLIC_CACHE_SECONDS=0)
     and one task worker (`manage.py db_worker`, the database task backend), as a deployment runs them;
  3. runs locust headless (tests/benchmarks/locust_load.py): --members jury members each autosave one changed
     value a second; --visitors visitors each open a catalogue page (random list page and sort, filter, search
     word or product page: every request a new address), read it 2–8 s, open the next. Response times count for
     --seconds from 5 s after everyone has started;
  4. checks every member's last acknowledged value against the database (lost or duplicated saves) and writes
     tests/benchmarks/RESULTS-load.md.

    .venv/bin/python tests/benchmarks/bench_load.py --products 100000 --members 50 --visitors 200 --seconds 60
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from tests.benchmarks.common import machine, throwaway_database, wait_for  # noqa: E402

BIN = Path(sys.executable).parent
WARM_UP = 5


def populate(products: int, members: int, nominations: int, folder: Path) -> None:
    """Runs inside the prepared environment: the catalogue, the round and the members' signed-in sessions."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from bench_autosave import seed

    from catalog.models import Listing
    from tests.benchmarks.data import build_catalogue

    build_catalogue(products)
    listed = list(Listing.objects.order_by("?").values_list("product_id", flat=True)[:5000])
    (folder / "products").write_text(" ".join(map(str, listed)))
    (folder / "plan.json").write_text(json.dumps(seed(members, nominations)), encoding="utf-8")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (what locust and wrk report): the smallest value with `share` at or below it."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * share // 100) - 1)] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--nominations", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    # Cores + 1: PostgreSQL, the task worker and locust share the 2 cores, and every worker past that only adds
    # contention (measured on 2 cores: sheet save p95 73–97 ms in three runs with 3 workers, 105 ms with 4).
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument("--port", type=int, default=8320)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--populate", nargs=3, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", default=str(HERE / "RESULTS-load.md"))
    args = parser.parse_args()
    if args.populate:
        populate(*args.populate, Path(os.environ["LOAD_FOLDER"]))
        return

    scratch = Path(tempfile.mkdtemp(prefix="cnnt-bench-load-"))
    processes: list[subprocess.Popen] = []
    with throwaway_database("postgres", scratch, pg_url=args.pg_url, prefix="cnnt_bench_load") as url:
        env = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(scratch / "var"), "DEBUG": "0",
               "SECRET_KEY": "benchmark-load-only-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
               "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "ERROR",
               "REDIS_URL": args.redis_url, "REDIS_KEY_PREFIX": f"bench-load-{os.getpid()}",
               "PUBLIC_CACHE_SECONDS": "0", "TASK_BACKEND": "database",
               "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
               "LOAD_FOLDER": str(scratch), "AUTOSAVE_PLAN": str(scratch / "plan.json"),
               "AUTOSAVE_SENT": str(scratch / "sent.json"), "LOAD_PRODUCTS": str(scratch / "products"),
               "LOAD_TIMES": str(scratch / "times.json"), "LOAD_MEMBERS": str(args.members),
               "LOAD_VISITORS": str(args.visitors), "PYTHONPATH": str(HERE)}
        started = time.monotonic()
        for command in (["manage.py", "migrate", "--noinput", "-v", "0"],
                        ["manage.py", "collectstatic", "--noinput", "-v", "0"],
                        [__file__, "--populate", str(args.products), str(args.members), str(args.nominations)]):
            subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, "manage.py", "dbshell"], cwd=ROOT, env=env, check=True,
                       input=b"VACUUM ANALYZE;\n", stdout=subprocess.DEVNULL)
        built = time.monotonic() - started
        try:
            processes.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers",
                 str(args.workers), "--log-level", "warning"], cwd=ROOT, env=env))
            processes.append(subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=ROOT, env=env))
            wait_for(f"http://127.0.0.1:{args.port}/healthz", timeout=90)
            users = args.members + args.visitors
            subprocess.run([str(BIN / "locust"), "-f", str(HERE / "locust_load.py"), "--headless",
                            "--users", str(users), "--spawn-rate", str(users),
                            "--run-time", f"{args.seconds + WARM_UP}s", "--host", f"http://127.0.0.1:{args.port}",
                            "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"],
                           cwd=ROOT, env=env, check=False)
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=60)
        outcome = json.loads((scratch / "times.json").read_text(encoding="utf-8"))
        sent = json.loads((scratch / "sent.json").read_text(encoding="utf-8"))
        plan = json.loads((scratch / "plan.json").read_text(encoding="utf-8"))
        lost, acknowledged, duplicated = check_saves(env, plan, sent)

    report(args, outcome, built, lost, acknowledged, duplicated)


def check_saves(env: dict, plan: list[dict], sent: dict) -> tuple[int, int, int]:
    """Lost: a member's last acknowledged value of a criterion ≠ the stored one. Duplicated: more than one score
    row for a (sheet, criterion) or more than one sheet for a (member, nomination)."""
    script = f"""
import json, sys
import django
django.setup()
sys.path.insert(0, {str(HERE)!r})
from django.db.models import Count
from bench_autosave import stored_values
from scoring.models import Score, ScoreSheet
plan = json.loads(open({str(Path(env["AUTOSAVE_PLAN"]))!r}, encoding="utf-8").read())
duplicated = (Score.objects.values("sheet", "criterion").annotate(n=Count("pk")).filter(n__gt=1).count()
              + ScoreSheet.objects.values("member", "nomination").annotate(n=Count("pk")).filter(n__gt=1).count())
print(json.dumps({{"stored": stored_values(plan), "duplicated": duplicated}}))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True,
                            text=True)
    data = json.loads(result.stdout.strip().splitlines()[-1])
    stored = data["stored"]
    lost = sum(1 for i, values in sent.items() for code, value in values.items() if stored[i].get(code) != value)
    return lost, sum(len(values) for values in sent.values()), data["duplicated"]


def report(args, outcome: dict, built: float, lost: int, acknowledged: int, duplicated: int) -> None:
    times, failures = outcome["times"], outcome["failures"]
    catalogue = [t for name, values in times.items() if name.startswith("catalogue") for t in values]
    groups = [("autosave", times.get("autosave", [])), ("catalogue: every page", catalogue)] + sorted(
        (name, values) for name, values in times.items() if name.startswith("catalogue"))
    rows = []
    for name, values in groups:
        errors = (sum(n for key, n in failures.items() if key.startswith("catalogue"))
                  if name == "catalogue: every page" else failures.get(name, 0))
        rows.append(f"| {name} | {len(values):,} | {len(values) / args.seconds:.1f} | {percentile(values, 50):.0f} | "
                    f"{percentile(values, 95):.0f} | {percentile(values, 99):.0f} | "
                    f"{max(values) if values else 0:.0f} | {errors} |")
    save_p95, page_p95 = percentile(times.get("autosave", []), 95), percentile(catalogue, 95)
    errors = sum(failures.values())
    verdict = (f"sheet save p95 {save_p95:.0f} ms (target ≤ 100: {'met' if save_p95 <= 100 else 'NOT met'}), "
               f"catalogue p95 {page_p95:.0f} ms (target ≤ 300: {'met' if page_p95 <= 300 else 'NOT met'}), "
               f"{errors} errors, {lost} lost and {duplicated} duplicated saves")
    command = (f"tests/benchmarks/bench_load.py --products {args.products} --members {args.members} "
               f"--visitors {args.visitors} --seconds {args.seconds} --workers {args.workers}")
    text = f"""# Load: jury members autosaving while visitors browse the uncached catalogue

Produced by `.venv/bin/python {command}` (needs `pip install -e '.[bench]'`; do not edit by hand, run it again).

- Date: {datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")}; machine: {machine()}; PostgreSQL,
  gunicorn ({args.workers} sync workers, DEBUG off), the task worker (`manage.py db_worker`) and locust all on it,
  on loopback. Set-up (migrate, static files, {args.products:,} recognised products, the round) took {built:.0f} s.
- Server as deployed, except that the public caches are off (`PUBLIC_CACHE_SECONDS=0`): every catalogue page is
  computed; Redis holds the cache; tasks go to the database queue.
- Load: {args.members} jury members, each autosaving one changed value a second on their own sheet;
  {args.visitors} visitors, each opening a catalogue page (random list page 1–200 and sort 40 %, a level/year/group
  filter 20 %, a search word 20 %, a product page 20 %), reading it 2–8 s, then the next. Times over
  {args.seconds} s, from {WARM_UP} s after everyone had started.

**Result: {verdict}.**

| requests | count | per second | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | errors |
|---|---:|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

Saves checked: {acknowledged} last acknowledged values (member × criterion) compared with the database; lost
{lost}; duplicated rows {duplicated}. Targets (issue 16): p95 ≤ 100 ms for a sheet save, p95 ≤ 300 ms for a
catalogue page, 0 errors, 0 lost or duplicated saves.
"""
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

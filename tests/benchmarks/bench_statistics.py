"""Every statistic, as the statistics pages call it, at national scale: 100,000 recognised products and 20 years of
rounds. Target: each answers in under 200 ms. A script, not a test (pytest collects only test_*.py).

For each database it:
  1. makes a throwaway database (a SQLite file in a temporary folder; a PostgreSQL database named
     <--pg-prefix><pid> on the server of --pg-url, dropped at the end) and migrates it;
  2. builds the catalogue with tests/benchmarks/data.py, the catalogue benchmark's builder (`build_catalogue`:
     producers in every province, old units included, products, one or two certificates each, some expired or
     revoked; their listing rows and statistics facts through catalog.listing), then `build_round_history`: --years
     years of commune, district, province, regional and national rounds with their results decisions (published,
     but for some of this year's), entries with jury averages, forwardings; the recorded figures of the decisions
     are built as after an upgrade (awards.apps.build_missing_statistics); then ANALYZE;
  3. in a fresh process, times each statistic function --repeat times (after one cold call, reported apart) for
     three audiences (the public, the ministry, the provincial secretariat of Bắc Ninh, whose old units are
     filed apart) without filters and with the filters people use (a year range, a province, a level and group),
     and the whole section pages as served (Django's test client, templates and charts included);
  4. writes tests/benchmarks/RESULTS-statistics.md (or --output).

    .venv/bin/python tests/benchmarks/bench_statistics.py --products 100000 --years 20 --databases sqlite,postgres
"""

import argparse
import datetime
import json
import os
import statistics as stats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages import from the checkout

from tests.benchmarks.common import machine  # noqa: E402

PYTHON = sys.executable
TARGET_MS = 200


def _setup():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()


def populate(products: int, years: int) -> None:
    """Runs inside the prepared environment (DATABASE_URL set)."""
    _setup()
    from awards.apps import build_missing_statistics
    from tests.benchmarks.data import build_catalogue, build_round_history

    build_catalogue(products)
    build_round_history(years)
    build_missing_statistics()


def _calls():
    """(statistic, arguments label, callable) for every audience and filter set, as the pages call them."""
    from django.utils import timezone

    from awards.reports import statistics as st
    from awards.reports.audience import MINISTRY, PUBLIC, for_province
    from catalog.models import Province

    today = timezone.localdate()
    bac_ninh = Province.objects.get(code="24")
    audiences = [("public", PUBLIC), ("ministry", MINISTRY), ("secretariat Bắc Ninh", for_province(bac_ninh))]
    filter_sets = [("no filter", st.Filters()),
                   ("2015–2026", st.Filters(year_from=2015, year_to=2026)),
                   ("province Bắc Ninh", st.Filters(province=bac_ninh)),
                   ("level province, group 1", st.Filters(level="province", group="1"))]
    functions = [
        ("recognitions_by_year", lambda a, f: st.recognitions_by_year(a, f, on=today)),
        ("recognitions_by_place", lambda a, f: st.recognitions_by_place(a, f, on=today)),
        ("recognitions_by_group", lambda a, f: st.recognitions_by_group(a, f, on=today)),
        ("certificate_statuses", lambda a, f: st.certificate_statuses(a, f, on=today)),
        ("producers", lambda a, f: st.producers(a, f, on=today)),
        ("producers_by_product_count", lambda a, f: st.producers_by_product_count(a, f, on=today)),
        ("rounds_by_year", lambda a, f: st.rounds_by_year(a, f)),
        ("rounds_of_year", lambda a, f: st.rounds_of_year(a, f, today.year - 1)),
        ("score_bins_by_year", lambda a, f: st.score_bins_by_year(a, f)),
    ]
    for audience_name, audience in audiences:
        for filter_name, filters in filter_sets:
            for name, function in functions:
                yield name, audience_name, filter_name, (lambda fn=function, a=audience, f=filters: fn(a, f))


def _time(call, repeat: int) -> dict:
    started = time.perf_counter()
    call()
    cold = (time.perf_counter() - started) * 1000
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
    return {"cold": cold, "median": stats.median(runs), "max": max(runs), "min": min(runs)}


def measure(repeat: int, output: str) -> None:
    """Runs inside the prepared environment: times every call, writes the results as JSON."""
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from awards.models import CertificateFact, DecisionEntry, RoundResult
    from awards.reports.sections import SECTIONS
    from catalog.models import Certificate, Product
    from scoring.models import Forwarding, SelectionRound

    results = {"rows": [], "pages": [], "load": [os.getloadavg()[0]], "counts": {
        "products": Product.objects.count(), "certificates": Certificate.objects.count(),
        "facts": CertificateFact.objects.count(), "rounds": SelectionRound.objects.count(),
        "published rounds": RoundResult.objects.count(), "entries": DecisionEntry.objects.count(),
        "forwardings": Forwarding.objects.count()}}
    for name, audience, filters, call in _calls():
        with CaptureQueriesContext(connection) as queries:
            call()
        timing = _time(call, repeat)
        results["rows"].append({"statistic": name, "audience": audience, "filters": filters,
                                "queries": len(queries), **timing})
        print(f"   {name:28} {audience:22} {filters:24} {timing['median']:7.1f} ms", flush=True)
    client = Client()
    for slug in SECTIONS:
        url = f"/thong-ke/{slug}/"
        timing = _time(lambda u=url: client.get(u), repeat)
        results["pages"].append({"page": url, **timing})
        print(f"   page {url:40} {timing['median']:7.1f} ms", flush=True)
    results["load"].append(os.getloadavg()[0])
    Path(output).write_text(json.dumps(results))


# --- Orchestration -------------------------------------------------------------------------------------------


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def bench_database(kind: str, args, folder: Path) -> dict:
    env = {**os.environ, "VAR_DIR": str(folder / "var"), "DEBUG": "0", "LOG_LEVEL": "ERROR",
           "SECRET_KEY": "benchmark-only-key-" + "x" * 40, "ALLOWED_HOSTS": "testserver",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)
    database = None
    if kind == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    else:
        import psycopg

        database = f"{args.pg_prefix}{os.getpid()}"
        with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database}")
            connection.execute(f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = f"{args.pg_url}/{database}"
    try:
        started = time.monotonic()
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        run([PYTHON, __file__, "--populate", str(args.products), "--years", str(args.years)], env)
        if kind == "postgres":
            run([PYTHON, "manage.py", "dbshell"], env, input=b"VACUUM ANALYZE;\n", stdout=subprocess.DEVNULL)
        else:
            run([PYTHON, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('ANALYZE'); c.close()",
                 str(folder / "bench.sqlite3")], env)
        built = time.monotonic() - started
        output = folder / "results.json"
        print(f"== {kind}: measuring", flush=True)
        run([PYTHON, __file__, "--measure", str(output), "--repeat", str(args.repeat)], env)
        return {"kind": kind, "built_s": built, **json.loads(output.read_text())}
    finally:
        if database:
            import psycopg

            with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


# --- Report --------------------------------------------------------------------------------------------------


def report(all_results: list[dict], args) -> str:
    command = "python tests/benchmarks/bench_statistics.py " + " ".join(sys.argv[1:])
    lines = [
        "# Statistics benchmark",
        "",
        "Produced by `tests/benchmarks/bench_statistics.py` (do not edit by hand; run it again).",
        "",
        f"- Date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} (machine time)",
        f"- Machine: {machine()}{' — ' + args.note if args.note else ''}",
        f"- Command: `{command}`",
        f"- Data: {args.products:,} recognised products (tests/benchmarks/data.py `build_catalogue`, as the catalogue "
        f"benchmark) and {args.years} years of rounds (`build_round_history`)",
        f"- Each statistic function called as the pages call it, in one process, {args.repeat} times after one cold "
        "call; median, fastest and slowest of those, and the cold call. Target: under 200 ms each. The fastest run "
        "is the best guide on a busy machine (see the load average, per CPU count, next to each database).",
        "",
    ]
    for result in all_results:
        rows = result["rows"]
        worst = max(rows, key=lambda r: r["max"])
        met = sum(1 for r in rows if r["max"] < TARGET_MS)
        counts = ", ".join(f"{name} {n:,}" for name, n in result["counts"].items())
        load = " → ".join(f"{value:.1f}" for value in result["load"])
        lines += [f"## {result['kind']} (built in {result['built_s']:.0f} s)", "", f"Rows: {counts}.", "",
                  f"Load average (1 min) at the start and the end of the measurements: {load}.", "",
                  f"{met} of {len(rows)} calls under {TARGET_MS} ms at their slowest; the slowest: "
                  f"`{worst['statistic']}` for {worst['audience']}, {worst['filters']}: {worst['max']:.1f} ms.", "",
                  "| statistic | audience | filters | queries | median ms | fastest ms | slowest ms | cold ms | "
                  "< 200 ms |", "|---|---|---|---:|---:|---:|---:|---:|---|"]
        for r in rows:
            lines.append(f"| {r['statistic']} | {r['audience']} | {r['filters']} | {r['queries']} | "
                         f"{r['median']:.1f} | {r['min']:.1f} | {r['max']:.1f} | {r['cold']:.1f} | "
                         f"{'yes' if r['max'] < TARGET_MS else 'no'} |")
        lines += ["", "Whole public pages as served (every panel of the section, templates and charts; in-process "
                  "test client, no network; for information, the target is per statistic):", "",
                  "| page | median ms | fastest ms | slowest ms | cold ms |", "|---|---:|---:|---:|---:|"]
        for p in result["pages"]:
            lines.append(f"| {p['page']} | {p['median']:.1f} | {p['min']:.1f} | {p['max']:.1f} | {p['cold']:.1f} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--pg-prefix", default="cnnt_bench_statistics_",
                        help="name of the throwaway PostgreSQL database, before the process id")
    parser.add_argument("--note", default="", help="a remark on the machine, printed with it")
    parser.add_argument("--output", default=str(Path(__file__).with_name("RESULTS-statistics.md")))
    args = parser.parse_args()
    if args.populate is not None:
        populate(args.populate, args.years)
        return
    if args.measure:
        measure(args.repeat, args.measure)
        return
    all_results = []
    for kind in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix=f"cnnt-bench-statistics-{kind}-") as folder:
            print(f"== {kind}: {args.products:,} products, {args.years} years", flush=True)
            all_results.append(bench_database(kind, args, Path(folder)))
    text = report(all_results, args)
    Path(args.output).write_text(text)
    print(text)


if __name__ == "__main__":
    main()

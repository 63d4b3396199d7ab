"""Throughput of the public catalogue against a trivial Django view, served by gunicorn on loopback.

A script, not a test (pytest collects only test_*.py). For each database it:
  1. makes a throwaway database (a SQLite file in a temporary folder; a PostgreSQL database named
     cnnt_bench_<pid> on the server of --pg-url, dropped at the end), migrates it and runs collectstatic;
  2. bulk-creates --products recognised products (with producers, one photo row and one or two published
     certificates each; some expired, so the list mixes current and historical);
  3. starts gunicorn (config.wsgi, one sync worker per CPU, DEBUG off, default locmem cache) on 127.0.0.1;
  4. measures requests/s with wrk (apt-get install -y wrk if missing) for /healthz, the list page and a product
     page, interleaved over --rounds rounds (the median counts), then the same for spread traffic (random
     product ids and random list pages, so mostly cache misses);
  5. writes the table to tests/benchmarks/RESULTS.md (or --output).

    .venv/bin/python tests/benchmarks/bench_catalogue.py --products 100000 --databases sqlite,postgres
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


# --- Data ----------------------------------------------------------------------------------------------------


def populate(count: int) -> None:
    """Runs inside the prepared environment (DATABASE_URL set): builds the catalogue (tests/benchmarks/data.py)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from tests.benchmarks.data import build_catalogue

    first, last = build_catalogue(count)
    Path(os.environ["BENCH_IDS_FILE"]).write_text(f"{first} {last}")


# --- Orchestration -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk")


def wrk(url: str, *, seconds: int, connections: int, script: Path | None = None, strict: bool = True) -> dict:
    """One wrk run. A slow answer (over 10 s) counts as a timeout; `strict` makes any error fatal."""
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    output = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if strict and (errors or socket_errors):
        raise SystemExit(f"wrk saw errors on {url}:\n{output}")
    return {
        "errors": (f"{errors.group(1)} non-2xx " if errors else "") + (socket_errors.group(1) if socket_errors else ""),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1),
        "p99": re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1),
    }


def spread_script(folder: Path, first: int, last: int) -> tuple[Path, Path]:
    products = folder / "products.lua"
    products.write_text(
        f"math.randomseed(42)\nrequest = function()\n"
        f"  return wrk.format(nil, '/san-pham/' .. math.random({first}, {last}) .. '/')\nend\n"
    )
    pages = folder / "pages.lua"
    pages.write_text(
        "math.randomseed(42)\nlocal sorts = {'moi-nhat', 'ten'}\nrequest = function()\n"
        "  return wrk.format(nil, '/san-pham/?sap_xep=' .. sorts[math.random(1, 2)] .. '&trang=' .. "
        "math.random(1, 200))\nend\n"
    )
    return products, pages


def wait_for(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


def bench_database(kind: str, args, folder: Path) -> dict:
    env = {**os.environ, "VAR_DIR": str(folder / "var"), "DEBUG": "0", "LOG_LEVEL": "ERROR",
           "SECRET_KEY": "benchmark-only-key-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SETTINGS_MODULE": "config.settings", "BENCH_IDS_FILE": str(folder / "ids")}
    env.pop("REDIS_URL", None)  # the default deployment: per-process locmem cache
    database = None
    if kind == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    else:
        import psycopg

        database = f"cnnt_bench_{os.getpid()}"
        with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database}")
            connection.execute(f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = f"{args.pg_url}/{database}"
    server = None
    try:
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        run([PYTHON, __file__, "--populate", str(args.products)], env)
        if kind == "postgres":
            run([PYTHON, "manage.py", "dbshell"], env, input=b"VACUUM ANALYZE;\n", stdout=subprocess.DEVNULL)
        else:
            run([PYTHON, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('ANALYZE'); c.close()",
                 str(folder / "bench.sqlite3")], env)
        first, last = map(int, (folder / "ids").read_text().split())
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [GUNICORN, "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers), "--log-level", "warning"],
            env=env, cwd=ROOT,
        )
        wait_for(f"{base}/healthz")
        targets = {
            "trivial": f"{base}/healthz",
            "list": f"{base}/san-pham/",
            "product": f"{base}/san-pham/{(first + last) // 2}/",
        }
        # Uncached cost of one request of each page, for the record (each worker then holds it in its cache).
        import urllib.request

        cold = {}
        for name, url in targets.items():
            started = time.monotonic()
            urllib.request.urlopen(url).read()
            cold[name] = (time.monotonic() - started) * 1000
        results = {name: [] for name in targets}
        for _round in range(args.rounds):
            for name, url in targets.items():
                wrk(url, seconds=2, connections=args.connections)  # warm every worker
                results[name].append(wrk(url, seconds=args.seconds, connections=args.connections))
        product_lua, pages_lua = spread_script(folder, first, last)
        spread = {
            "product, random of all ids": wrk(base + "/", seconds=args.seconds, connections=args.connections,
                                              script=product_lua, strict=False),
            "list, random page 1–200, two sorts": wrk(base + "/", seconds=args.seconds,
                                                      connections=args.connections, script=pages_lua, strict=False),
        }
        median = {name: statistics.median(r["rps"] for r in runs) for name, runs in results.items()}
        # Other work on the machine shifts whole rounds; a ratio taken within each round cancels most of that.
        ratios = {
            name: statistics.median(results[name][i]["rps"] / results["trivial"][i]["rps"] for i in range(args.rounds))
            for name in ("list", "product")
        }
        return {"kind": kind, "median": median, "ratios": ratios, "runs": results, "cold_ms": cold,
                "spread": spread}
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        if database:
            import psycopg

            with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


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


def report(all_results: list[dict], args) -> str:
    command = "python tests/benchmarks/bench_catalogue.py " + " ".join(sys.argv[1:])
    lines = [
        "# Public catalogue benchmark",
        "",
        "Produced by `tests/benchmarks/bench_catalogue.py` (do not edit by hand; run it again).",
        "",
        f"- Date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} (machine time)",
        f"- Machine: {machine()}",
        f"- Command: `{command}`",
        f"- Data: {args.products:,} recognised products per database (1 photo row, 1–2 published certificates each)",
        f"- Server: gunicorn, {args.workers} sync workers, DEBUG off, default per-process locmem cache, loopback",
        f"- Load: wrk, 2 threads, {args.connections} connections, {args.seconds} s per measurement after a 2 s "
        f"warm-up, {args.rounds} interleaved rounds; the median counts. wrk runs on the same machine.",
        "",
        "## Same URL repeatedly (the requirement: ratio ≥ 0.5)",
        "",
        "Requests/s are medians over the rounds; each ratio is the median of the ratios taken within a round.",
        "",
        "| database | trivial view (req/s) | list page (req/s) | product page (req/s) | list / trivial | "
        "product / trivial |",
        "|---|---|---|---|---|---|",
    ]
    for result in all_results:
        m, ratios = result["median"], result["ratios"]
        lines.append(
            f"| {result['kind']} | {m['trivial']:.0f} | {m['list']:.0f} | {m['product']:.0f} | "
            f"{ratios['list']:.2f} | {ratios['product']:.2f} |"
        )
    lines += [
        "",
        "wrk sends no cookies, so it is a visitor without a session: the whole page comes from the page cache",
        "(catalog.public.views.render_public), with the CSRF token put in per request; no SQL. Visitors with a",
        "session get the cached main part inside a page rendered for them. The next tables show what is behind",
        "the cache.",
        "",
        "## First (uncached) request, one each, ms",
        "",
        "| database | trivial | list page | product page |",
        "|---|---|---|---|",
    ]
    for result in all_results:
        c = result["cold_ms"]
        lines.append(f"| {result['kind']} | {c['trivial']:.0f} | {c['list']:.0f} | {c['product']:.0f} |")
    lines += [
        "",
        "## Spread traffic (mostly cache misses), req/s and ratio to the trivial view",
        "",
        "| database | traffic | req/s | ratio | p50 | p99 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in all_results:
        for name, r in result["spread"].items():
            lines.append(f"| {result['kind']} | {name} | {r['rps']:.1f} | "
                         f"{r['rps'] / result['median']['trivial']:.3f} | {r['p50']} | {r['p99']} | "
                         f"{r['errors'] or '—'} |")
    lines += ["", "## Every round (req/s)", "", "| database | page | rounds | p50 / p99 of the last |",
              "|---|---|---|---|"]
    for result in all_results:
        for name, runs in result["runs"].items():
            rounds = ", ".join(f"{r['rps']:.0f}" for r in runs)
            lines.append(f"| {result['kind']} | {name} | {rounds} | "
                         f"{runs[-1]['p50']} / {runs[-1]['p99']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--output", default=str(Path(__file__).with_name("RESULTS.md")))
    args = parser.parse_args()
    if args.populate is not None:
        populate(args.populate)
        return
    ensure_wrk()
    all_results = []
    for kind in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix=f"cnnt-bench-{kind}-") as folder:
            print(f"== {kind}: {args.products:,} products", flush=True)
            result = bench_database(kind, args, Path(folder))
            print(result["median"], result["cold_ms"], flush=True)
            all_results.append(result)
    text = report(all_results, args)
    Path(args.output).write_text(text)
    print(text)


if __name__ == "__main__":
    main()

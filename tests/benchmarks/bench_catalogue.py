"""The public catalogue served by gunicorn on loopback, against a trivial Django view: cache hits and misses apart.

A script, not a test (pytest collects only test_*.py). For each database it:
  1. makes a throwaway database (a SQLite file in a temporary folder; a PostgreSQL database named
     cnnt_bench_<pid> on the server of --pg-url, dropped at the end), migrates it and runs collectstatic;
  2. builds --products recognised products (tests/benchmarks/data.py: producers, a photo row, one or two
     certificates, listing rows through catalog.listing);
  3. starts gunicorn (config.wsgi, one sync worker per CPU, DEBUG off, per-process locmem cache) twice: once as
     deployed (public fragments cached, PUBLIC_CACHE_SECONDS=300) and once with every public cache off
     (PUBLIC_CACHE_SECONDS=0: nothing is stored, every fragment is rendered and every count run);
  4. with wrk (a Lua script draws a new address for every request), measures each kind of traffic: the list by
     each sort on random pages, page 150, each filter, searches, product pages; twice: with 16 connections for
     throughput (req/s, and its ratio to the trivial view measured in the same run) and with one connection per
     worker for the time a request takes at the server (p50/p95/p99, no queueing);
  5. also measures the same address repeatedly (where a cached body is what is served);
  6. writes tests/benchmarks/RESULTS.md (or --output).

    .venv/bin/python tests/benchmarks/bench_catalogue.py --products 100000 --databases sqlite,postgres

To measure one kind of traffic again without building 100,000 products anew (10 minutes or more a database):
--only search (the kinds of traffic whose name starts so; the repeated-address table is left out) and
--reuse postgres=URL,sqlite=URL (databases built by an earlier run's steps 1-2 or by `--populate N` with
DATABASE_URL set; they are migrated, analysed and kept):

    .venv/bin/python tests/benchmarks/bench_catalogue.py --only search --output /tmp/search.md \\
        --reuse postgres=postgres://postgres@127.0.0.1:5432/cnnt_search,sqlite=sqlite:////tmp/bench.sqlite3
"""

import argparse
import datetime
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages import from the checkout

from tests.benchmarks.common import machine, throwaway_database, wait_for  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

# Words people search for: crafts, places, materials (folded or not does not matter).
SEARCH_WORDS = ["gốm", "mây tre", "lụa", "chiếu cói", "sơn mài", "gỗ mỹ nghệ", "nón lá", "thêu", "đúc đồng",
                "nước mắm", "bánh đa", "chè", "miến dong", "mật ong", "dao", "nông cụ", "tinh dầu", "hương trầm",
                "bát tràng", "đồng kỵ", "vạn phúc", "chu đậu", "phù lãng", "hội an", "bàu trúc", "men lam",
                "gốm bát tràng", "lụa vạn phúc", "mây tre phú vinh", "tơ tằm", "đất sét"]
PROVINCE_CODES = ["01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38",
                  "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91",
                  "92", "96"]


# --- Data ----------------------------------------------------------------------------------------------------


def populate(count: int) -> None:
    """Runs inside the prepared environment (DATABASE_URL set): builds the catalogue (tests/benchmarks/data.py)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from catalog.models import Listing
    from tests.benchmarks.data import build_catalogue

    if count:
        build_catalogue(count)
    # Product pages are asked for listed products (a product revoked before it was ever listed answers 404).
    listed = list(Listing.objects.order_by("?").values_list("product_id", flat=True)[:5000])
    Path(os.environ["BENCH_IDS_FILE"]).write_text(" ".join(map(str, listed)))


# --- Traffic -------------------------------------------------------------------------------------------------


def _lua_list(values: list[str]) -> str:
    return "{" + ", ".join(f'"{value}"' for value in values) + "}"


# Each Lua script draws a new address per request and reports the 95th percentile wrk's text leaves out.
LUA_DONE = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
end
"""


def traffic_scripts(folder: Path, product_ids: list[int]) -> dict[str, Path]:
    sorts = _lua_list(["moi-nhat", "ten", "diem"])
    words = _lua_list([quote_plus(word) for word in SEARCH_WORDS])
    bodies = {
        "list, random page 1–200, random sort":
            f"local s = {sorts}\nrequest = function() return wrk.format(nil, '/san-pham/?sap_xep=' .. "
            "s[math.random(1, 3)] .. '&trang=' .. math.random(1, 200)) end",
        "list, page 150 of each sort":
            f"local s = {sorts}\nrequest = function() return wrk.format(nil, '/san-pham/?sap_xep=' .. "
            "s[math.random(1, 3)] .. '&trang=150') end",
        "filter: level, random page 1–20":
            f"local v = {_lua_list(['commune', 'district', 'province', 'region', 'national'])}\n"
            "request = function() return wrk.format(nil, '/san-pham/?cap=' .. v[math.random(1, 5)] .. "
            "'&trang=' .. math.random(1, 20)) end",
        "filter: year, random page 1–20":
            "request = function() return wrk.format(nil, '/san-pham/?nam=' .. math.random(2012, 2026) .. "
            "'&trang=' .. math.random(1, 20)) end",
        "filter: group, random page 1–20":
            "request = function() return wrk.format(nil, '/san-pham/?nhom=' .. math.random(1, 4) .. "
            "'&trang=' .. math.random(1, 20)) end",
        "filter: region, random page 1–20":
            f"local v = {_lua_list(['north', 'central', 'south'])}\n"
            "request = function() return wrk.format(nil, '/san-pham/?khu_vuc=' .. v[math.random(1, 3)] .. "
            "'&trang=' .. math.random(1, 20)) end",
        "filter: province, random page 1–5, random sort":
            f"local v = {_lua_list(PROVINCE_CODES)}\nlocal s = {sorts}\nlocal n = {len(PROVINCE_CODES)}\n"
            "request = function() return wrk.format(nil, '/san-pham/?tinh=' .. v[math.random(1, n)] .. "
            "'&sap_xep=' .. s[math.random(1, 3)] .. '&trang=' .. math.random(1, 5)) end",
        "search: 31 craft and place words, page 1–3":
            f"local w = {words}\nrequest = function() return wrk.format(nil, '/san-pham/?q=' .. "
            f"w[math.random(1, {len(SEARCH_WORDS)})] .. '&trang=' .. math.random(1, 3)) end",
        "product page, random of 5,000 listed products":
            f"local ids = {{{', '.join(map(str, product_ids))}}}\n"
            "request = function() return wrk.format(nil, '/san-pham/' .. ids[math.random(1, #ids)] .. '/') end",
    }
    scripts = {}
    for index, (name, body) in enumerate(bodies.items()):
        path = folder / f"traffic{index}.lua"
        path.write_text(f"math.randomseed({1000 + index})\n{body}\n{LUA_DONE}")
        scripts[name] = path
    done_only = folder / "done.lua"
    done_only.write_text(LUA_DONE)
    scripts["_done"] = done_only
    return scripts


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(url: str, *, seconds: int, connections: int, script: Path) -> dict:
    """One wrk run: req/s, latency percentiles in ms, and the count of non-2xx answers and socket errors."""
    cmd = ["wrk", "-t", "2" if connections > 1 else "1", "-c", str(connections), "-d", f"{seconds}s",
           "--timeout", "10s", "--latency", "-s", str(script), url]
    output = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p95": int(re.search(r"P95_US (\d+)", output).group(1)) / 1000,
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "errors": (int(errors.group(1)) if errors else 0)
                  + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


# --- Orchestration -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


class Server:
    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [GUNICORN, "config.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(workers), "--log-level", "warning"],
            env=env, cwd=ROOT)
        wait_for(f"{self.base}/healthz")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def measure_traffic(server: Server, scripts: dict, args) -> dict:
    """Every kind of traffic: throughput (with the trivial view in the same run) and time at the server."""
    results = {}
    for name, script in scripts.items():
        if name.startswith("_") or not name.startswith(args.only):
            continue
        wrk(server.base + "/", seconds=2, connections=args.connections, script=script)  # warm the workers
        trivial = wrk(server.base + "/healthz", seconds=args.seconds, connections=args.connections,
                      script=scripts["_done"])
        load = wrk(server.base + "/", seconds=args.seconds, connections=args.connections, script=script)
        alone = wrk(server.base + "/", seconds=args.seconds, connections=args.workers, script=script)
        results[name] = {"trivial": trivial, "load": load, "alone": alone}
        print(f"   {name}: {load['rps']:.0f} req/s ({load['rps'] / max(trivial['rps'], 0.01):.2f}×), "
              f"p95 alone {alone['p95']:.1f} ms, errors {load['errors'] + alone['errors']}", flush=True)
    return results


def measure_repeated(server: Server, scripts: dict, args, middle: int) -> dict:
    """The same address again and again: what a cached body (or page) gives."""
    results = {}
    for name, path in [("trivial view", "/healthz"), ("list page 1", "/san-pham/"),
                       ("product page", f"/san-pham/{middle}/"), ("home page", "/")]:
        wrk(server.base + path, seconds=2, connections=args.connections, script=scripts["_done"])
        results[name] = wrk(server.base + path, seconds=args.seconds, connections=args.connections,
                            script=scripts["_done"])
    return results


def bench_database(kind: str, args, folder: Path) -> dict:
    env = {**os.environ, "VAR_DIR": str(folder / "var"), "DEBUG": "0", "LOG_LEVEL": "ERROR",
           "SECRET_KEY": "benchmark-only-key-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SETTINGS_MODULE": "config.settings", "BENCH_IDS_FILE": str(folder / "ids")}
    env.pop("REDIS_URL", None)  # the default deployment: per-process locmem cache
    reused = dict(item.split("=", 1) for item in args.reuse.split(",") if item)
    if kind in reused:
        return _bench(kind, {**env, "DATABASE_URL": reused[kind]}, args, folder, reused=True)
    with throwaway_database(kind, folder, pg_url=args.pg_url) as url:
        return _bench(kind, {**env, "DATABASE_URL": url}, args, folder)


def _bench(kind: str, env: dict, args, folder: Path, *, reused: bool = False) -> dict:
    started = time.monotonic()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    run([PYTHON, __file__, "--populate", "0" if reused else str(args.products)], env)
    if kind == "postgres":
        run([PYTHON, "manage.py", "dbshell"], env, input=b"VACUUM ANALYZE;\n", stdout=subprocess.DEVNULL)
    else:
        run([PYTHON, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('ANALYZE'); c.close()",
             env["DATABASE_URL"].removeprefix("sqlite:///")], env)
    built = time.monotonic() - started
    product_ids = [int(pk) for pk in (folder / "ids").read_text().split()]
    scripts = traffic_scripts(folder, product_ids)
    result = {"kind": kind, "built_s": built, "reused": reused, "repeated": {}}
    for mode, seconds in [("cached", "300"), ("uncached", "0")]:
        print(f"== {kind}, public caches {mode}", flush=True)
        server = Server({**env, "PUBLIC_CACHE_SECONDS": seconds}, args.workers)
        try:
            result[mode] = measure_traffic(server, scripts, args)
            if mode == "cached" and not args.only:
                result["repeated"] = measure_repeated(server, scripts, args, product_ids[0])
        finally:
            server.stop()
    return result


# --- Report --------------------------------------------------------------------------------------------------


def _traffic_table(result: dict, mode: str) -> list[str]:
    lines = ["| traffic | req/s | × trivial | p50 ms | p95 ms | p99 ms | errors | target met |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, runs in result[mode].items():
        load, alone, trivial = runs["load"], runs["alone"], runs["trivial"]
        ratio = load["rps"] / max(trivial["rps"], 0.01)  # a machine too busy to answer the trivial view
        floor = 0.5 if name.startswith("product") else 0.3
        met = "yes" if alone["p95"] <= 50 and ratio >= floor and not (load["errors"] + alone["errors"]) else "no"
        lines.append(f"| {name} | {load['rps']:.0f} | {ratio:.2f} | {alone['p50']:.1f} | {alone['p95']:.1f} | "
                     f"{alone['p99']:.1f} | {load['errors'] + alone['errors']} | {met} |")
    return lines


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
        f"- Data: {args.products:,} recognised products per database (tests/benchmarks/data.py)",
        f"- Server: gunicorn, {args.workers} sync workers, DEBUG off, per-process locmem cache, loopback; wrk on the "
        "same machine",
        f"- Each kind of traffic draws a new address for every request (a wrk Lua script). Throughput: "
        f"{args.connections} connections, {args.seconds} s, with the trivial view (`/healthz`) measured in the same "
        f"run; × trivial is the ratio. Time at the server: {args.workers} connection(s), one per worker, so no "
        "request waits for another (p50/p95/p99).",
        "- Targets (issue 9): p95 ≤ 50 ms and ≥ 0.3 × the trivial view (product page ≥ 0.5 ×), 0 errors.",
        "",
    ]
    for result in all_results:
        built = "database reused, migrated and analysed" if result["reused"] else "built"
        lines += [f"## {result['kind']} ({built} in {result['built_s']:.0f} s)", "",
                  "### Public caches as deployed: every address new, shared fragments (frame, filter form, counts, "
                  "choices) cached", ""]
        lines += _traffic_table(result, "cached")
        lines += ["", "### Every public cache off (PUBLIC_CACHE_SECONDS=0): every fragment rendered, every count run",
                  ""]
        lines += _traffic_table(result, "uncached")
        if result["repeated"]:
            lines += ["", "### The same address again and again, caches as deployed (cache hits)", "",
                      "| address | req/s | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
            for name, r in result["repeated"].items():
                lines.append(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} |")
        lines.append("")
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
    parser.add_argument("--output", default=str(Path(__file__).with_name("RESULTS.md")))
    parser.add_argument("--only", default="", help="only the kinds of traffic whose name starts so, e.g. search")
    parser.add_argument("--reuse", default="", help="kind=DATABASE_URL,...: measure these built databases")
    args = parser.parse_args()
    if args.populate is not None:
        populate(args.populate)
        return
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
    all_results = []
    for kind in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix=f"cnnt-bench-{kind}-") as folder:
            print(f"== {kind}: {args.products:,} products", flush=True)
            all_results.append(bench_database(kind, args, Path(folder)))
    text = report(all_results, args)
    Path(args.output).write_text(text)
    print(text)


if __name__ == "__main__":
    main()

"""Spreadsheet imports of producers and products at provincial-office size, on SQLite and PostgreSQL.

A script, not a test (pytest collects only test_*.py). For each database it runs itself in a child process that:
  1. makes a throwaway database (a SQLite file in a temporary folder; a PostgreSQL database named
     cnnt_bench_wtimports_<pid> on the server of --pg-url, dropped at the end) and migrates it (which loads
     the 34 current and 63 former provinces);
  2. stores the producers and products that the files will update (--existing of the rows, bulk-created);
  3. builds two XLSX files of --rows rows each the way provincial offices write them: Vietnamese names, old
     and new province names in several spellings (with and without diacritics, "Tỉnh"/"TP." prefixes, "TP HCM",
     unit codes), tax codes typed with spaces, as numbers that lost their leading zero, or as 13-digit branch
     codes; and a third, the producers file with --bad of its rows broken (unknown province, short tax code);
  4. times the call the admin's import pages make (catalog.admin, django-import-export's ImportMixin): the
     preview is `Resource().import_data(dataset, dry_run=True, raise_errors=False, file_name=..., user=...)`,
     the confirm step the same with dry_run=False and retain_instance_in_row_result=True; reading the XLSX
     (`XLSX().create_dataset`) is timed apart. Dry runs are repeated (--repeat, the best counts: the machine
     is shared), the real imports run once, in order: producers preview, producers import, products preview,
     products import, the producers file imported again (all updates), preview of the bad file. Every statement
     sent to the database is counted;
  5. checks what was stored (row counts, folded search columns, an old province name resolved to today's unit)
     and writes the table to tests/benchmarks/RESULTS-import.md (or --output).

    .venv/bin/python tests/benchmarks/bench_import.py --rows 10000 --databases sqlite,postgres
"""

import argparse
import datetime
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages import from the checkout

from tests.benchmarks.common import machine, throwaway_database  # noqa: E402

PYTHON = sys.executable

CRAFTS = ["Gốm", "Mây tre đan", "Lụa tơ tằm", "Chiếu cói", "Sơn mài", "Đồ gỗ mỹ nghệ", "Nón lá", "Trống da",
          "Thêu ren", "Đúc đồng", "Nước mắm", "Bánh đa", "Chè búp", "Miến dong", "Dao rèn", "Cơ khí nông cụ"]
PLACES = ["Bát Tràng", "Đồng Kỵ", "Vạn Phúc", "Kim Sơn", "Phú Vinh", "Chu Đậu", "Đại Bái", "Chuông", "Phù Lãng",
          "Hạ Thái", "Đa Sỹ", "Thanh Hà", "Tân Cương", "Cự Đà", "Phúc Sen", "Thổ Hà", "Bàu Trúc", "Hội An"]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức", "Vũ Thị Hà",
          "Đặng Văn Hùng", "Bùi Thị Lan", "Đỗ Văn Minh", "Ngô Thị Ngọc", "Dương Văn Phúc", "Lý Thị Quỳnh"]
LEGAL_FORMS = ["Hợp tác xã", "Hộ kinh doanh", "Doanh nghiệp nhỏ và vừa", "Tổ hợp tác", "hop tac xa", "HỘ KINH DOANH"]
GROUPS = ["1", "2", "3", "4", "Thủ công mỹ nghệ", "che bien nong, lam, thuy san va thuc pham"]
MARKETS = ["Trong nước", "Xuất khẩu", "Trong nước và xuất khẩu", "", "trong nuoc"]
PRODUCER_HEADERS = [
    "Tên cơ sở", "Loại hình", "Mã số thuế", "Địa chỉ", "Tỉnh/thành phố", "Xã/phường", "Người đại diện",
    "Điện thoại", "E-mail", "Website", "Năm thành lập", "Số lao động", "Giới thiệu", "Công khai liên hệ",
]
PRODUCT_HEADERS = [
    "Mã số thuế cơ sở", "Nhóm sản phẩm", "Tên sản phẩm", "Bộ sản phẩm", "Mô tả", "Nguyên liệu",
    "Quy cách, thông số kỹ thuật", "Năng lực sản xuất", "Khoảng giá", "Thị trường", "Tiêu chuẩn, chứng nhận",
    "Năm bắt đầu sản xuất",
]


# --- Data (child process, Django set up) ---------------------------------------------------------------------


def tax_code(index: int) -> str:
    """The stored (normalised) tax code of producer `index`: every tenth is a branch (dependent unit)."""
    code = f"{100_000_000 + index:010d}"  # a leading zero, which Excel drops from a number cell
    return f"{code}-{index % 1000:03d}" if index % 10 == 3 else code


def tax_code_cell(index: int):
    """How a person typed it: as stored, spaced, as a number, or the 13 branch digits without the dash."""
    code = tax_code(index)
    if "-" in code:
        return code.replace("-", "")
    return [code, f"{code[:4]} {code[4:7]} {code[7:]}", int(code), f"{code[:4]}.{code[4:7]}.{code[7:]}"][index % 4]


def province_spellings() -> list[str]:
    """Every unit, old and new, as written in the files: official, unaccented, with prefix, aliases, codes."""
    from catalog.models import Province
    from catalog.text import fold

    spellings = []
    for province in Province.objects.order_by("pk"):
        prefix = "Thành phố" if province.kind == "city" else "Tỉnh"
        prefixed = province.name if province.name.startswith(prefix) else f"{prefix} {province.name}"
        spellings += [province.name, fold(province.name), prefixed]
    return spellings + ["TP HCM", "TP. Hồ Chí Minh", "Sài Gòn", "BR-VT", "Bac Giang province", "24", "cu-24"]


def producer_rows(count: int, spellings: list[str]) -> list[list]:
    rows = []
    for index in range(count):
        craft, place = CRAFTS[index % len(CRAFTS)], PLACES[(index // 3) % len(PLACES)]
        rows.append([
            f"{LEGAL_FORMS[index % 4]} {craft} {place} số {index}", LEGAL_FORMS[index % len(LEGAL_FORMS)],
            tax_code_cell(index), f"Thôn {index % 40 + 1}, làng nghề {place}", spellings[index % len(spellings)],
            f"Xã {PLACES[index % len(PLACES)]}", PEOPLE[index % len(PEOPLE)], f"0{200 + index % 700} 3{index:06d}",
            f"lienhe{index}@langnghe.vn", "" if index % 3 else f"https://langnghe{index}.vn",
            1990 + index % 35 if index % 5 else "", ["12", "45", "1.200", 300, ""][index % 5],
            f"Cơ sở {craft.lower()} truyền thống của làng {place}, sản xuất thủ công.", ["có", "không"][index % 2],
        ])
    return rows


def product_rows(count: int) -> list[list]:
    rows = []
    for index in range(count):
        craft, place = CRAFTS[index % len(CRAFTS)], PLACES[(index // 7) % len(PLACES)]
        rows.append([
            tax_code_cell(index // 2), GROUPS[index % len(GROUPS)], product_name(index), ["không", "có"][index % 2],
            f"{craft} làm thủ công tại làng nghề {place}, mỗi sản phẩm một dáng.", "Nguyên liệu trong nước",
            "Cao 30 cm, rộng 20 cm", f"{(index % 9 + 1) * 100} chiếc/năm", "300.000–900.000 đ",
            MARKETS[index % len(MARKETS)], "TCVN 1234:2020" if index % 4 == 0 else "",
            2000 + index % 25 if index % 3 else "",
        ])
    return rows


def product_name(index: int) -> str:
    return f"{CRAFTS[index % len(CRAFTS)]} {PLACES[(index // 7) % len(PLACES)]} mẫu {index}"


def xlsx(headers: list[str], rows: list[list]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed_existing(rows: int, existing: float) -> tuple[int, int]:
    """Producers and products the files update: every n-th producer, and the products of those producers."""
    from catalog import enums
    from catalog.models import Producer, Product, Province, set_search_fields

    step = max(1, round(1 / existing)) if existing else 0
    if not step:
        return 0, 0
    province = Province.objects.get(code="01")
    producers = []
    for index in range(0, rows, step):
        producer = Producer(name=f"Tên cũ {index}", legal_form=enums.LegalForm.SME, tax_code=tax_code(index),
                            address="Địa chỉ cũ", province=province, representative="Người đại diện cũ")
        set_search_fields(producer)
        producers.append(producer)
    producers = Producer.objects.bulk_create(producers)
    by_index = dict(zip(range(0, rows, step), producers, strict=True))
    products = []
    for index in range(rows):
        producer = by_index.get(index // 2)
        if producer is not None:
            product = Product(producer=producer, group="4", name=product_name(index), description="Mô tả cũ")
            set_search_fields(product)
            products.append(product)
    Product.objects.bulk_create(products)
    return len(producers), len(products)


def run_child(kind: str, args) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from import_export.formats import base_formats

    from catalog.models import Producer, Product, User
    from catalog.resources import ProducerResource, ProductResource

    call_command("migrate", verbosity=0)
    admin = User.objects.create_superuser("bench@example.vn", "bench-password")
    seeded_producers, seeded_products = seed_existing(args.rows, args.existing)
    spellings = province_spellings()
    good_producers = producer_rows(args.rows, spellings)
    bad_producers = [list(row) for row in good_producers]
    bad_every = max(1, round(1 / args.bad))
    for number, row in enumerate(bad_producers):
        if number % bad_every == bad_every // 2:  # spread through the file, the first one after a batch or so
            if number % (2 * bad_every) == bad_every // 2:
                row[4] = "Tỉnh Không Tồn Tại"
            else:
                row[2] = "12345"
    files = {
        "producers": xlsx(PRODUCER_HEADERS, good_producers),
        "products": xlsx(PRODUCT_HEADERS, product_rows(args.rows)),
        "producers-bad": xlsx(PRODUCER_HEADERS, bad_producers),
    }

    statements = {"count": 0}

    def count(execute, sql, params, many, context):
        statements["count"] += 1
        return execute(sql, params, many, context)

    def read(name):
        started = time.perf_counter()
        dataset = base_formats.XLSX().create_dataset(files[name])
        return dataset, time.perf_counter() - started

    def timed_import(resource_class, name, *, dry_run: bool) -> dict:
        dataset, read_seconds = read(name)
        kwargs = {"dry_run": dry_run, "raise_errors": False, "file_name": f"{name}.xlsx", "user": admin}
        if not dry_run:
            kwargs["retain_instance_in_row_result"] = True  # as the admin's confirm step asks
        statements["count"] = 0
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            result = resource_class().import_data(dataset, **kwargs)
            seconds = time.perf_counter() - started
        return {"seconds": seconds, "read_seconds": read_seconds, "queries": statements["count"],
                "totals": dict(result.totals), "invalid_rows": len(result.invalid_rows),
                "errors": result.has_errors()}

    def best_dry_run(resource_class, name) -> dict:
        runs = [timed_import(resource_class, name, dry_run=True) for _ in range(args.repeat)]
        best = min(runs, key=lambda run: run["seconds"])
        return {**best, "all_seconds": [run["seconds"] for run in runs]}

    def good(step: dict) -> dict:
        if step["invalid_rows"] or step["errors"]:
            raise SystemExit(f"a good file did not import cleanly: {step}")
        return step

    measured = {}
    measured["producers, preview (dry run)"] = good(best_dry_run(ProducerResource, "producers"))
    measured["producers, import"] = good(timed_import(ProducerResource, "producers", dry_run=False))
    measured["products, preview (dry run)"] = good(best_dry_run(ProductResource, "products"))
    measured["products, import"] = good(timed_import(ProductResource, "products", dry_run=False))
    measured["producers, the same file again (every row an update)"] = good(
        timed_import(ProducerResource, "producers", dry_run=False))
    measured[f"producers, preview of a file with {args.bad:.0%} bad rows"] = best_dry_run(ProducerResource,
                                                                                        "producers-bad")

    # What the real imports stored: every row once, search columns filled, old province names resolved.
    bac_giang_row = next(i for i, row in enumerate(good_producers) if row[4] == "Bac Giang province")
    checks = {
        "producers stored": Producer.objects.count(),
        "products stored": Product.objects.count(),
        "producers without search_name": Producer.objects.filter(search_name="").count(),
        "products without search_text": Product.objects.filter(search_text="").count(),
        "'Bac Giang province' stored as": Producer.objects.get(tax_code=tax_code(bac_giang_row)).province.name,
    }
    if kind == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    return {"kind": kind, "version": version, "measured": measured, "checks": checks,
            "seeded": [seeded_producers, seeded_products], "file_kb": {k: len(v) // 1024 for k, v in files.items()}}


# --- Orchestration -------------------------------------------------------------------------------------------


def bench_database(kind: str, args, folder: Path) -> dict:
    env = {**os.environ, "VAR_DIR": str(folder / "var"), "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = folder / "result.json"
    with throwaway_database(kind, folder, pg_url=args.pg_url) as url:
        subprocess.run([PYTHON, __file__, "--child", kind, "--child-output", str(out), "--rows", str(args.rows),
                        "--existing", str(args.existing), "--bad", str(args.bad), "--repeat", str(args.repeat)],
                       env={**env, "DATABASE_URL": url}, cwd=ROOT, check=True)
    return json.loads(out.read_text())


def report(all_results: list[dict], args) -> str:
    command = ".venv/bin/python tests/benchmarks/bench_import.py " + " ".join(
        f"'{arg}'" if " " in arg else arg for arg in sys.argv[1:])
    seeded = all_results[0]["seeded"]
    sizes = ", ".join(f"{name} {kb} kB" for name, kb in all_results[0]["file_kb"].items())
    lines = [
        "# Spreadsheet import benchmark",
        "",
        "Produced by `tests/benchmarks/bench_import.py` (do not edit by hand; run it again).",
        "",
        f"- Date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} (machine time)",
        f"- Machine: {machine()}, Python {platform.python_version()}",
        f"- Databases: {', '.join(result['version'] for result in all_results)}",
        f"- Command: `{command}`",
        *([f"- Note: {args.note}"] if args.note else []),
        f"- Files: XLSX, {args.rows:,} rows each ({sizes}); "
        f"{seeded[0]:,} of the producers and {seeded[1]:,} of the products already stored (updated by the import)",
        f"- Timed: `Resource().import_data(...)` as the admin's preview and confirm steps call it; dry runs best of "
        f"{args.repeat}, real imports once. Reading the XLSX into a dataset is the separate column. Queries: every "
        "statement sent to the database during the call (savepoints included).",
        "",
        "| database | step | rows: new / update / invalid | seconds | queries | reading XLSX (s) |",
        "|---|---|---|---:|---:|---:|",
    ]
    for result in all_results:
        for step, m in result["measured"].items():
            totals = m["totals"]
            lines.append(
                f"| {result['kind']} | {step} | {totals.get('new', 0):,} / {totals.get('update', 0):,} / "
                f"{m['invalid_rows']:,} | {m['seconds']:.1f} | {m['queries']:,} | {m['read_seconds']:.1f} |"
            )
    lines += [
        "",
        "Before bulk imports (commit 7ce9510: a province index, a producer or product look-up, a uniqueness or",
        "foreign-key check, a savepoint and a save per row), this script measured 7 queries per row plus 5 per",
        "file (7,005 for 1,000 rows) and 4.5–6.0 s per 1,000 rows, i.e. about 45–60 s per 10,000-row step, on",
        "the same shared machine (`--rows 1000 --repeat 1`; measured once, not re-run by this script).",
        "",
        "Queries now: a fixed number of look-ups per file (the provinces or the file's producers, the stored",
        "rows it updates; on SQLite one per 999 keys, as Django counts SQLite's parameter limit) plus one",
        "statement per batch written (1,000 rows on PostgreSQL; about 58 on SQLite, for the same limit) and",
        "their savepoints. A file with a bad row writes nothing after that row is found.",
    ]
    lines += ["", "Every dry run, seconds:", ""]
    for result in all_results:
        for step, m in result["measured"].items():
            if "all_seconds" in m:
                lines.append(f"- {result['kind']}, {step}: {', '.join(f'{s:.1f}' for s in m['all_seconds'])}")
    lines += ["", "Checked after the real imports:", ""]
    for result in all_results:
        lines.append(f"- {result['kind']}: " + "; ".join(f"{k}: {v}" for k, v in result["checks"].items()))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-output", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--existing", type=float, default=0.2, help="share of producers (and their products) "
                                                                     "already stored, so the files update them")
    parser.add_argument("--bad", type=float, default=0.01, help="share of broken rows in the bad producers file")
    parser.add_argument("--repeat", type=int, default=3, help="dry runs per file; the best counts")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--output", default=str(Path(__file__).with_name("RESULTS-import.md")))
    parser.add_argument("--note", default="", help="a line about the run, e.g. that the machine was shared")
    args = parser.parse_args()
    if args.child:
        Path(args.child_output).write_text(json.dumps(run_child(args.child, args)))
        return
    all_results = []
    for kind in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix=f"cnnt-bench-import-{kind}-") as folder:
            print(f"== {kind}: {args.rows:,} rows per file", flush=True)
            all_results.append(bench_database(kind, args, Path(folder)))
    text = report(all_results, args)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

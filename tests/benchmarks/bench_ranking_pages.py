"""The results pages of a national-size stress round, each measured in a fresh process, and their figures checked
against the pure functions over every raw score.

A script, not a test (pytest collects only test_*.py). It:
  1. creates a throwaway PostgreSQL database cnnt_bench_wtscoring_pages_<pid> on the server of --pg-url (dropped
     at the end unless --keep) and migrates it;
  2. builds the stress round (tests/benchmarks/stress.py: --nominations × --members sheets of --criteria
     scores, stored figures refreshed) and a draft results decision, times its first proposal
     (awards.services.propose_first_entries, one action for every nomination);
  3. for each page, starts a FRESH Python process that logs a national secretariat in through Django's test
     client and requests the page --repeat times: the first (cold) request, the best of the others, and the
     process's peak resident memory (resource.getrusage ru_maxrss) after them; the process then renders the
     page once more with template context capture on and writes the rows it showed;
  4. computes the same figures with the pure functions (scoring.aggregation, ranking, agreement) from every
     raw score, read in chunks, and compares: the whole database ranking row by row, every row each page
     showed, the report's deviations, normalised averages, agreement figures and histogram, the decision's
     entries;
  5. writes the table to tests/benchmarks/RESULTS-ranking-pages.md (or --output).

    .venv/bin/python tests/benchmarks/bench_ranking_pages.py --nominations 10000 --members 9 --criteria 15
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stress  # noqa: E402  (the folder is not a package)
from common import load_line  # noqa: E402

ROOT = stress.ROOT

# name → (URL name, URL kwargs key, query string, what it is)
PAGES = {
    "ranking": ("scoring:round_ranking", "round", "", "Ranking page, page 1 (50 rows, a column per member)"),
    "ranking_last": ("scoring:round_ranking", "round", "trang=200", "Ranking page, page 200 (the last)"),
    "report": ("scoring:round_report", "round", "", "Round report (statistics, top 50, warnings page 1)"),
    "entries": ("awards:decision_entries", "decision", "", "Decision entries, page 1 (50 lines)"),
    "entries_filtered": ("awards:decision_entries", "decision", "ket_qua=khong&q=1234",
                         "Decision entries, filtered (not recognised, name contains 1234)"),
    "decision": ("awards:decision_detail", "decision", "", "Decision page (first 50 lines)"),
    "report_xlsx": ("scoring:round_report_xlsx", "round", "", "Report as XLSX (every row, streamed in chunks)"),
}


def _decimal(value):
    return None if value is None else str(value)


def _row(item) -> dict:
    row = item["row"]
    ranked = row.ranked
    return {
        "nomination": row.nomination.pk, "rank": ranked.rank, "average": _decimal(ranked.average),
        "passes": ranked.passes, "within_quota": ranked.within_quota, "quota_tie": ranked.quota_tie,
        "council": ranked.council_decision_needed, "key": [str(k) for k in ranked.tie_break_key],
        "groups": {k: str(v) for k, v in row.group_averages.items()}, "spread": _decimal(row.spread),
        "range": _decimal(row.range), "sheets": row.sheet_count, "zscore": _decimal(row.zscore),
        "totals": [_decimal(t) for t in row.member_totals], "flags": len(row.flags),
    }


def shown(name: str, context) -> dict:
    """What a page showed, in plain JSON, from its template context."""
    if name.startswith("ranking"):
        return {"rows": [_row(item) for item in context["rows"]],
                "members": [m.user_id for m in context["ranking"].members]}
    if name == "report":
        report = context["report"]
        return {
            "rows": [_row(item) for item in context["rows"]],
            "member_ids": [m.user_id for m in report.members],
            "members": [[m.user_id, _decimal(m.deviation.mean_deviation) if m.deviation else None,
                         m.deviation.n if m.deviation else 0, bool(m.deviation and m.deviation.flagged)]
                        for m in report.members],
            "agreements": [[a.jury.name, _decimal(a.kendalls_w), _decimal(a.icc), a.nominations]
                           for a in report.agreements],
            "bins": {str(k): v for k, v in report.bins.items()},
            "flagged": context["flagged_page"].paginator.count,
        }
    if name in {"entries", "entries_filtered"}:
        return {"rows": [[e.nomination_id, e.rank, _decimal(e.average), e.group_averages, e.recognised]
                         for e in context["page"].object_list], "count": context["page"].paginator.count}
    return {}


def peak_mb() -> float:
    """Peak resident memory of this process, MB. /proc's VmHWM belongs to this program image; getrusage's
    ru_maxrss would also count the parent's peak before exec (Linux carries it over), and the parent here is
    the process that built the data."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(args) -> None:
    """In the fresh process: time the page, then capture what it showed."""
    stress.use_database(args.database_url)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    url_name, key, query, _what = PAGES[args.measure]
    url = reverse(url_name, args=[args.round if key == "round" else args.decision]) + (f"?{query}" if query else "")
    client = Client()
    client.force_login(get_user_model().objects.get(email=stress.SECRETARY))
    import config.urls  # noqa: F401  (every view module, as a server process has them)

    loaded_mb = peak_mb()
    times, size = [], 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    peak = peak_mb()
    setup_test_environment()
    context = client.get(url).context
    result = {"first": times[0], "best": min(times[1:] or times), "peak_mb": peak, "loaded_mb": loaded_mb,
              "bytes": size, "url": url,
              "shown": shown(args.measure, context) if context is not None else {}}
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")


# --- The reference: the pure functions over every raw score --------------------------------------------------


def reference(selection_round, chunk: int = 500) -> dict:
    """Every accepted nomination's pure result, the pure ranking, deviations, normalised averages, agreement."""
    from scoring import aggregation, agreement
    from scoring.enums import SCORING_JURY_ROLES
    from scoring.models import Jury, JuryMember, Nomination, Recusal, ScoreSheet
    from scoring.ranking import rank

    ids = sorted(Nomination.objects.filter(round=selection_round, state="accepted").values_list("pk", flat=True))
    recused = set(Recusal.objects.filter(nomination__round=selection_round).values_list("nomination_id", "user_id"))
    results, light = [], []
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        by_nomination = defaultdict(list)
        for sheet in (ScoreSheet.objects.filter(nomination_id__in=part).order_by("nomination_id", "member_id")
                      .prefetch_related("scores__criterion__group")):
            scores = {s.criterion.code: s.value for s in sheet.scores.all() if s.value is not None}
            pure = aggregation.Sheet(sheet.member_id, sheet.nomination_id, scores,
                                     group_of={s.criterion.code: s.criterion.group.code for s in sheet.scores.all()},
                                     submitted=sheet.is_submitted,
                                     recused=(sheet.nomination_id, sheet.member_id) in recused)
            by_nomination[sheet.nomination_id].append(pure)
            # Only the total matters to the round-wide statistics: keep a light copy.
            light.append(aggregation.Sheet(pure.judge_id, pure.nomination_id, {"t": aggregation.sheet_total(pure)},
                                           submitted=pure.submitted, recused=pure.recused))
        for pk in part:
            result = aggregation.nomination_result(by_nomination[pk], method=selection_round.method,
                                                   min_sheets=selection_round.min_sheets,
                                                   outlier_distance=selection_round.outlier_distance)
            results.append(dataclasses.replace(result, nomination_id=pk))
    ranked = rank(results, threshold=selection_round.threshold, tie_breaks=selection_round.tie_break_chain,
                  quota=selection_round.quota)
    agreements = []
    for jury in Jury.objects.filter(round=selection_round).order_by("name", "pk"):
        members = set(JuryMember.objects.filter(jury=jury, role__in=SCORING_JURY_ROLES).values_list("user_id",
                                                                                                    flat=True))
        matrix = agreement.score_matrix([s for s in light if s.judge_id in members])
        agreements.append([jury.name, _decimal(agreement.kendalls_w(matrix) if matrix else None),
                           _decimal(agreement.icc(matrix) if matrix else None), len(matrix[0]) if matrix else 0])
    return {
        "results": {r.nomination_id: r for r in results}, "ranked": ranked,
        "deviations": aggregation.judge_deviation_report(light, threshold=selection_round.bias_threshold),
        "zscores": aggregation.zscore_averages(light), "agreements": agreements, "light": light,
    }


def expected_row(ranked_row, result, zscore, totals, member_ids) -> dict:
    return {
        "nomination": ranked_row.nomination_id, "rank": ranked_row.rank, "average": _decimal(ranked_row.average),
        "passes": ranked_row.passes, "within_quota": ranked_row.within_quota, "quota_tie": ranked_row.quota_tie,
        "council": ranked_row.council_decision_needed, "key": [str(k) for k in ranked_row.tie_break_key],
        "groups": {k: str(v) for k, v in result.group_averages.items()}, "spread": _decimal(result.spread),
        "range": _decimal(result.range), "sheets": result.sheet_count, "zscore": _decimal(zscore),
        "totals": [_decimal(totals.get(m)) for m in member_ids], "flags": len(result.flags),
    }


def compare(selection_round, decision, ref: dict, measured: dict) -> dict[str, str]:
    """What was checked against the reference, and how it came out ("equal" or the first differences)."""
    from awards.models import DecisionEntry
    from scoring.charts import bin_counts
    from scoring.ranking_queries import ranked_row, ranking

    checks = {}
    ranked_by_id = {row.nomination_id: row for row in ref["ranked"]}
    totals = defaultdict(dict)
    for sheet in ref["light"]:
        if sheet.counts:
            totals[sheet.nomination_id][sheet.judge_id] = sheet.scores["t"]

    def verdict(differences: list, checked: int) -> str:
        return f"equal ({checked:,} checked)" if not differences else f"{len(differences)} DIFFERENT: {differences[:3]}"

    database = [ranked_row(n, selection_round) for n in ranking(selection_round).iterator(chunk_size=2000)]
    differences = [(a, b) for a, b in zip(database, ref["ranked"], strict=True) if a != b]
    checks["Whole database ranking (every row: rank, average, tie-break key, pass, quota)"] = verdict(
        differences, len(database))

    for name, page in measured.items():
        rows = page["shown"].get("rows")
        if rows is None:
            continue
        if name.startswith(("ranking", "report")):
            members = page["shown"].get("members") if name.startswith("ranking") else page["shown"]["member_ids"]
            expected = [expected_row(ranked_by_id[r["nomination"]], ref["results"][r["nomination"]],
                                     ref["zscores"].get(r["nomination"]), totals[r["nomination"]], members)
                        for r in rows]
            order = [row.nomination_id for row in ref["ranked"]]
            # Page 200, or the last one when there are fewer (Django's get_page).
            number = min(200, -(-len(order) // 50)) if name == "ranking_last" else 1
            expected_ids = order[(number - 1) * 50:number * 50]
            differences = [(a, b) for a, b in zip(rows, expected, strict=True) if a != b]
            if [r["nomination"] for r in rows] != expected_ids:
                differences.append("order")
            checks[f"{name}: every row shown (rank, figures, member totals, normalised average)"] = verdict(
                differences, len(rows))
        else:
            differences = []
            for nomination_id, rank_, average, groups, recognised in rows:
                row, result = ranked_by_id[nomination_id], ref["results"][nomination_id]
                want = (row.rank, _decimal(row.average), {k: str(v) for k, v in result.group_averages.items()},
                        row.within_quota)
                if (rank_, average, groups, recognised) != want:
                    differences.append((nomination_id, want))
            checks[f"{name}: every line shown (rank, average, group averages, proposal)"] = verdict(
                differences, len(rows))
    report = measured.get("report", {}).get("shown")
    if report:
        differences = []
        for user_id, deviation, n, flagged in report["members"]:
            want = ref["deviations"].get(user_id)
            if [deviation, n, flagged] != ([_decimal(want.mean_deviation), want.n, want.flagged] if want
                                           else [None, 0, False]):
                differences.append(user_id)
        checks["report: each member's deviation and flag"] = verdict(differences, len(report["members"]))
        checks["report: Kendall's W and ICC(2,1) per jury"] = verdict(
            [] if report["agreements"] == ref["agreements"] else [report["agreements"], ref["agreements"]],
            len(report["agreements"]))
        bins = {str(k): v for k, v in bin_counts(r.average for r in ref["ranked"] if r.average is not None).items()}
        flagged = sum(1 for r in ref["results"].values() if r.flags)
        checks["report: histogram and number of flagged nominations"] = verdict(
            [] if (report["bins"], report["flagged"]) == (bins, flagged) else [report["flagged"], flagged], 2)
    differences = []
    entries = DecisionEntry.objects.filter(decision=decision).values_list("nomination_id", "rank", "average",
                                                                           "group_averages", "recognised")
    for nomination_id, rank_, average, groups, recognised in entries.iterator(chunk_size=2000):
        row, result = ranked_by_id[nomination_id], ref["results"][nomination_id]
        if (rank_, average, {k: Decimal(v) for k, v in groups.items()}, recognised) != (
                row.rank, row.average, result.group_averages, row.within_quota):
            differences.append(nomination_id)
    checks["Decision: every entry of the first proposal"] = verdict(differences, len(ranked_by_id))
    return checks


def run(args) -> None:
    name = f"cnnt_bench_wtscoring_pages_{os.getpid()}"
    stress.psql(args.pg_url, f"CREATE DATABASE {name}")
    url = f"{args.pg_url.rstrip('/')}/{name}"
    # DEBUG off serves hashed static files: collect them once into a scratch folder the page processes share.
    scratch = tempfile.TemporaryDirectory(prefix="cnnt-bench-pages-")
    os.environ["VAR_DIR"] = scratch.name
    try:
        stress.use_database(url)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        from awards.models import ResultsDecision
        from awards.services import propose_first_entries

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        selection_round = stress.build_round(args.nominations, args.members, args.criteria, args.seed,
                                             quota=args.quota)
        build_seconds = time.perf_counter() - started
        secretary = get_user_model().objects.get(email=stress.SECRETARY)
        decision = ResultsDecision.objects.create(round=selection_round, number="1/QĐ-BCT (thử tải)")
        started = time.perf_counter()
        propose_first_entries(decision=decision, by=secretary, exclusion_reason="Dưới ngưỡng hoặc ngoài chỉ tiêu")
        proposal_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT COUNT(*) FROM scoring_scoresheet")
            (sheet_count,) = cursor.fetchone()
            cursor.execute("SELECT COUNT(*) FROM scoring_score")
            (score_count,) = cursor.fetchone()
        server = connection.cursor().connection.info.server_version
        connection.close()

        measured = {}
        for page in args.pages.split(","):
            out = Path(f"/tmp/{name}-{page}.json")
            subprocess.run([sys.executable, __file__, "--measure", page, "--database-url", url,
                            "--round", str(selection_round.pk), "--decision", str(decision.pk),
                            "--repeat", str(args.repeat), "--out", str(out)], check=True, cwd=ROOT)
            measured[page] = json.loads(out.read_text(encoding="utf-8"))
            out.unlink()
            print(page, {k: v for k, v in measured[page].items() if k != "shown"}, flush=True)
        started = time.perf_counter()
        ref = reference(selection_round)
        reference_seconds = time.perf_counter() - started
        checks = compare(selection_round, decision, ref, measured)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            stress.psql(args.pg_url, f"DROP DATABASE IF EXISTS {name}")
        scratch.cleanup()
    write(args, measured, checks, sheet_count=sheet_count, score_count=score_count, server=server,
          build_seconds=build_seconds, proposal_seconds=proposal_seconds, reference_seconds=reference_seconds)


def write(args, measured, checks, **facts) -> None:
    command = (f"tests/benchmarks/bench_ranking_pages.py --nominations {args.nominations} --members {args.members} "
               f"--criteria {args.criteria} --quota {args.quota} --repeat {args.repeat}")
    lines = [
        "# Results pages of a national-size stress round",
        "",
        f"Produced by `.venv/bin/python {command}` (do not edit by hand; run it again).",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"PostgreSQL {facts['server']}; {load_line()}.",
        f"- Data: 1 national round, {args.nominations:,} accepted nominations × {args.members} members × "
        f"{args.criteria} criteria = {facts['sheet_count']:,} sheets, {facts['score_count']:,} scores (≈1 % drafts, "
        f"≈1 % recused), quota {args.quota}; built in {facts['build_seconds']:.0f} s (bulk inserts and the "
        "stored figures of every nomination).",
        "- Each page: a fresh Python process, a national secretariat logged in through Django's test client (the "
        "whole view, middleware and template), DEBUG off; first request (cold), then the best of the next "
        f"{args.repeat - 1}; peak resident memory of the process after them (VmHWM of /proc/self/status: "
        "`resource.getrusage` would report the peak of the parent that built the data, which Linux carries over "
        "exec). The memory includes Django with every view module loaded (the \"loaded\" column), as in a "
        "server process.",
        "",
        "| Page | First request (ms) | Best (ms) | Peak memory (MB) | Loaded, before the page (MB) | HTML (kB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page, result in measured.items():
        lines.append(f"| {PAGES[page][3]} | {result['first'] * 1000:.0f} | {result['best'] * 1000:.0f} | "
                     f"{result['peak_mb']:.0f} | {result['loaded_mb']:.0f} | {result['bytes'] / 1024:.0f} |")
    lines += [
        "",
        "Targets: first page ≤ 1 s and ≤ 200 MB for the ranking, the decision entries and the report. Before this "
        "change (measured by the issue on the same data): ranking from the report 58 s and 1.9 GB; decision entries "
        "59 s then a server error; report 77 s, 1.6 GB, 5.3 MB of HTML.",
        "",
        f"The first proposal of the decision (`propose_first_entries`: the ranking read once, {args.nominations:,} "
        f"entries written) took {facts['proposal_seconds']:.1f} s.",
        "",
        "## Figures against the pure functions",
        "",
        f"The reference reads every raw score in chunks and runs `scoring.aggregation`, `scoring.ranking` and "
        f"`scoring.agreement` on them ({facts['reference_seconds']:.0f} s).",
        "",
        "| Check | Result |",
        "|---|---|",
        *[f"| {what} | {result} |" for what, result in checks.items()],
        "",
    ]
    text = "\n".join(lines)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nominations", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=9)
    parser.add_argument("--criteria", type=int, default=15)
    parser.add_argument("--quota", type=int, default=110)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--output", default=str(ROOT / "tests/benchmarks/RESULTS-ranking-pages.md"))
    parser.add_argument("--keep", action="store_true", help="keep the database (for EXPLAIN by hand)")
    parser.add_argument("--pages", default=",".join(PAGES))
    # Used by the script itself to run one measurement in a fresh process.
    parser.add_argument("--measure", choices=list(PAGES))
    parser.add_argument("--database-url")
    parser.add_argument("--round", type=int)
    parser.add_argument("--decision", type=int)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.measure:
        measure(args)
        return
    run(args)


if __name__ == "__main__":
    main()

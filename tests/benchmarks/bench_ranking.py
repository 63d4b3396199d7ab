"""The database ranking of a national-size round: the one path (stored figures, scoring.ranking_queries.ranking)
against hand-written SQL over the same stored figures (the floor) and over the raw scores (what every page did
before the figures were stored).

A script, not a test (pytest collects only test_*.py). It:
  1. creates a throwaway PostgreSQL database cnnt_bench_wtscoring_ranking_<pid> on the server of --pg-url
     (dropped at the end unless --keep) and migrates it;
  2. builds the stress round of tests/benchmarks/stress.py (--nominations × --members sheets of --criteria
     scores, about 1 % drafts and 1 % recused, stored figures refreshed); ANALYZE;
  3. times, best of --repeat: (a) `ranking(round)` listed with `ranked_row` per row (the whole ranking, as the
     first proposal of a decision reads it), (b) its first page of 50 rows, (c) one hand-written SQL over the
     stored figures (window rank, ORDER BY sort key), (d) the hand-written aggregate over the raw scores
     (GROUP BY nomination, mean, 4 group sums, ORDER BY);
  4. checks that all give the same order, and writes the table to tests/benchmarks/RESULTS-ranking.md.

    .venv/bin/python tests/benchmarks/bench_ranking.py --nominations 10000 --members 9 --criteria 15
"""

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stress  # noqa: E402  (the folder is not a package)
from common import load_line  # noqa: E402

ROOT = stress.ROOT

FROM_SCORES_SQL = """
SELECT id, n_sheets, ROUND(points / n_sheets, 2) AS average, ROUND(g1 / n_sheets, 2), ROUND(g2 / n_sheets, 2),
       ROUND(g3 / n_sheets, 2), ROUND(g4 / n_sheets, 2)
FROM (
  SELECT n.id,
         COUNT(DISTINCT s.id) AS n_sheets,
         SUM(sc.value) AS points,
         SUM(sc.value) FILTER (WHERE g.code = '1') AS g1,
         SUM(sc.value) FILTER (WHERE g.code = '2') AS g2,
         SUM(sc.value) FILTER (WHERE g.code = '3') AS g3,
         SUM(sc.value) FILTER (WHERE g.code = '4') AS g4
  FROM scoring_nomination n
  JOIN scoring_scoresheet s ON s.nomination_id = n.id AND s.status = 'submitted'
  JOIN scoring_score sc ON sc.sheet_id = s.id
  JOIN scoring_criterion c ON c.id = sc.criterion_id
  JOIN scoring_criteriongroup g ON g.id = c.group_id
  WHERE n.round_id = %s AND n.state = 'accepted'
    AND NOT EXISTS (SELECT 1 FROM scoring_recusal r
                    WHERE r.nomination_id = s.nomination_id AND r.user_id = s.member_id)
  GROUP BY n.id
) AS t
ORDER BY 3 DESC, 4 DESC, 5 DESC, 6 DESC, 7 DESC, id
"""
# (PostgreSQL's ROUND on numeric rounds half away from zero, which for these non-negative figures is the
# project's ROUND_HALF_UP; the hand-written query may rely on it.)

FROM_FIGURES_SQL = """
SELECT n.id, f.average, f.sort_key, RANK() OVER (ORDER BY f.sort_key DESC NULLS LAST),
       COUNT(*) OVER (PARTITION BY f.sort_key)
FROM scoring_nomination n LEFT JOIN scoring_nominationfigures f ON f.nomination_id = n.id
WHERE n.round_id = %s AND n.state = 'accepted'
ORDER BY f.sort_key DESC NULLS LAST, n.id
"""


def best_of(repeat: int, function):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nominations", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=9)
    parser.add_argument("--criteria", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--output", default=str(ROOT / "tests/benchmarks/RESULTS-ranking.md"))
    parser.add_argument("--keep", action="store_true", help="keep the database (for EXPLAIN by hand)")
    args = parser.parse_args()

    name = f"cnnt_bench_wtscoring_ranking_{os.getpid()}"
    stress.psql(args.pg_url, f"CREATE DATABASE {name}")
    try:
        stress.use_database(f"{args.pg_url.rstrip('/')}/{name}")
        from django.core.management import call_command
        from django.db import connection

        from scoring.ranking_queries import ranked_row, ranking

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        selection_round = stress.build_round(args.nominations, args.members, args.criteria, args.seed)
        build_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM scoring_scoresheet")
            (sheet_count,) = cursor.fetchone()
            cursor.execute("SELECT COUNT(*) FROM scoring_score")
            (score_count,) = cursor.fetchone()

        def whole():
            return [ranked_row(n, selection_round) for n in ranking(selection_round)]

        def first_page():
            return [ranked_row(n, selection_round) for n in ranking(selection_round)[:50]]

        def sql(text):
            def run():
                with connection.cursor() as cursor:
                    cursor.execute(text, [selection_round.pk])
                    return cursor.fetchall()
            return run

        timings, rows = {}, {}
        for label, function in [("whole", whole), ("page", first_page), ("figures_sql", sql(FROM_FIGURES_SQL)),
                                ("scores_sql", sql(FROM_SCORES_SQL))]:
            function()  # warm (plans, buffers)
            timings[label], rows[label] = best_of(args.repeat, function)
        order = [row.nomination_id for row in rows["whole"]]
        same_order = (order == [r[0] for r in rows["figures_sql"]] == [r[0] for r in rows["scores_sql"]]
                      and order[:50] == [row.nomination_id for row in rows["page"]])
        plan = ranking(selection_round)[:50].explain(analyze=True)
        server = connection.cursor().connection.info.server_version
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            stress.psql(args.pg_url, f"DROP DATABASE IF EXISTS {name}")

    command = ("tests/benchmarks/bench_ranking.py " +
               f"--nominations {args.nominations} --members {args.members} --criteria {args.criteria} "
               f"--repeat {args.repeat}")
    ms = {label: seconds * 1000 for label, seconds in timings.items()}
    table = f"""# Ranking benchmark: the database ranking over stored figures

Date: {datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")} · command: `.venv/bin/python {command}`
Machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, PostgreSQL {server};
{load_line()}.
Data: 1 national round, {args.nominations:,} accepted nominations × {args.members} members × {args.criteria}
criteria = {sheet_count:,} sheets, {score_count:,} scores (≈1 % drafts, ≈1 % recused); built in {build_seconds:.0f} s.

| What (best of {args.repeat}) | Rows | Time (ms) |
|---|---:|---:|
| `ranking(round)` listed + `ranked_row` per row (the whole ranking) | {len(rows["whole"]):,} | {ms["whole"]:.0f} |
| `ranking(round)[:50]` + `ranked_row` (a page) | {len(rows["page"]):,} | {ms["page"]:.0f} |
| Hand SQL, stored figures (window rank, ORDER BY key) | {len(rows["figures_sql"]):,} | {ms["figures_sql"]:.0f} |
| Hand SQL, raw scores (GROUP BY, mean, 4 group sums): before | {len(rows["scores_sql"]):,} | {ms["scores_sql"]:.0f} |

Same order from all four: {"yes" if same_order else "NO"}. The whole ranking costs
{ms["whole"] / ms["figures_sql"]:.1f}× the hand-written query over the same rows (the rest is building
Python rows), and a page costs what its 50 rows cost: the window ranks the round in the database.

Each nomination's figures are stored when what counts changes (scoring.figures.refresh_figures: submit, reopen,
recusal), so a ranking no longer sums 1.35 million scores: it reads one row per nomination and sorts on
`NominationFigures.sort_key`, the fixed-width text form of `scoring.ranking.sort_key`. No index was needed.

Plan of the first page (EXPLAIN ANALYZE):

```
{plan}
```
"""
    Path(args.output).write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()

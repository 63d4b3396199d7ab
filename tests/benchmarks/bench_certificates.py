"""A round's certificate ZIP built by the background worker: time per certificate and the worker's peak memory.

A script, not a test. It makes a throwaway PostgreSQL database (cnnt_bench_certs_<pid> on --pg-url's server,
dropped at the end) and media folder, publishes a results decision with --count recognised products through
the real services (numbers, certificates, the participants' e-mails into the outbox), queues the ZIP job the way
the page's button does (TASK_BACKEND=database), then starts one worker process (`manage.py db_worker --batch`)
that runs every queued task and exits. Measured: the job's own time (first claim to result stored) divided by
the count, the worker process's wall time, and its peak resident memory (getrusage of the child). The ZIP is
then opened and every name checked. Results go to tests/benchmarks/RESULTS-certificates.md (or --output).

    .venv/bin/python tests/benchmarks/bench_certificates.py --count 1000
"""

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.common import load_line, machine, throwaway_database  # noqa: E402


def setup_child(count: int) -> None:
    """In the child: migrate, publish a decision with `count` certificates, queue the ZIP job."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from awards.services import set_decision_state, start_certificate_bundle
    from catalog import enums
    from tests.factories import DecisionEntryFactory, ProvinceFactory, ResultsDecisionFactory, UserFactory

    secretary = UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE,
                            scope_province=ProvinceFactory(), email="bench-thu-ky@example.vn")
    decision = ResultsDecisionFactory(state="approved")
    from django.core.files.base import ContentFile

    decision.signed_scan.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    for _ in range(count):
        DecisionEntryFactory(decision=decision)
    set_decision_state(decision=decision, new_state="published", by=secretary)
    job, mine = start_certificate_bundle(decision=decision, by=secretary)
    print(job.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("RESULTS-certificates.md"))
    parser.add_argument("--note", default="", help="what changed since the last row")
    parser.add_argument("--setup-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup_child:
        setup_child(args.setup_child)
        return

    with tempfile.TemporaryDirectory() as folder, throwaway_database(
            "postgres", Path(folder), pg_url=args.pg_url, prefix="cnnt_bench_certs") as url:
        env = {**os.environ, "DATABASE_URL": url, "TASK_BACKEND": "database", "VAR_DIR": folder,
               "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "LOG_LEVEL": "WARNING"}
        started = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--setup-child", str(args.count)], env=env, check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout
        job_id = int(out.strip().splitlines()[-1])
        setup_seconds = time.perf_counter() - started

        started = time.perf_counter()
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
                                   "--verbosity", "0"], env=env, cwd=ROOT)
        _, status, usage = os.wait4(worker.pid, 0)  # this process's own resource figures, not the setup's
        worker.returncode = os.waitstatus_to_exitcode(status)
        assert worker.returncode == 0, worker.returncode
        worker_seconds = time.perf_counter() - started
        peak_mb = usage.ru_maxrss / 1024

        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as connection:
            state, done, total, attempts, error, began, ended, name = connection.execute(
                "SELECT state, done, total, attempts, error, started_at, finished_at, result FROM catalog_job "
                "WHERE id = %s", [job_id]).fetchone()
        with zipfile.ZipFile(Path(folder) / "private" / name) as archive:
            names = archive.namelist()
        assert (state, done, total, len(names)) == ("done", args.count, args.count, args.count), (state, error)
        job_seconds = (ended - began).total_seconds()

    row = (f"| {datetime.date.today():%Y-%m-%d} | {args.count} | {job_seconds:.1f} s | "
           f"{job_seconds / args.count * 1000:.0f} ms | {worker_seconds:.1f} s | {peak_mb:.0f} MB | {attempts} | "
           f"{setup_seconds:.0f} s | {'; '.join(filter(None, [args.note, machine(), load_line()]))} |")
    header = ("# The certificate ZIP through the background worker\n\n"
              "`.venv/bin/python tests/benchmarks/bench_certificates.py --count 1000` — one `db_worker --batch` "
              "process on PostgreSQL (TASK_BACKEND=database), PDFs by WeasyPrint, ZIP streamed to a temporary file "
              "by zipstream-ng, local private storage. Target: peak memory ≤ 300 MB.\n\n"
              f"Python {platform.python_version()}; each row names its machine and how busy it was.\n\n"
              "| date | certificates | job time | per certificate | worker wall time (incl. the outbox's e-mails) "
              "| worker peak RSS | tries | setup (publish) | note |\n|---|---|---|---|---|---|---|---|---|\n")
    if args.output.exists():  # one row per run, newest last
        args.output.write_text(args.output.read_text().rstrip("\n") + "\n" + row + "\n")
    else:
        args.output.write_text(header + row + "\n")
    print(header + row)


if __name__ == "__main__":
    main()

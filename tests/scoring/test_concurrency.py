"""Many members saving and submitting at once: no score lost, one sheet per member and nomination.

Runs on PostgreSQL (row locks and the unique constraint are what is under test; SQLite serialises every write
and would prove nothing). CI runs the suite on PostgreSQL.
"""

import threading
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from scoring import sheets
from scoring.enums import ChangePath, JuryRole, NominationState, SheetStatus
from scoring.models import NominationFigures, Score, ScoreChange, ScoreSheet
from tests.factories import JuryFactory, JuryMemberFactory, NominationFactory

from .conftest import FULL_SHEET

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking is only meaningful on PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HALVES = [{code: FULL_SHEET[code] for code in ("1.1", "1.2", "2.1", "2.2")},
          {code: FULL_SHEET[code] for code in ("2.3", "2.4", "3", "4")}]


def run_all(tasks):
    """Start every task at the same moment; return what each raised (None when it succeeded)."""
    barrier = threading.Barrier(len(tasks))
    outcomes = [None] * len(tasks)

    def runner(index, task):
        try:
            barrier.wait()
            task()
        except Exception as exc:  # collected and asserted on below
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def save_half(nomination, member, values, path):
    def task():
        sheets.save_scores(nomination_id=nomination.pk, member=member, values=values, by=member, path=path)
    return task


def submit(nomination, member):
    def task():
        sheet = ScoreSheet.objects.get(nomination=nomination, member=member)
        sheets.submit_score_sheet(sheet=sheet, by=member)
    return task


def test_concurrent_saves_and_submits_lose_nothing(scoring_round):
    jury = JuryFactory(round=scoring_round)
    members = [JuryMemberFactory(jury=jury, role=JuryRole.MEMBER).user for _ in range(5)]
    nominations = [NominationFactory(round=scoring_round, state=NominationState.ACCEPTED) for _ in range(3)]
    pairs = [(n, m) for n in nominations for m in members]

    # Two devices of each member save the two halves of the same sheet at the same moment, twice over.
    saves = [save_half(n, m, half, path) for n, m in pairs for half in HALVES
             for path in (ChangePath.AUTOSAVE, ChangePath.WEB)]
    save_outcomes = run_all(saves)
    # Then every member presses "submit" on two devices at once.
    submit_outcomes = run_all([submit(n, m) for n, m in pairs for _ in range(2)])

    assert save_outcomes == [None] * len(saves)
    assert ScoreSheet.objects.count() == len(pairs)
    assert Score.objects.filter(value__isnull=False).count() == len(pairs) * len(FULL_SHEET)
    assert set(ScoreSheet.objects.values_list("status", "total")) == {(SheetStatus.SUBMITTED, D("84"))}
    # Each value changed once: the second identical save is no change and leaves no audit row.
    assert ScoreChange.objects.exclude(path=ChangePath.SUBMIT).count() == len(pairs) * len(FULL_SHEET)
    refused = [o for o in submit_outcomes if o is not None]
    assert len(refused) == len(pairs)
    assert all(isinstance(o, ValidationError) for o in refused)
    assert ScoreChange.objects.filter(path=ChangePath.SUBMIT).count() == len(pairs)


def test_concurrent_submits_on_one_nomination_all_count_in_its_figures(scoring_round):
    jury = JuryFactory(round=scoring_round)
    members = [JuryMemberFactory(jury=jury, role=JuryRole.MEMBER).user for _ in range(6)]
    nomination = NominationFactory(round=scoring_round, state=NominationState.ACCEPTED)
    for member in members:
        sheets.save_scores(nomination_id=nomination.pk, member=member, values=FULL_SHEET, by=member,
                           path=ChangePath.WEB)

    # Every member submits at the same moment: each refresh of the figures must see the others' sheets.
    outcomes = run_all([submit(nomination, member) for member in members])

    figures = NominationFigures.objects.get(nomination=nomination)
    assert outcomes == [None] * len(members)
    assert (figures.sheet_count, figures.average, figures.total_sum) == (6, D("84.00"), D("504"))

"""The tamper-evident audit log (issue 11): services append chained entries; verify_audit finds an edit or a
removal made behind the application's back, at exactly the entry touched."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from catalog import audit
from catalog.models import AuditEntry, AuditRefused
from scoring import sheets
from scoring.enums import ChangePath, JuryRole, NominationState
from scoring.models import ScoreSheet
from scoring.services import set_nomination_state
from tests.factories import JuryFactory, JuryMemberFactory, NominationFactory

from .conftest import FULL_SHEET
from .test_concurrency import run_all, save_half

pytestmark = pytest.mark.django_db


def _judge_three_times(scoring_round):
    jury = JuryFactory(round=scoring_round)
    member = JuryMemberFactory(jury=jury, role=JuryRole.MEMBER).user
    nomination = NominationFactory(round=scoring_round, state=NominationState.ACCEPTED)
    first = dict(list(FULL_SHEET.items())[:3])
    sheets.save_scores(nomination_id=nomination.pk, member=member, by=member, path=ChangePath.AUTOSAVE, values=first)
    sheets.save_scores(nomination_id=nomination.pk, member=member, by=member, path=ChangePath.WEB, values=FULL_SHEET)
    sheet = ScoreSheet.objects.get(nomination=nomination, member=member)
    sheets.submit_score_sheet(sheet=sheet, by=member)
    return member, nomination, sheet


def _verify_fails():
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit")
    assert caught.value.returncode == 1
    return str(caught.value)


def test_services_append_a_chained_entry_per_change(scoring_round, capsys):
    member, nomination, sheet = _judge_three_times(scoring_round)

    entries = list(AuditEntry.objects.filter(object_type="scoring.scoresheet"))
    assert [e.action for e in entries] == ["score.save", "score.save", "sheet.submit"]
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == "" and entries[1].prev_hash == entries[0].hash
    assert entries[0].after == {code: FULL_SHEET[code] for code in list(FULL_SHEET)[:3]}
    assert entries[0].before == dict.fromkeys(list(FULL_SHEET)[:3])
    assert {e.actor_id for e in entries} == {member.pk} and {e.round_id for e in entries} == {scoring_round.pk}
    assert entries[2].after["status"] == "submitted"
    call_command("verify_audit")
    assert capsys.readouterr().out == "Audit chain intact: 3 entries.\n"


def test_raw_sql_edit_is_found_at_that_entry(scoring_round):
    _judge_three_times(scoring_round)
    assert audit.verify()[1] is None  # positive control: intact before the edit
    target = AuditEntry.objects.get(seq=2)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET action = %s WHERE id = %s",
                       ["score.nothing", target.pk])

    message = _verify_fails()
    assert f"entry id={target.pk} (seq 2): content does not match its hash" in message
    assert "1 entries before it are intact" in message


def test_raw_sql_delete_is_found_after_the_gap(scoring_round):
    _judge_three_times(scoring_round)
    removed, following = AuditEntry.objects.get(seq=2), AuditEntry.objects.get(seq=3)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [removed.pk])

    message = _verify_fails()
    assert f"entry id={following.pk} (seq 3): entries 2–2 are missing" in message


def test_removing_the_last_entry_is_found_by_the_head(scoring_round):
    _judge_three_times(scoring_round)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = 3")

    assert "the chain head expects entry 3 but the log ends at 2" in _verify_fails()


def test_orm_cannot_change_or_remove_an_entry(scoring_round):
    _judge_three_times(scoring_round)
    entry = AuditEntry.objects.get(seq=1)
    entry.action = "changed"
    with pytest.raises(AuditRefused):
        entry.save()
    with pytest.raises(AuditRefused):
        entry.delete()
    with pytest.raises(AuditRefused):
        AuditEntry.objects.filter(seq=1).update(action="changed")
    with pytest.raises(AuditRefused):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(seq=1).action == "score.save"
    assert audit.verify() == (3, None)


def test_nomination_state_change_is_audited(commune_round, secretary):
    nomination = NominationFactory(round=commune_round, state=NominationState.SUBMITTED)

    set_nomination_state(nomination=nomination, new_state=NominationState.RETURNED, by=secretary, reason=" x ")

    entry = AuditEntry.objects.get(object_type="scoring.nomination", action="nomination.state")
    assert (entry.object_id, entry.actor_id, entry.round_id) == (str(nomination.pk), secretary.pk, commune_round.pk)
    assert entry.before == {"state": NominationState.SUBMITTED}
    assert entry.after == {"state": NominationState.RETURNED, "reason": "x"}
    assert audit.verify() == (1, None)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent row locks need PostgreSQL here")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_do_not_fork_the_chain(scoring_round):
    jury = JuryFactory(round=scoring_round)
    members = [JuryMemberFactory(jury=jury, role=JuryRole.MEMBER).user for _ in range(4)]
    nominations = [NominationFactory(round=scoring_round, state=NominationState.ACCEPTED) for _ in range(2)]
    tasks = [save_half(n, m, FULL_SHEET, ChangePath.AUTOSAVE) for n in nominations for m in members]

    assert run_all(tasks) == [None] * len(tasks)
    assert AuditEntry.objects.filter(action="score.save").count() == len(tasks)
    assert audit.verify() == (AuditEntry.objects.count(), None)

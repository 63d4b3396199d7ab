"""Complaints: working-day deadlines on the configurable holiday calendar, filing, answering, overdue flags."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.holidays import answer_deadline, complaint_deadline
from awards.models import Complaint, PublicHoliday
from awards.services import answer_complaint, file_complaint
from catalog import enums as catalog_enums
from tests.factories import DecisionEntryFactory, ProducerFactory, ProductFactory, ProvinceFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(producer):
    return DecisionEntryFactory(decision__state="published", decision__notified_on=timezone.localdate(),
                                nomination__product=ProductFactory(producer=producer, name="Bình gốm men lam"))


def test_holidays_seeded_for_2025_to_2027():
    assert PublicHoliday.objects.filter(date__year__in=[2025, 2026, 2027]).count() == 33
    assert PublicHoliday.objects.get(date=D(2026, 2, 17)).name == "Tết Nguyên đán"


def test_complaint_deadline_skips_weekends_and_tet():
    # Notified Friday 13 Feb 2026; Tết holidays Mon 16 – Fri 20 Feb.
    assert complaint_deadline(D(2026, 2, 13)) == D(2026, 3, 13)


def test_answer_deadline_skips_weekend_and_holidays():
    # Filed Thursday 23 Apr 2026; Giỗ Tổ falls on Sunday 26/4, so Monday 27/4 is off instead (Labour Code
    # art. 111(3)); 30/4 and 1/5 are off.
    assert answer_deadline(D(2026, 4, 23)) == D(2026, 5, 12)


def test_complaint_deadline_over_a_weekend_holiday():
    # Notified Thursday 29 Apr 2027: 30/4 Friday off; 1/5 falls on Saturday, so Monday 3/5 is the compensatory
    # day off (art. 111(3)). Day 1 is Tuesday 4/5; the 15th working day is Monday 24/5.
    assert complaint_deadline(D(2027, 4, 29)) == D(2027, 5, 24)


def test_the_table_corrects_the_statutory_calendar():
    PublicHoliday.objects.create(date=D(2027, 5, 3), name="Đi làm bình thường (thông báo giả định)",
                                 kind="working")
    PublicHoliday.objects.create(date=D(2027, 5, 8), name="Thứ Bảy làm bù (thông báo giả định)", kind="working")

    # 3/5 is a working day again and Saturday 8/5 counts: two days earlier than 24/5.
    assert complaint_deadline(D(2027, 4, 29)) == D(2027, 5, 20)


def test_added_holiday_moves_the_deadline():
    PublicHoliday.objects.create(date=D(2026, 5, 4), name="Nghỉ bù")

    assert answer_deadline(D(2026, 4, 23)) == D(2026, 5, 13)


def test_complaint_deadline_follows_settings(settings):
    settings.COMPLAINT_FILING_WORKING_DAYS = 5

    assert complaint_deadline(D(2026, 2, 13)) == D(2026, 2, 27)


def test_file_complaint_sets_answer_due(producer_user, entry):
    complaint = file_complaint(entry=entry, by=producer_user, text="Đề nghị chấm lại nhóm tiêu chí 2.")

    assert (complaint.nomination, complaint.filed_by, complaint.answer_due) == (
        entry.nomination, producer_user, answer_deadline(timezone.localdate()))


def test_file_complaint_after_deadline_refused(producer_user, entry):
    entry.decision.notified_on = timezone.localdate() - datetime.timedelta(days=60)
    entry.decision.save()

    with pytest.raises(ValidationError):
        file_complaint(entry=entry, by=producer_user, text="Đề nghị chấm lại.")

    assert Complaint.objects.count() == 0


def test_file_complaint_on_last_day_allowed(producer_user, entry, monkeypatch):
    # The last day of a window counted in working days is a working day: a weekend "today" has no notice whose
    # window ends on it, so the test runs on a Friday (the module's clock, as the service reads it).
    today = D(2026, 12, 4)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    notified = today - datetime.timedelta(days=1)
    while complaint_deadline(notified) > today:
        notified -= datetime.timedelta(days=1)
    assert complaint_deadline(notified) == today
    entry.decision.notified_on = notified
    entry.decision.save()

    assert file_complaint(entry=entry, by=producer_user, text="Đề nghị chấm lại.").pk is not None


def test_other_producer_cannot_file(other_producer_user, entry):
    with pytest.raises(ValidationError):
        file_complaint(entry=entry, by=other_producer_user, text="Đề nghị chấm lại.")


def test_other_producer_complaint_page_404(client, other_producer_user, entry):
    client.force_login(other_producer_user)

    assert client.get(reverse("awards:complaint_file", args=[entry.pk])).status_code == 404


def test_unpublished_result_hidden_from_producer(client, producer_user, entry):
    entry.decision.state = "approved"
    entry.decision.save()
    client.force_login(producer_user)

    assert client.get(reverse("awards:complaint_file", args=[entry.pk])).status_code == 404
    assert "Bình gốm men lam" not in client.get(reverse("awards:my_results")).content.decode()


def test_producer_files_complaint_through_page(client, producer_user, entry):
    client.force_login(producer_user)

    response = client.post(reverse("awards:complaint_file", args=[entry.pk]), {"text": "Đề nghị chấm lại."})

    assert response.status_code == 302
    assert Complaint.objects.get().text == "Đề nghị chấm lại."


def test_empty_complaint_is_400(client, producer_user, entry):
    client.force_login(producer_user)

    response = client.post(reverse("awards:complaint_file", args=[entry.pk]), {"text": ""})

    assert (response.status_code, Complaint.objects.count()) == (400, 0)


def test_answer_complaint_emails_producer(secretary, producer_user, entry, django_capture_on_commit_callbacks):
    complaint = file_complaint(entry=entry, by=producer_user, text="Đề nghị chấm lại.")

    with django_capture_on_commit_callbacks(execute=True):
        answer_complaint(complaint=complaint, by=secretary, answer="Hội đồng giữ nguyên kết quả.")

    assert [m.to for m in mail.outbox] == [[producer_user.email]]
    assert "Hội đồng giữ nguyên kết quả." in mail.outbox[0].body
    with pytest.raises(ValidationError):
        answer_complaint(complaint=complaint, by=secretary, answer="Lần hai")


def test_other_province_secretariat_cannot_answer(producer_user, entry):
    complaint = file_complaint(entry=entry, by=producer_user, text="Đề nghị chấm lại.")
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))

    with pytest.raises(ValidationError):
        answer_complaint(complaint=complaint, by=other, answer="Trả lời")


@pytest.mark.parametrize(("due_offset", "answered", "overdue"), [(-1, False, True), (0, False, False),
                                                                  (-1, True, False)])
def test_complaint_overdue(entry, due_offset, answered, overdue):
    today = timezone.localdate()
    complaint = Complaint.objects.create(
        decision=entry.decision, nomination=entry.nomination, text="…",
        answer_due=today + datetime.timedelta(days=due_offset), answered_at=timezone.now() if answered else None)

    assert complaint.is_overdue(today) is overdue


def _complaints(entry, n, *, overdue):
    due = timezone.localdate() + datetime.timedelta(days=-3 if overdue else 5)
    for i in range(n):
        other = DecisionEntryFactory(decision=entry.decision,
                                     nomination__product=ProductFactory(producer=ProducerFactory(), name=f"SP {i}"))
        Complaint.objects.create(decision=entry.decision, nomination=other.nomination, text="…", answer_due=due)


def test_complaint_list_flags_overdue(client, secretary, entry):
    _complaints(entry, 1, overdue=True)
    client.force_login(secretary)

    text = client.get(reverse("awards:complaint_list")).content.decode()

    assert 'class="badge danger">Quá hạn' in text


def test_complaint_list_hides_other_province(client, entry):
    _complaints(entry, 1, overdue=False)
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))
    client.force_login(other)

    assert "SP 0" not in client.get(reverse("awards:complaint_list")).content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_complaint_list_query_count(client, secretary, entry, django_assert_num_queries, n):
    _complaints(entry, n, overdue=True)
    client.force_login(secretary)

    with django_assert_num_queries(3):  # session, user, complaints with their joins
        client.get(reverse("awards:complaint_list"))


def test_the_deadline_given_in_the_notice_does_not_move_when_the_calendar_is_edited(secretary, approved_decision):
    from awards.holidays import complaint_due
    from awards.services import set_decision_state

    set_decision_state(decision=approved_decision, new_state="published", by=secretary)
    approved_decision.refresh_from_db()
    given = approved_decision.complaint_due
    assert given == complaint_deadline(approved_decision.notified_on)

    # A day off added later, on the deadline itself (a working day, being the deadline).
    PublicHoliday.objects.create(date=given, name="Nghỉ thêm (thông báo sau)")

    assert complaint_deadline(approved_decision.notified_on) != given  # the calendar did change
    assert complaint_due(approved_decision) == given

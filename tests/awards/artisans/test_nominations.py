"""Nominations: who files and moves a dossier, the hard prerequisite, deadlines, history and e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.artisans import queries, services
from awards.artisans.enums import NominationState, Title
from awards.artisans.models import ArtisanNomination

from .conftest import ArtisanNominationFactory, ArtisanRoundFactory, make_complete, nnnd_facts

pytestmark = pytest.mark.django_db
S = NominationState


def history(nomination):
    return list(nomination.events.values_list("from_state", "to_state", "by__email", "reason"))


def test_candidate_files_a_draft_with_its_first_history_line(candidate, artisan_round, ha_noi):
    nomination = ArtisanNomination(round=artisan_round, user=candidate, full_name="Trần Thị Gốm", province=ha_noi,
                                   title_sought=Title.NNUT, craft="Gốm sứ", years_in_craft=20, learners=40)

    services.save_nomination(nomination=nomination, by=candidate)

    assert (nomination.state, nomination.created_by, history(nomination)) == (
        S.DRAFT, candidate, [("", S.DRAFT, "nghe-nhan@example.vn", "")])


def test_candidate_cannot_file_for_somebody_else(candidate, other_candidate, artisan_round, ha_noi):
    nomination = ArtisanNomination(round=artisan_round, user=other_candidate, full_name="Lê Văn Mây",
                                   province=ha_noi, title_sought=Title.NNUT, craft="Mây tre")

    with pytest.raises(ValidationError, match="cho chính mình"):
        services.save_nomination(nomination=nomination, by=candidate)
    assert ArtisanNomination.objects.count() == 0


def test_only_the_secretariat_marks_a_nomination_posthumous(candidate, secretary, artisan_round, ha_noi):
    own = ArtisanNomination(round=artisan_round, user=candidate, full_name="Trần Thị Gốm", province=ha_noi,
                            title_sought=Title.NNUT, craft="Gốm sứ", posthumous=True)
    with pytest.raises(ValidationError) as refused:
        services.save_nomination(nomination=own, by=candidate)
    assert refused.value.message_dict == {"posthumous": ["Chỉ Sở Công Thương ghi đề nghị truy tặng."]}

    entered = ArtisanNomination(round=artisan_round, full_name="Cố nghệ nhân Đinh Văn Xưa", province=ha_noi,
                                title_sought=Title.NNUT, craft="Gốm sứ", posthumous=True, email="giadinh@example.vn")
    services.save_nomination(nomination=entered, by=secretary)
    assert (entered.posthumous, entered.user, entered.created_by) == (True, None, secretary)


def test_secretariat_cannot_enter_a_dossier_outside_its_province(other_province_secretary, artisan_round, ha_noi):
    nomination = ArtisanNomination(round=artisan_round, full_name="Phạm Thị Lụa", province=ha_noi,
                                   title_sought=Title.NNUT, craft="Dệt lụa")

    with pytest.raises(ValidationError):
        services.save_nomination(nomination=nomination, by=other_province_secretary)


def test_no_new_dossier_outside_the_submission_window(candidate, ha_noi):
    closed = ArtisanRoundFactory(number=5, submissions_open=datetime.date(2022, 1, 1),
                                 submissions_close=datetime.date(2022, 3, 31))
    nomination = ArtisanNomination(round=closed, user=candidate, full_name="Trần Thị Gốm", province=ha_noi,
                                   title_sought=Title.NNUT, craft="Gốm sứ")

    with pytest.raises(ValidationError, match="không trong thời gian nhận hồ sơ"):
        services.save_nomination(nomination=nomination, by=candidate)


def test_submit_accept_with_history_deadlines_and_mail(own_nomination, candidate, secretary,
                                                       django_capture_on_commit_callbacks):
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        services.set_nomination_state(nomination=own_nomination, new_state=S.SUBMITTED, by=candidate)
    own_nomination.refresh_from_db()
    assert own_nomination.check_due == today + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_nomination_state(nomination=own_nomination, new_state=S.ACCEPTED, by=secretary)

    assert history(own_nomination) == [
        ("draft", S.SUBMITTED, "nghe-nhan@example.vn", ""), (S.SUBMITTED, S.ACCEPTED, "thu-ky@example.vn", "")]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["nghe-nhan@example.vn"], "Hồ sơ xét tặng danh hiệu của Trần Thị Gốm: Đã nộp, chờ kiểm tra"),
        (["nghe-nhan@example.vn"],
         "Hồ sơ xét tặng danh hiệu của Trần Thị Gốm: Hồ sơ hợp lệ, chờ hội đồng cấp tỉnh"),
    ]


def test_return_lists_what_is_missing_and_sets_the_completion_deadline(own_nomination, candidate, secretary,
                                                                       django_capture_on_commit_callbacks):
    services.set_nomination_state(nomination=own_nomination, new_state=S.SUBMITTED, by=candidate)

    with django_capture_on_commit_callbacks(execute=True):
        services.set_nomination_state(nomination=own_nomination, new_state=S.RETURNED, by=secretary,
                                      reason="Ảnh mờ.", missing_items=["teaching", "portrait"])

    own_nomination.refresh_from_db()
    assert (own_nomination.state, own_nomination.missing_items, own_nomination.completion_due) == (
        S.RETURNED, ["teaching", "portrait"], timezone.localdate() + datetime.timedelta(days=15))
    body = mail.outbox[-1].body
    assert "Ảnh mờ." in body and "- Minh chứng truyền nghề" in body and "- Ảnh chân dung" in body
    # Returned dossiers are editable again and can be sent back.
    assert own_nomination.is_editable
    services.set_nomination_state(nomination=own_nomination, new_state=S.SUBMITTED, by=candidate)
    assert ArtisanNomination.objects.get().state == S.SUBMITTED


def test_return_needs_a_reason_or_missing_items(own_nomination, candidate, secretary):
    services.set_nomination_state(nomination=own_nomination, new_state=S.SUBMITTED, by=candidate)

    with pytest.raises(ValidationError, match="Hãy ghi lý do"):
        services.set_nomination_state(nomination=own_nomination, new_state=S.RETURNED, by=secretary)


def test_an_incomplete_dossier_cannot_be_accepted(candidate, secretary, artisan_round, ha_noi):
    nomination = ArtisanNominationFactory(round=artisan_round, user=candidate, province=ha_noi)
    services.set_nomination_state(nomination=nomination, new_state=S.SUBMITTED, by=candidate)

    with pytest.raises(ValidationError) as refused:
        services.set_nomination_state(nomination=nomination, new_state=S.ACCEPTED, by=secretary)

    assert refused.value.messages == [
        "Hồ sơ còn thiếu: Ảnh chân dung.", "Hồ sơ còn thiếu: Bản khai có chữ ký và xác nhận của địa phương.",
        "Hồ sơ còn thiếu: Minh chứng kỹ năng nghề: ảnh hoặc video tác phẩm, quá trình làm nghề.",
        "Hồ sơ còn thiếu: Minh chứng truyền nghề."]
    assert ArtisanNomination.objects.get().state == S.SUBMITTED


def test_nnnd_without_nnut_cannot_be_submitted(candidate, artisan_round, ha_noi):
    nomination = make_complete(ArtisanNominationFactory(round=artisan_round, user=candidate, province=ha_noi,
                                                        title_sought=Title.NNND, years_in_craft=30, learners=300))

    with pytest.raises(ValidationError) as refused:
        services.set_nomination_state(nomination=nomination, new_state=S.SUBMITTED, by=candidate)

    assert refused.value.messages == [
        "Chưa có danh hiệu Nghệ nhân ưu tú: chưa đủ điều kiện xét Nghệ nhân nhân dân."]
    assert (ArtisanNomination.objects.get().state, nomination.events.count()) == (S.DRAFT, 0)


def test_nnnd_holding_nnut_is_submitted_even_when_a_soft_standard_is_not_met(candidate, artisan_round, ha_noi):
    nomination = nnnd_facts(make_complete(ArtisanNominationFactory(
        round=artisan_round, user=candidate, province=ha_noi, title_sought=Title.NNND, years_in_craft=19,
        learners=149)))

    services.set_nomination_state(nomination=nomination, new_state=S.SUBMITTED, by=candidate)

    assert ArtisanNomination.objects.get().state == S.SUBMITTED


def test_first_submission_refused_after_the_window(candidate, ha_noi):
    closed = ArtisanRoundFactory(number=7, submissions_open=datetime.date(2022, 1, 1),
                                 submissions_close=datetime.date(2022, 3, 31))
    nomination = make_complete(ArtisanNominationFactory(round=closed, user=candidate, province=ha_noi))

    with pytest.raises(ValidationError, match="không trong thời gian nhận hồ sơ"):
        services.set_nomination_state(nomination=nomination, new_state=S.SUBMITTED, by=candidate)


@pytest.mark.parametrize("who", ["candidate", "other_province_secretary", "judge"])
def test_only_the_provincial_secretariat_in_scope_accepts(request, who, own_nomination, candidate):
    services.set_nomination_state(nomination=own_nomination, new_state=S.SUBMITTED, by=candidate)

    with pytest.raises(ValidationError, match="không được xử lý hồ sơ này"):
        services.set_nomination_state(nomination=own_nomination, new_state=S.ACCEPTED,
                                      by=request.getfixturevalue(who))
    assert ArtisanNomination.objects.get().state == S.SUBMITTED


def test_council_moves_are_not_dossier_moves(own_nomination, candidate, secretary):
    services.set_nomination_state(nomination=own_nomination, new_state=S.SUBMITTED, by=candidate)
    services.set_nomination_state(nomination=own_nomination, new_state=S.ACCEPTED, by=secretary)

    with pytest.raises(ValidationError, match="hội đồng bỏ phiếu hoặc quyết định"):
        services.set_nomination_state(nomination=own_nomination, new_state=S.PROVINCIAL_PASSED, by=secretary)


def test_moves_outside_the_table_are_refused(own_nomination, secretary):
    with pytest.raises(ValidationError, match="Không thể chuyển hồ sơ từ “Đang soạn” sang “Hồ sơ hợp lệ"):
        services.set_nomination_state(nomination=own_nomination, new_state=S.ACCEPTED, by=secretary)


def test_a_submitted_dossier_cannot_be_edited(own_nomination, candidate):
    services.set_nomination_state(nomination=own_nomination, new_state=S.SUBMITTED, by=candidate)
    own_nomination.refresh_from_db()
    own_nomination.learners = 999

    with pytest.raises(ValidationError, match="Hồ sơ đã nộp"):
        services.save_nomination(nomination=own_nomination, by=candidate)
    with pytest.raises(ValidationError, match="Hồ sơ đã nộp"):
        services.save_achievements(nomination=own_nomination, prior_titles=[], works=[], by=candidate)
    assert ArtisanNomination.objects.get().learners == 200


def test_candidate_withdraws(own_nomination, candidate):
    services.set_nomination_state(nomination=own_nomination, new_state=S.WITHDRAWN, by=candidate)

    assert ArtisanNomination.objects.get().state == S.WITHDRAWN


def test_achievements_are_replaced_all_or_nothing(own_nomination, candidate):
    services.save_achievements(nomination=own_nomination, by=candidate,
                               prior_titles=[{"title": Title.NNUT, "year": 2015, "decision": "1/QĐ-CTN"}],
                               works=[{"name": "Bình", "year": 2018, "level": "national", "rank": 2}])
    with pytest.raises(ValidationError):
        services.save_achievements(nomination=own_nomination, by=candidate, prior_titles=[],
                                   works=[{"name": "Lọ", "year": 2019, "level": "national", "rank": 1},
                                          {"name": "", "year": 3000, "level": "planet", "rank": 9}])

    assert list(own_nomination.works.values_list("name", "year", "rank")) == [("Bình", 2018, 2)]
    assert list(own_nomination.prior_titles.values_list("title", "year")) == [(Title.NNUT, 2015)]


def test_overdue_flags_agree_between_model_and_query(candidate, secretary, artisan_round, ha_noi):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    rows = [(S.SUBMITTED, today - day, None), (S.SUBMITTED, today, None), (S.RETURNED, None, today - day),
            (S.RETURNED, None, today), (S.ACCEPTED, today - 5 * day, None)]
    for state, check_due, completion_due in rows:
        ArtisanNominationFactory(round=artisan_round, province=ha_noi, state=state, check_due=check_due,
                                 completion_due=completion_due)

    annotated = list(queries.with_overdue(ArtisanNomination.objects.order_by("pk"), today))
    by_model = [n.is_check_overdue(today) or n.is_completion_overdue(today) for n in annotated]

    assert [n.overdue for n in annotated] == by_model == [True, False, True, False, False]
    assert queries.overdue(ArtisanNomination.objects.all(), today).count() == 2


def test_mail_goes_to_the_dossier_address_without_an_account(secretary, artisan_round, ha_noi,
                                                              django_capture_on_commit_callbacks):
    nomination = make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi,
                                                        email="giadinh@example.vn"))

    with django_capture_on_commit_callbacks(execute=True):
        services.set_nomination_state(nomination=nomination, new_state=S.SUBMITTED, by=secretary)

    assert mail.outbox[-1].to == ["giadinh@example.vn"]


def test_an_inactive_account_is_not_mailed(candidate, own_nomination, django_capture_on_commit_callbacks):
    candidate.is_active = False
    candidate.save()
    own_nomination.email = "dia-chi-ho-so@example.vn"
    own_nomination.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.notify_candidate(nomination=own_nomination, event=own_nomination.events.create(to_state=S.DRAFT))

    assert mail.outbox[-1].to == ["dia-chi-ho-so@example.vn"]

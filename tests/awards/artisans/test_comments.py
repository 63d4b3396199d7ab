"""The public comment before the State council: the posted list, the period's length, signed comments, answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.artisans import services
from awards.artisans.enums import NominationState
from awards.artisans.models import CommentPeriod, PublicComment

from .conftest import ArtisanNominationFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def proposed(artisan_round, ha_noi):
    """Two candidates the ministerial council proposed, one it did not."""
    return [ArtisanNominationFactory(round=artisan_round, province=ha_noi, full_name=name, state=state)
            for name, state in (("Nguyễn Thị Men", NominationState.MINISTERIAL_PASSED),
                                ("Phạm Văn Lam", NominationState.MINISTERIAL_PASSED),
                                ("Lê Văn Chưa", NominationState.PROVINCIAL_PASSED))]


def comment(period, nomination, **changes):
    fields = {"full_name": "Hoàng Văn Dân", "phone": "0900 000 000", "address": "Số 2 Tràng Tiền, Hà Nội",
              "text": "Nghệ nhân có nhiều đóng góp cho làng nghề."}
    return services.submit_comment(period=period, nomination=nomination, **{**fields, **changes})


def test_the_period_lasts_the_policys_twenty_days_and_posts_the_proposed_list(artisan_round, proposed,
                                                                             national_secretary):
    today = timezone.localdate()

    period = services.open_comment_period(artisan_round=artisan_round, opens_on=today, by=national_secretary)

    assert (period.opens_on, period.closes_on) == (today, today + 19 * DAY)  # both ends counted: 20 days
    assert sorted(period.nominations.values_list("full_name", flat=True)) == ["Nguyễn Thị Men", "Phạm Văn Lam"]


def test_comments_are_taken_on_the_first_and_last_day_only_within_the_period(artisan_round, proposed,
                                                                            national_secretary):
    today = timezone.localdate()
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=today + DAY, by=national_secretary)
    with pytest.raises(ValidationError, match="chưa bắt đầu"):
        comment(period, proposed[0])

    for opens_on in (today, today - 19 * DAY):  # today is the first day, then the last
        CommentPeriod.objects.filter(pk=period.pk).update(opens_on=opens_on, closes_on=opens_on + 19 * DAY)
        period.refresh_from_db()
        comment(period, proposed[0])
    CommentPeriod.objects.filter(pk=period.pk).update(opens_on=today - 20 * DAY, closes_on=today - DAY)
    period.refresh_from_db()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        comment(period, proposed[0])

    assert PublicComment.objects.count() == 2


@pytest.mark.parametrize("blank", ["full_name", "phone", "address", "text"])
def test_unsigned_comments_are_refused(artisan_round, proposed, national_secretary, blank):
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)

    with pytest.raises(ValidationError, match="Hãy ghi đủ họ tên, điện thoại, địa chỉ"):
        comment(period, proposed[0], **{blank: "  "})
    assert PublicComment.objects.count() == 0


def test_a_candidate_not_posted_cannot_be_commented_on(artisan_round, proposed, national_secretary):
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)

    with pytest.raises(ValidationError, match="không có trong danh sách"):
        comment(period, proposed[2])


def test_a_further_period_posts_only_the_candidates_not_yet_posted(artisan_round, proposed, national_secretary,
                                                                   secretary):
    with pytest.raises(ValidationError, match="Chỉ cơ quan thường trực cấp Bộ"):
        services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(), by=secretary)
    services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(), by=national_secretary)
    with pytest.raises(ValidationError, match="mà chưa lấy ý kiến"):
        services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                     by=national_secretary)

    late = proposed[2]
    late.state = NominationState.MINISTERIAL_PASSED
    late.save()
    second = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)
    assert list(second.nominations.values_list("full_name", flat=True)) == ["Lê Văn Chưa"]


def test_the_secretariat_answers_each_comment_once(artisan_round, proposed, national_secretary):
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)
    received = comment(period, proposed[0])

    services.answer_comment(comment=received, response="Cảm ơn ông đã góp ý.", by=national_secretary)
    with pytest.raises(ValidationError, match="đã được trả lời"):
        services.answer_comment(comment=received, response="Lần hai.", by=national_secretary)

    received.refresh_from_db()
    assert (received.response, received.responded_by) == ("Cảm ơn ông đã góp ý.", national_secretary)


def test_the_public_page_takes_a_signed_comment(client, artisan_round, proposed, national_secretary):
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)
    url = reverse("artisans:consultation", args=[period.pk])

    incomplete = client.post(url, {"nomination": proposed[0].pk, "full_name": "Hoàng Văn Dân", "text": "Tốt."})
    sent = client.post(url, {"nomination": proposed[0].pk, "full_name": "Hoàng Văn Dân", "phone": "0900 000 000",
                             "address": "Hà Nội", "text": "Tốt."})

    assert incomplete.status_code == 400 and PublicComment.objects.count() == 1
    assert sent.status_code == 302
    listing = client.get(reverse("artisans:consultations")).content.decode()
    assert artisan_round.title in listing


def test_a_future_period_is_not_public_yet(client, artisan_round, proposed, national_secretary):
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate() + 3 * DAY,
                                          by=national_secretary)

    assert client.get(reverse("artisans:consultation", args=[period.pk])).status_code == 404

"""A round may require the secretariat to review every outlier sheet before a decision recognises the
nomination (issue 10: "no unresolved flag that the round's settings say must be resolved"). The rule is part of
THE eligibility rule (RankedRow.eligible), so the decision's form, its services and every page agree."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.services import eligible_nomination_ids
from catalog.models import AuditEntry
from scoring import ranking_queries, services
from scoring.models import FlagReview, Nomination
from scoring.results import eligibility_problem
from tests.factories import ProvinceFactory, UserFactory

from .test_report import scored_round

pytestmark = pytest.mark.django_db


def _row(selection_round):
    (nomination,) = ranking_queries.ranking(selection_round)
    return nomination, ranking_queries.ranked_row(nomination, selection_round)


@pytest.fixture
def flagged(db):
    """Sheets of 70 and 90 (average 80, above the threshold), each 10 points from the mean: two outliers."""
    selection_round = scored_round(min_sheets=2, outlier_distance=Decimal("5"), outlier_review_required=True)
    return selection_round, Nomination.objects.get(round=selection_round)


def _review_all(nomination, secretary):
    for item in services.reviewable_flags(nomination):
        services.review_result_flag(nomination=nomination, code=item["flag"].code, key=item["key"], by=secretary,
                                    note="Đã trao đổi với giám khảo; giữ nguyên phiếu.")


def test_unreviewed_outliers_keep_a_passing_nomination_out_of_the_decision(flagged, secretary):
    selection_round, nomination = flagged
    _row_nomination, row = _row(selection_round)
    assert (row.passes, row.unreviewed_flags, row.eligible, row.standing) == (True, 2, False, "review")
    assert eligibility_problem(row, selection_round.min_sheets) == (
        "Còn 2 phiếu bất thường chưa được thư ký xem xét (đợt yêu cầu xem xét trước khi ra quyết định).")
    assert eligible_nomination_ids(selection_round) == set()

    _review_all(nomination, secretary)

    _row_nomination, row = _row(selection_round)
    assert (row.unreviewed_flags, row.eligible, row.standing) == (0, True, "passes")
    assert eligible_nomination_ids(selection_round) == {nomination.pk}
    assert AuditEntry.objects.filter(action="flag.review", round_id=selection_round.pk).count() == 2


def test_without_the_setting_outliers_do_not_block(db):
    selection_round = scored_round(min_sheets=2, outlier_distance=Decimal("5"))
    nomination, row = _row(selection_round)
    assert (row.unreviewed_flags, row.eligible) == (0, True)  # flagged, but the round does not ask for reviews
    assert nomination.figures.unreviewed_flags == 2
    assert eligible_nomination_ids(selection_round) == {nomination.pk}


def test_reviews_are_refused_without_note_twice_or_for_a_flag_that_is_not_there(flagged, secretary):
    selection_round, nomination = flagged
    item = services.reviewable_flags(nomination)[0]
    review = {"nomination": nomination, "code": item["flag"].code, "by": secretary}
    with pytest.raises(ValidationError, match="Hãy ghi kết quả xem xét"):
        services.review_result_flag(**review, key=item["key"], note="  ")
    with pytest.raises(ValidationError, match="Không tìm thấy phiếu bất thường này"):
        services.review_result_flag(**review, key="999999:70.00", note="Ghi chú")
    stranger = UserFactory(role="secretariat", scope_level="province",
                           scope_province=ProvinceFactory(code="79", name="Hồ Chí Minh"))
    with pytest.raises(ValidationError, match="ngoài phạm vi phụ trách"):
        services.review_result_flag(nomination=nomination, code=item["flag"].code, key=item["key"], by=stranger,
                                    note="Ghi chú")
    assert FlagReview.objects.count() == 0  # nothing stored by a refused review

    services.review_result_flag(**review, key=item["key"], note="Đã xem")  # positive control
    with pytest.raises(ValidationError, match="đã được xem xét"):
        services.review_result_flag(**review, key=item["key"], note="Lần hai")
    assert FlagReview.objects.count() == 1
    assert _row(selection_round)[1].unreviewed_flags == 1


def test_the_secretariat_reviews_on_the_nominations_sheets_page(client, flagged, secretary):
    selection_round, nomination = flagged
    client.force_login(secretary)
    url = reverse("scoring:nomination_sheets", args=[nomination.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "Phiếu của Trần Thị Lan: 70,00 điểm, cách điểm trung bình của hội đồng (80,00) 10,00 điểm." in html
    assert html.count('name="note"') == 2
    item = page.context["outliers"][0]

    response = client.post(reverse("scoring:nomination_flag_review", args=[nomination.pk]),
                           {"code": item["flag"].code, "key": item["key"], "note": "Giám khảo giải thích được."})

    assert response.status_code == 302 and response["Location"] == url
    after = client.get(url).content.decode()
    assert "Giám khảo giải thích được." in after and after.count('name="note"') == 1
    refused = client.post(reverse("scoring:nomination_flag_review", args=[nomination.pk]),
                          {"code": item["flag"].code, "key": item["key"], "note": "Lần hai"}, follow=True)
    assert "Phiếu bất thường này đã được xem xét." in refused.content.decode()
    assert FlagReview.objects.count() == 1


def test_the_round_form_offers_the_setting(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("scoring:round_create")).content.decode()
    assert 'name="outlier_review_required"' in page
    assert "phiếu bất thường phải được xem xét trước khi ra quyết định" in page.lower()

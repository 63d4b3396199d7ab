"""Who may enter which round: window, scope, group, one nomination per product, prerequisite chain."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog import enums as catalog_enums
from catalog.enums import Level
from catalog.models import RegionMembership
from scoring.enums import NominationState, RoundState
from scoring.models import Nomination
from scoring.services import create_nomination
from tests.factories import (
    CertificateFactory,
    ProductFactory,
    ProvinceFactory,
    RegionFactory,
    SelectionRoundFactory,
)

pytestmark = pytest.mark.django_db

def today():
    # Read when a test runs, never at import: a run that crosses midnight in Vietnam would otherwise compare
    # yesterday's dates with the code's today (CI caught it at 00:00 Asia/Ho_Chi_Minh).
    return timezone.localdate()

DAY = datetime.timedelta(days=1)


def test_create_nomination_inside_window_makes_a_draft_with_history(producer_user, product, commune_round):
    nomination = create_nomination(round=commune_round, product=product, by=producer_user)

    assert nomination.state == NominationState.DRAFT
    assert list(nomination.events.values_list("from_state", "to_state", "by")) == [
        ("", NominationState.DRAFT, producer_user.pk)
    ]


@pytest.mark.parametrize(
    ("opens", "closes", "state"),
    [
        (1, 10, RoundState.REGISTRATION_OPEN),  # before the window opens (days from today)
        (-10, -1, RoundState.REGISTRATION_OPEN),  # after it closed
        (-1, 1, RoundState.DRAFT),  # dates fine, round not opened
        (-1, 1, RoundState.REGISTRATION_CLOSED),  # dates fine, closed early
    ],
    ids=["before-open", "after-close", "draft-round", "closed-round"],
)
def test_create_nomination_outside_window_is_refused(producer_user, product, opens, closes, state):
    selection_round = SelectionRoundFactory(registration_opens=today() + opens * DAY,
                                            registration_closes=today() + closes * DAY, state=state)

    with pytest.raises(ValidationError):
        create_nomination(round=selection_round, product=product, by=producer_user)

    assert Nomination.objects.count() == 0


def test_create_nomination_on_closing_day_is_accepted(producer_user, product):
    selection_round = SelectionRoundFactory(registration_opens=today() - DAY, registration_closes=today())

    nomination = create_nomination(round=selection_round, product=product, by=producer_user)

    assert nomination.round == selection_round


def test_create_nomination_wrong_province_is_refused(producer_user, product):
    other = ProvinceFactory(code="24", name="Bắc Ninh", kind=catalog_enums.ProvinceKind.PROVINCE)
    selection_round = SelectionRoundFactory(scope_province=other)

    with pytest.raises(ValidationError) as caught:
        create_nomination(round=selection_round, product=product, by=producer_user)

    assert "phạm vi" in caught.value.messages[0]


def test_create_nomination_wrong_commune_is_refused(producer_user, product):
    selection_round = SelectionRoundFactory(commune="Xã Phù Lãng")

    with pytest.raises(ValidationError):
        create_nomination(round=selection_round, product=product, by=producer_user)


def test_create_nomination_commune_name_matches_without_diacritics(producer_user, product):
    selection_round = SelectionRoundFactory(commune="xa bat trang")

    assert create_nomination(round=selection_round, product=product, by=producer_user).pk


def test_create_nomination_wrong_group_is_refused(producer_user, product):
    selection_round = SelectionRoundFactory(groups=["2", "3"])

    with pytest.raises(ValidationError) as caught:
        create_nomination(round=selection_round, product=product, by=producer_user)

    assert caught.value.messages == ["Đợt bình chọn này không nhận sản phẩm thuộc nhóm “Thủ công mỹ nghệ”."]


def test_create_nomination_for_someone_elses_product_is_refused(other_producer_user, product, commune_round):
    with pytest.raises(ValidationError):
        create_nomination(round=commune_round, product=product, by=other_producer_user)

    assert Nomination.objects.count() == 0


def test_create_nomination_twice_for_same_product_is_refused(producer_user, product, commune_round):
    create_nomination(round=commune_round, product=product, by=producer_user)

    with pytest.raises(ValidationError) as caught:
        create_nomination(round=commune_round, product=product, by=producer_user)

    assert caught.value.messages == [f"Sản phẩm “{product.name}” đã có hồ sơ trong đợt bình chọn này."]
    assert Nomination.objects.count() == 1


def test_nomination_constraint_refuses_duplicate_rows(producer_user, product, commune_round):
    Nomination.objects.create(round=commune_round, product=product)

    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(round=commune_round, product=product)


def test_same_product_may_enter_two_rounds(producer_user, product, commune_round):
    create_nomination(round=commune_round, product=product, by=producer_user)
    second = SelectionRoundFactory(title="Đợt bổ sung")

    create_nomination(round=second, product=product, by=producer_user)

    assert product.nominations.count() == 2


# --- Prerequisite chain ------------------------------------------------------------------------------------


def _north_region_with_hanoi():
    region = RegionFactory()
    RegionMembership.objects.get_or_create(region=region, province=ProvinceFactory(),
                                           defaults={"valid_from": datetime.date(2025, 7, 1)})
    return region


def upper_round(level, **kwargs):
    """An open round at `level` covering Hà Nội, closing 20 days from today."""
    scope = {}
    if level == Level.PROVINCE:
        scope = {"scope_province": ProvinceFactory(), "commune": ""}
    elif level == Level.REGION:
        scope = {"scope_province": None, "scope_region": _north_region_with_hanoi(), "commune": ""}
    elif level == Level.NATIONAL:
        scope = {"scope_province": None, "commune": ""}
    return SelectionRoundFactory(level=level, **scope, **kwargs)


def close():
    """The upper rounds' closing day: 20 days from today."""
    return today() + 20 * DAY


CHAIN = [(Level.PROVINCE, Level.COMMUNE), (Level.REGION, Level.PROVINCE), (Level.NATIONAL, Level.REGION)]


@pytest.mark.parametrize(("level", "below"), CHAIN)
def test_prerequisite_valid_certificate_of_level_below_is_accepted(producer_user, product, level, below):
    selection_round = upper_round(level)
    CertificateFactory(product=product, level=below, issued_on=today() - 100 * DAY, valid_until=close())

    nomination = create_nomination(round=selection_round, product=product, by=producer_user)

    assert nomination.round == selection_round


@pytest.mark.parametrize(("level", "below"), CHAIN)
def test_prerequisite_certificate_expiring_before_close_date_is_refused(producer_user, product, level, below):
    selection_round = upper_round(level)
    # Valid today, but no longer on the registration closing date.
    CertificateFactory(product=product, level=below, issued_on=today() - 100 * DAY, valid_until=close() - DAY)

    with pytest.raises(ValidationError) as caught:
        create_nomination(round=selection_round, product=product, by=producer_user)

    assert "giấy chứng nhận" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("level", "wrong"),
    [(Level.PROVINCE, Level.PROVINCE), (Level.REGION, Level.COMMUNE), (Level.NATIONAL, Level.PROVINCE),
     (Level.NATIONAL, Level.NATIONAL)],
)
def test_prerequisite_certificate_of_wrong_level_is_refused(producer_user, product, level, wrong):
    selection_round = upper_round(level)
    CertificateFactory(product=product, level=wrong, issued_on=today() - 100 * DAY, valid_until=close() + DAY)

    with pytest.raises(ValidationError):
        create_nomination(round=selection_round, product=product, by=producer_user)


@pytest.mark.parametrize("level", [Level.PROVINCE, Level.REGION, Level.NATIONAL])
def test_prerequisite_missing_certificate_is_refused(producer_user, product, level):
    selection_round = upper_round(level)

    with pytest.raises(ValidationError):
        create_nomination(round=selection_round, product=product, by=producer_user)

    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("level", [Level.PROVINCE, Level.REGION, Level.NATIONAL])
def test_prerequisite_certificate_of_another_product_is_refused(producer_user, product, level):
    selection_round = upper_round(level)
    below = dict(CHAIN)[level]
    CertificateFactory(product=ProductFactory(producer=product.producer), level=below,
                       issued_on=today() - 100 * DAY, valid_until=close() + DAY)

    with pytest.raises(ValidationError):
        create_nomination(round=selection_round, product=product, by=producer_user)


def test_prerequisite_certificate_revoked_before_close_is_refused(producer_user, product):
    selection_round = upper_round(Level.PROVINCE)
    CertificateFactory(product=product, level=Level.COMMUNE, issued_on=today() - 100 * DAY, valid_until=close(),
                       status="revoked", revoked_on=today() - DAY, revocation_reason="Vi phạm chất lượng")

    with pytest.raises(ValidationError):
        create_nomination(round=selection_round, product=product, by=producer_user)


def test_prerequisite_legacy_district_certificate_counts_for_province(producer_user, product):
    selection_round = upper_round(Level.PROVINCE)
    CertificateFactory(product=product, level=Level.DISTRICT, issued_on=datetime.date(2024, 5, 10),
                       valid_until=datetime.date(today().year + 2, 12, 31))

    assert create_nomination(round=selection_round, product=product, by=producer_user).pk


def test_prerequisite_district_certificate_dated_after_reform_does_not_count(producer_user, product):
    selection_round = upper_round(Level.PROVINCE)
    CertificateFactory(product=product, level=Level.DISTRICT, issued_on=datetime.date(2025, 7, 1),
                       valid_until=datetime.date(today().year + 2, 12, 31))

    with pytest.raises(ValidationError):
        create_nomination(round=selection_round, product=product, by=producer_user)


def test_prerequisite_district_certificate_does_not_count_for_region(producer_user, product):
    selection_round = upper_round(Level.REGION)
    CertificateFactory(product=product, level=Level.DISTRICT, issued_on=datetime.date(2024, 5, 10),
                       valid_until=datetime.date(today().year + 2, 12, 31))

    with pytest.raises(ValidationError):
        create_nomination(round=selection_round, product=product, by=producer_user)


def test_exception_switch_lets_province_round_accept_without_commune_certificate(producer_user, product):
    selection_round = upper_round(Level.PROVINCE, allow_without_commune_round=True)

    assert create_nomination(round=selection_round, product=product, by=producer_user).pk


def test_exception_switch_is_only_for_province_rounds(product):
    selection_round = upper_round(Level.REGION, allow_without_commune_round=True)

    with pytest.raises(ValidationError) as caught:
        selection_round.full_clean()

    assert list(caught.value.message_dict) == ["allow_without_commune_round"]


def test_commune_round_needs_no_certificate(producer_user, product, commune_round):
    assert create_nomination(round=commune_round, product=product, by=producer_user).pk


def test_region_round_refuses_producer_outside_region(producer_user, product):
    south = RegionFactory(code="south", name="Phía Nam")
    selection_round = SelectionRoundFactory(level=Level.REGION, scope_province=None, commune="", scope_region=south)
    CertificateFactory(product=product, level=Level.PROVINCE, issued_on=today() - 100 * DAY, valid_until=close())

    with pytest.raises(ValidationError) as caught:
        create_nomination(round=selection_round, product=product, by=producer_user)

    assert "phạm vi" in caught.value.messages[0]

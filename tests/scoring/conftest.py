import datetime

import pytest

from catalog import enums
from scoring.dossier import freeze_dossier
from scoring.enums import JuryRole, NominationState, RoundState
from tests.factories import (
    DocumentFactory,
    JuryFactory,
    JuryMemberFactory,
    NominationFactory,
    ProductFactory,
    ProductPhotoFactory,
    SelectionRoundFactory,
    UserFactory,
)


def make_complete(product):
    """Give a product and its producer every required dossier item."""
    for role in (enums.PhotoRole.FRONT, enums.PhotoRole.SIDE, enums.PhotoRole.TOP):
        ProductPhotoFactory(product=product, role=role)
    if not product.producer.documents.filter(kind=enums.DocumentKind.BUSINESS_REGISTRATION).exists():
        DocumentFactory(producer=product.producer)
    return product


@pytest.fixture
def product(producer):
    """A handicraft of the Bát Tràng cooperative (Hà Nội) with a complete dossier."""
    return make_complete(ProductFactory(producer=producer, name="Bình gốm men lam Bát Tràng"))


@pytest.fixture
def commune_round(db):
    """The open commune round of Xã Bát Tràng, Hà Nội."""
    return SelectionRoundFactory(title="Bình chọn cấp xã Bát Tràng 2026")



# --- Judging ---------------------------------------------------------------------------------------------------

# A complete sheet of the official rubric (total 84).
FULL_SHEET = {"1.1": "18", "1.2": "17.5", "2.1": "8", "2.2": "12", "2.3": "9", "2.4": "4", "3": "8.5", "4": "7"}


@pytest.fixture
def scoring_round(db):
    """A Hà Nội commune round in scoring, window open, with the official rubric."""
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    return SelectionRoundFactory(title="Bình chọn cấp xã Bát Tràng 2026 – chấm điểm", state=RoundState.SCORING,
                                 registration_opens=today - 40 * day, registration_closes=today - 20 * day,
                                 scoring_opens=today - 5 * day, scoring_closes=today + 10 * day)


@pytest.fixture
def other_judge(db):
    return UserFactory(email="giam-khao-2@example.vn", full_name="Phạm Văn Đức", role=enums.Role.JURY)


@pytest.fixture
def jury(scoring_round, judge, other_judge):
    """Two scoring members (judge heads it) and a secretary who does not score."""
    jury = JuryFactory(round=scoring_round, name="Ban giám khảo xã Bát Tràng")
    JuryMemberFactory(jury=jury, user=judge, role=JuryRole.HEAD)
    JuryMemberFactory(jury=jury, user=other_judge, role=JuryRole.MEMBER)
    JuryMemberFactory(jury=jury, role=JuryRole.SECRETARY)
    return jury


@pytest.fixture
def accepted(scoring_round, product):
    """The producer's vase, accepted into the scoring round with its dossier frozen."""
    nomination = NominationFactory(round=scoring_round, product=product, state=NominationState.ACCEPTED)
    return freeze_dossier(nomination)

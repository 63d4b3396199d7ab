"""factory_boy factories shared by every test package."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from catalog import enums
from catalog.models import Producer, Product, Province, Region, User
from scoring.enums import RoundState, SheetStatus
from scoring.figures import refresh_figures, sheet_totals
from scoring.models import Criterion, CriterionGroup, Recusal, Rubric, Score, ScoreSheet


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "north"
    name = "Phía Bắc"


class ProvinceFactory(DjangoModelFactory):
    """Defaults to Hà Nội; get_or_create returns the row the geography migration already loaded."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "01"
    name = "Hà Nội"
    kind = enums.ProvinceKind.CITY
    valid_from = datetime.date(2025, 7, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    role = enums.Role.PRODUCER
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-an-toan-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProducerFactory(DjangoModelFactory):
    class Meta:
        model = Producer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hợp tác xã Gốm {n}")
    legal_form = enums.LegalForm.COOPERATIVE
    tax_code = factory.Sequence(lambda n: f"{100000000 + n:010d}")
    address = "Thôn Giang Cao"
    province = factory.SubFactory(ProvinceFactory)
    commune = "Xã Bát Tràng"
    representative = "Nguyễn Văn An"
    phone = "0243 874 1234"
    email = factory.Sequence(lambda n: f"lienhe{n}@htx.vn")

    @factory.post_generation
    def users(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.users.add(*extracted)


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    group = enums.ProductGroup.HANDICRAFT
    name = factory.Sequence(lambda n: f"Bình gốm men lam {n}")
    description = "Bình gốm vẽ tay, men lam truyền thống."
    materials = "Đất sét trắng, men lam"


# --- Photos, documents (no upload pipeline: tiny files written straight to storage) ---------------------------


class ProductPhotoFactory(DjangoModelFactory):
    class Meta:
        model = "catalog.ProductPhoto"

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=40, height=30, format="JPEG", filename="anh.jpg")
    role = enums.PhotoRole.FRONT
    caption = factory.LazyAttribute(lambda o: f"Ảnh {o.role}")


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = "catalog.Document"

    producer = factory.SubFactory(ProducerFactory)
    kind = enums.DocumentKind.BUSINESS_REGISTRATION
    number = factory.Sequence(lambda n: f"0100{n:06d}")
    file = factory.django.FileField(filename="dang-ky.pdf", data=b"%PDF-1.4 test")
    original_name = "dang-ky.pdf"
    content_type = "application/pdf"


# --- Scoring and awards ---------------------------------------------------------------------------------------


def official_rubric():
    from scoring.models import Rubric
    from scoring.rubrics import OFFICIAL_RUBRIC

    return Rubric.objects.filter(name=OFFICIAL_RUBRIC[0], version=OFFICIAL_RUBRIC[1]).first()


class SelectionRoundFactory(DjangoModelFactory):
    """An open commune round of Xã Bát Tràng (Hà Nội), all groups, registration open around today."""

    class Meta:
        model = "scoring.SelectionRound"

    level = "commune"
    title = factory.Sequence(lambda n: f"Bình chọn sản phẩm CNNT tiêu biểu đợt {n}")
    year = 2026
    scope_province = factory.SubFactory(ProvinceFactory)
    commune = "Xã Bát Tràng"
    groups = factory.LazyFunction(lambda: ["1", "2", "3", "4"])
    registration_opens = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    registration_closes = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))
    state = "registration_open"
    # The official 100-point rubric that migration scoring 0003 ships.
    rubric = factory.LazyFunction(official_rubric)


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = "scoring.Nomination"

    round = factory.SubFactory(SelectionRoundFactory)
    product = factory.SubFactory(ProductFactory)
    sample_delivery = "Nộp trực tiếp tại Sở Công Thương."


class JuryFactory(DjangoModelFactory):
    class Meta:
        model = "scoring.Jury"

    round = factory.SubFactory(SelectionRoundFactory)
    name = factory.Sequence(lambda n: f"Ban giám khảo {n}")
    groups = factory.LazyFunction(lambda: ["1", "2", "3", "4"])


class JuryMemberFactory(DjangoModelFactory):
    class Meta:
        model = "scoring.JuryMember"

    jury = factory.SubFactory(JuryFactory)
    user = factory.SubFactory(UserFactory, role=enums.Role.JURY)
    role = "member"


class CertificateFactory(DjangoModelFactory):
    """A certificate as the services store it: with its product's public listing row refreshed."""

    class Meta:
        model = "catalog.Certificate"

    product = factory.SubFactory(ProductFactory)
    number = factory.Sequence(lambda n: f"GCN-{n:05d}")
    level = "commune"
    issued_on = datetime.date(2025, 9, 1)
    valid_until = datetime.date(2027, 12, 31)
    published_on = factory.SelfAttribute("issued_on")

    @factory.post_generation
    def refresh_listing(obj, create, extracted, **kwargs):
        if create:
            from catalog import listing

            listing.refresh([obj.product_id])

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        pass  # the listing hook saves nothing on the certificate itself


class ResultsDecisionFactory(DjangoModelFactory):
    """A draft decision for a Hà Nội province round; number, date and signer filled, no scan."""

    class Meta:
        model = "awards.ResultsDecision"

    # One counted sheet is enough in these rounds (the legal minimum of 3 is tested where it matters).
    round = factory.SubFactory(SelectionRoundFactory, level="province", commune="", state="scoring_closed",
                               min_sheets=1)
    number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    decided_on = datetime.date(2026, 3, 2)
    signer_name = "Nguyễn Văn Hùng"
    signer_title = "Chủ tịch Ủy ban nhân dân thành phố Hà Nội"


class DecisionEntryFactory(DjangoModelFactory):
    class Meta:
        model = "awards.DecisionEntry"

    decision = factory.SubFactory(ResultsDecisionFactory)
    nomination = factory.SubFactory(NominationFactory, round=factory.SelfAttribute("..decision.round"),
                                    state="accepted")
    recognised = True

    @factory.post_generation
    def scored(obj, create, extracted, **kwargs):
        """A recognised entry's nomination is eligible, as the decision services require: the round's minimum
        of submitted sheets of 85 points (scored=False: unscored; scored=True: scored even when not recognised)."""
        if create and ((obj.recognised and extracted is not False) or extracted is True):
            score_nomination(obj.nomination, ["85"] * max(obj.nomination.round.min_sheets, 1))

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        pass  # the scoring hook saves nothing on the entry itself


def score_nomination(nomination, totals):
    """Submitted sheets with these totals (all points in criterion group "1"), stored as the sheet services
    store them (total, group totals) by new jury members, and the nomination's figures refreshed."""
    for total in totals:
        ScoreSheet.objects.create(nomination=nomination, member=UserFactory(role=enums.Role.JURY),
                                  status=SheetStatus.SUBMITTED, total=Decimal(total),
                                  group_totals={"1": f"{Decimal(total):.2f}"})
    refresh_figures(nominations=[nomination.pk])


# --- Scored rounds, built the way the judging services store them -------------------------------------------

# Six criteria in the four groups of Phụ lục 4 (100 points).
SIX_CRITERIA = [("1", "1.1", 25), ("1", "1.2", 15), ("2", "2.1", 20), ("2", "2.2", 10), ("3", "3", 15),
                ("4", "4", 15)]


def make_rubric(criteria=SIX_CRITERIA, name="Thang điểm thử") -> list[Criterion]:
    rubric = Rubric.objects.create(name=name, version="1")
    groups = {}
    result = []
    for position, (group_code, code, maximum) in enumerate(criteria):
        if group_code not in groups:
            groups[group_code] = CriterionGroup.objects.create(
                rubric=rubric, code=group_code, name_vi=f"Nhóm {group_code}", max=Decimal(100), position=len(groups))
        result.append(Criterion.objects.create(group=groups[group_code], code=code, name_vi=f"Tiêu chí {code}",
                                               max=Decimal(maximum), position=position))
    return result


def scoring_round_with(criteria, **fields):
    return SelectionRoundFactory(state=fields.pop("state", RoundState.SCORING_CLOSED),
                                 rubric=criteria[0].group.rubric, **fields)


def add_sheet(nomination, member, criteria, values, *, status=SheetStatus.SUBMITTED, recused=False):
    """A sheet stored as the judging services store it: scores, their exact sum in `total` and per group in
    `group_totals`, and the nomination's figures refreshed."""
    values = [Decimal(v) for v in values]
    total, group_totals = sheet_totals({c.code: v for c, v in zip(criteria, values, strict=True)},
                                       {c.code: c.group.code for c in criteria})
    sheet = ScoreSheet.objects.create(nomination=nomination, member=member, status=status, total=total,
                                      group_totals=group_totals)
    Score.objects.bulk_create(Score(sheet=sheet, criterion=c, value=v) for c, v in zip(criteria, values, strict=True))
    if recused:
        Recusal.objects.create(nomination=nomination, user=member, reason="Có quan hệ với cơ sở.")
    refresh_figures(nominations=[nomination.pk])
    return sheet

"""Artisan-title personas and builders. Every builder goes through the services, as the pages do."""

import datetime

import factory
import pytest
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from awards.artisans import voting
from awards.artisans.enums import CouncilLevel, EvidenceKind, MemberRole, PrizeLevel, Title
from awards.artisans.models import ArtisanNomination, Evidence, PolicyVersion, PriorTitle, Work
from catalog import enums
from catalog.models import Province
from tests.factories import ProvinceFactory, UserFactory
from tests.images import pdf_bytes

DEFAULT_POLICY = "Nghị định 43/2024/NĐ-CP (mặc định)"
TODAY = datetime.date.today


def default_policy() -> PolicyVersion:
    return PolicyVersion.objects.get(name=DEFAULT_POLICY)


class ArtisanRoundFactory(DjangoModelFactory):
    """The 6th round, taking submissions around today, under the default policy (migration awards 0007)."""

    class Meta:
        model = "awards.ArtisanRound"
        django_get_or_create = ("number",)

    number = 6
    title = "Xét tặng danh hiệu Nghệ nhân nhân dân, Nghệ nhân ưu tú lần thứ 6"
    award_year = factory.LazyFunction(lambda: TODAY().year + 1)
    announced_on = factory.LazyAttribute(lambda o: datetime.date(o.award_year, 9, 2))
    policy = factory.LazyFunction(default_policy)
    submissions_open = factory.LazyFunction(lambda: TODAY() - datetime.timedelta(days=10))
    submissions_close = factory.LazyFunction(lambda: TODAY() + datetime.timedelta(days=20))


class ArtisanNominationFactory(DjangoModelFactory):
    """A complete-looking NNƯT declaration of a Hà Nội potter, in draft, entered without an account."""

    class Meta:
        model = "awards.ArtisanNomination"

    round = factory.SubFactory(ArtisanRoundFactory)
    title_sought = Title.NNUT
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Nghệ {n}")
    id_number = factory.Sequence(lambda n: f"001{n:09d}")
    date_of_birth = datetime.date(1962, 5, 1)
    gender = "male"
    address = "Thôn Giang Cao, xã Bát Tràng"
    province = factory.LazyFunction(ProvinceFactory)
    phone = "0912 000 111"
    email = factory.Sequence(lambda n: f"nghenhan{n}@example.vn")
    craft = "Gốm sứ"
    years_in_craft = 25
    learners = 200


def make_complete(nomination: ArtisanNomination) -> ArtisanNomination:
    """Give a dossier every checklist item: portrait, signed declaration, a photo, teaching evidence, and the
    award decisions of its prized works."""
    nomination.portrait.save("chan-dung.jpg", ContentFile(_jpeg()), save=True)
    for kind in (EvidenceKind.SIGNED_DECLARATION, EvidenceKind.PHOTO, EvidenceKind.TEACHING,
                 EvidenceKind.AWARD_DECISION):
        item = Evidence(nomination=nomination, kind=kind, caption=str(kind.label), original_name="minh-chung.pdf",
                        content_type="application/pdf", size=len(pdf_bytes()))
        item.file.save("minh-chung.pdf", ContentFile(pdf_bytes()), save=True)
    return nomination


def _jpeg() -> bytes:
    from tests.images import jpeg_bytes

    return jpeg_bytes((300, 400))


def nnnd_facts(nomination: ArtisanNomination, *, nnut_year: int = 2015, works: int = 2) -> ArtisanNomination:
    """An NNND candidate who holds NNƯT and has `works` national second prizes after it."""
    PriorTitle.objects.create(nomination=nomination, title=Title.NNUT, year=nnut_year, decision="1234/QĐ-CTN")
    for number in range(works):
        Work.objects.create(nomination=nomination, name=f"Bình gốm {number}", year=nnut_year + 2 + number,
                            competition="Sản phẩm thủ công mỹ nghệ Việt Nam", level=PrizeLevel.NATIONAL, rank=2)
    return nomination


ROLES_OF_ELEVEN = [MemberRole.CHAIR, MemberRole.STANDING_VICE_CHAIR, MemberRole.VICE_CHAIR] + \
    [MemberRole.MEMBER] * 7 + [MemberRole.SECRETARY]


def make_council(artisan_round, *, level=CouncilLevel.PROVINCIAL, province=None, size=11, by):
    """A council of `size` members (chair, standing vice-chair, vice-chair, members, secretary for 11)."""
    province = province if level == CouncilLevel.PROVINCIAL else None
    if level == CouncilLevel.PROVINCIAL and province is None:
        province = ProvinceFactory()
    council = voting.save_council(council=_council(artisan_round, level, province), by=by)
    roles = ROLES_OF_ELEVEN[:size] if size <= 11 else ROLES_OF_ELEVEN + [MemberRole.MEMBER] * (size - 11)
    for index, role in enumerate(roles):
        user = UserFactory(email=f"hoidong-{council.pk}-{index}@example.vn", full_name=f"Thành viên {index}",
                           role=enums.Role.JURY)
        voting.add_member(council=council, user=user, role=role, by=by)
    return council


def _council(artisan_round, level, province):
    from awards.artisans.models import Council

    return Council(round=artisan_round, level=level, province=province,
                   name=f"{CouncilLevel(level).label} {province.name if province else ''}".strip())


def members(council):
    return list(council.members.select_related("user").order_by("pk"))


def session_with(council, *, present, by, vice=None):
    """A session with attendance recorded: `present` members present, the others absent."""
    session = voting.create_session(council=council, held_on=TODAY(), place="Hội trường Sở Công Thương", by=by)
    return voting.record_attendance(session=session, present=present, authorised_vice_chair=vice, by=by)


def vote(session, member, choices: dict):
    """One member votes online: `choices` maps a nomination to "approve" or "disapprove"."""
    lines = {line.nomination_id: line.pk for line in session.candidates.all()}
    marks = {lines[nomination.pk]: {choice: 1} for nomination, choice in choices.items()}
    return voting.cast_ballots(session=session, voters=[member], marks=marks, by=member.user)


@pytest.fixture
def ha_noi(db):
    return Province.objects.get(code="01")


@pytest.fixture
def artisan_round(db):
    return ArtisanRoundFactory()


@pytest.fixture
def candidate(db):
    """A potter filing her own dossier from a self-service account."""
    return UserFactory(email="nghe-nhan@example.vn", full_name="Trần Thị Gốm")


@pytest.fixture
def other_candidate(db):
    return UserFactory(email="nghe-nhan-khac@example.vn", full_name="Lê Văn Mây")


@pytest.fixture
def national_secretary(db):
    return UserFactory(email="thu-ky-bo@example.vn", full_name="Vũ Thị Lan", role=enums.Role.SECRETARIAT,
                       scope_level=enums.ScopeLevel.NATIONAL)


@pytest.fixture
def other_province_secretary(db):
    return UserFactory(email="thu-ky-hue@example.vn", role=enums.Role.SECRETARIAT,
                       scope_level=enums.ScopeLevel.PROVINCE, scope_province=Province.objects.current().get(name="Huế"))


@pytest.fixture
def own_nomination(candidate, artisan_round, ha_noi):
    """The candidate's own NNƯT dossier (Hà Nội), complete, in draft."""
    nomination = ArtisanNominationFactory(round=artisan_round, user=candidate, full_name=candidate.full_name,
                                          email=candidate.email, province=ha_noi, id_number="001185000123",
                                          phone="0987 654 321", address="Số 7 ngõ Gốm, xã Bát Tràng")
    return make_complete(nomination)

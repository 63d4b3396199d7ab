"""Demo of the artisan titles: the register of earlier rounds (imported from their published lists) and the 6th
round with a candidate at every stage, moved there through the real services: councils with their sessions,
attendance and ballots, two public comment periods (one over, one open now), a final decision. Idempotent: the
round is seeded once, in one transaction.

Logins (password catalog.demo.DEMO_PASSWORD): the candidates nghenhan@demo.vn (a draft) and nghenhan2@demo.vn
(a dossier returned for completion); council members hoidong01…hoidong11@demo.vn (01 chairs, 11 is the
secretary); the secretariats of catalog's demo, thuky.hanoi@demo.vn (the Hà Nội council) and thuky.quocgia@demo.vn
(the ministerial and State councils, the comment, the decisions, the register).
"""

import datetime
import io
import zlib

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from catalog import enums as catalog_enums
from catalog.demo import demo_password_hash
from catalog.models import Province, User

from . import evidence, services, voting
from .enums import Choice, CouncilLevel, EvidenceKind, MemberRole, NominationState, PrizeLevel, Title
from .models import ArtisanNomination, ArtisanRound, CommentPeriod, Council, PolicyVersion, national_day
from .resources import ArtisanTitleResource

S = NominationState
ROUND_NUMBER = 6
CANDIDATES = [("nghenhan@demo.vn", "Trần Thị Gốm"), ("nghenhan2@demo.vn", "Lê Văn Khảm")]
MEMBERS = [
    ("Bộ trưởng Nguyễn Hồng Diên", MemberRole.CHAIR), ("Thứ trưởng Phan Thị Thắng", MemberRole.STANDING_VICE_CHAIR),
    ("PGS.TS. Trịnh Quang Vũ", MemberRole.VICE_CHAIR), ("Nghệ nhân nhân dân Vũ Đức Hiền", MemberRole.MEMBER),
    ("TS. Lê Thị Hạnh", MemberRole.MEMBER), ("Họa sĩ Đào Minh Tâm", MemberRole.MEMBER),
    ("Nghệ nhân nhân dân Phạm Văn Bảy", MemberRole.MEMBER), ("ThS. Hà Thu Trang", MemberRole.MEMBER),
    ("TS. Nguyễn Quốc Bảo", MemberRole.MEMBER), ("Nghệ nhân ưu tú Lò Thị Xuân", MemberRole.MEMBER),
    ("Bà Đỗ Thị Hương (Vụ Thi đua – Khen thưởng)", MemberRole.SECRETARY),
]
# Published lists of earlier rounds, as the secretariat imports them (old province names and abbreviations too).
EARLIER_LISTS = [
    ("Nguyễn Văn Đức", "NNND", 2022, "Gốm sứ", "Hà Nội", "", "1555/QĐ-CTN"),
    ("Lê Thị Thu", "NNƯT", 2022, "Thêu tay", "Ninh Bình", "", "1555/QĐ-CTN"),
    ("Hoàng Văn Toản", "Nghệ nhân ưu tú", 2022, "Chạm khắc gỗ", "Bắc Ninh", "", "1555/QĐ-CTN"),
    ("Phùng Thị Nga", "NNƯT", 2022, "Dệt thổ cẩm", "Lào Cai", "", "1555/QĐ-CTN"),
    ("Trần Văn Lực", "nghe nhan uu tu", 2022, "Đúc đồng", "Huế", "có", "1555/QĐ-CTN"),
    ("Đặng Văn Hậu", "Nghệ nhân nhân dân", 2019, "Sơn mài", "Hà Nội", "", "1871/QĐ-CTN"),
    ("Vũ Thị Nhung", "NNƯT", 2019, "Mây tre đan", "Hà Nam", "", "1871/QĐ-CTN"),
    ("Nguyễn Hữu Tài", "NNƯT", 2019, "Gốm sứ", "Bình Dương", "", "1871/QĐ-CTN"),
    ("Lò Văn Piêng", "NNƯT", 2019, "Dệt thổ cẩm", "Sơn La", "", "1871/QĐ-CTN"),
    ("Hồ Thị Lan", "NNƯT", 2016, "Nón lá", "Thừa Thiên Huế", "", "2106/QĐ-CTN"),
    ("Cao Văn Thạch", "NNND", 2016, "Chạm khắc đá", "Ninh Bình", "", "2106/QĐ-CTN"),
    ("Mai Xuân Thành", "NNƯT", 2016, "Khảm trai", "Nam Định", "", "2106/QĐ-CTN"),
]
# (name, title, craft, years, learners, stage it ends at; works as (year, level, rank))
DOSSIERS = [
    ("Nguyễn Văn Hùng", Title.NNND, "Gốm sứ", 38, 260, "awarded", [(2021, "national", 1), (2023, "national", 2)]),
    ("Phạm Thị Thanh", Title.NNUT, "Thêu tay", 24, 90, "state_passed", [(2018, "national", 2)]),
    ("Đỗ Văn Sơn", Title.NNUT, "Sơn mài", 19, 45, "not_passed_state", [(2020, "national", 3)]),
    ("Hoàng Thị Lụa", Title.NNUT, "Dệt lụa", 22, 70, "ministerial_passed", [(2019, "national", 1)]),
    ("Vũ Văn Đồng", Title.NNND, "Đúc đồng", 41, 180, "ministerial_passed", [(2020, "national", 2),
                                                                              (2024, "regional", 3)]),
    ("Bùi Thị Mây", Title.NNUT, "Mây tre đan", 17, 35, "provincial_passed", []),
    ("Ngô Văn Tre", Title.NNUT, "Đan lát", 16, 12, "not_passed_provincial", []),
    ("Đinh Thị Men", Title.NNUT, "Gốm sứ", 21, 55, "accepted", [(2022, "national", 2)]),
    ("Lý Văn Khắc", Title.NNUT, "Chạm bạc", 26, 40, "submitted", []),
]


def seed_artisans(*, stdout=None) -> None:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        seeded = _seed()
    if stdout and seeded:
        stdout.write(f"Artisans: round {ROUND_NUMBER} with {seeded.nominations.count()} dossiers, "
                     f"register of {seeded.titles.count()} + earlier lines. Logins: "
                     + ", ".join(email for email, _name in CANDIDATES) + ", hoidong01…11@demo.vn.")


def _account(email: str, name: str, role: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name, "role": role})
    if created:
        user.password = demo_password_hash()  # see catalog.demo.demo_password_hash
        user.save(update_fields=["password"])
    return user


def _seed() -> ArtisanRound | None:
    provincial = User.objects.filter(email="thuky.hanoi@demo.vn").first()
    national = User.objects.filter(email="thuky.quocgia@demo.vn").first()
    if provincial is None or national is None or ArtisanRound.objects.filter(number=ROUND_NUMBER).exists():
        return None  # catalog's demo has not run, or this part already has
    _import_earlier_lists()
    today = timezone.localdate()
    ha_noi = Province.objects.current().get(code="01")
    artisan_round = _round(today, national)
    members = [_account(f"hoidong{n:02d}@demo.vn", name, catalog_enums.Role.JURY)
               for n, (name, _role) in enumerate(MEMBERS, start=1)]
    councils = {
        CouncilLevel.PROVINCIAL: _council(artisan_round, CouncilLevel.PROVINCIAL, "Hội đồng cấp tỉnh thành phố Hà Nội",
                                          members[:6] + members[10:], provincial, ha_noi),
        CouncilLevel.MINISTERIAL: _council(artisan_round, CouncilLevel.MINISTERIAL,
                                           "Hội đồng chuyên ngành cấp Bộ Công Thương", members[:8] + members[10:],
                                           national),
        CouncilLevel.STATE: _council(artisan_round, CouncilLevel.STATE, "Hội đồng cấp Nhà nước", members, national),
    }
    runner = {CouncilLevel.PROVINCIAL: provincial, CouncilLevel.MINISTERIAL: national, CouncilLevel.STATE: national}
    dossiers = {name: _dossier(artisan_round, ha_noi, provincial, name, title, craft, years, learners, works)
                for name, title, craft, years, learners, _end, works in DOSSIERS}

    def accept(*names):
        for name in names:
            for state in (S.SUBMITTED, S.ACCEPTED):
                dossiers[name] = services.set_nomination_state(nomination=dossiers[name], new_state=state,
                                                               by=provincial)

    def session(level, days_ago, votes):
        """A closed session: everyone present; `votes` maps a name to its approvals (the rest disapprove)."""
        council = councils[level]
        seats = list(council.members.all())
        held = voting.create_session(council=council, held_on=today - datetime.timedelta(days=days_ago),
                                     place="Hội trường Bộ Công Thương, 54 Hai Bà Trưng", by=runner[level])
        voting.record_attendance(session=held, present=seats, by=runner[level])
        voting.open_voting(session=held, by=runner[level])
        marks = {line.pk: {Choice.APPROVE: votes[line.nomination.full_name],
                           Choice.DISAPPROVE: len(seats) - votes[line.nomination.full_name]}
                 for line in held.candidates.select_related("nomination")}
        voting.cast_ballots(session=held, voters=seats, marks=marks, by=runner[level])  # the counted paper box
        return voting.close_session(session=held, by=runner[level])

    # The first batch goes all the way: provincial, ministerial, 20 days of public comment, State, decision.
    accept("Nguyễn Văn Hùng", "Phạm Thị Thanh", "Đỗ Văn Sơn", "Ngô Văn Tre")
    session(CouncilLevel.PROVINCIAL, 90, {"Nguyễn Văn Hùng": 7, "Phạm Thị Thanh": 7, "Đỗ Văn Sơn": 7,
                                          "Ngô Văn Tre": 5})
    session(CouncilLevel.MINISTERIAL, 75, {"Nguyễn Văn Hùng": 9, "Phạm Thị Thanh": 9, "Đỗ Văn Sơn": 9})
    _past_comment_period(artisan_round, national, today - datetime.timedelta(days=60))
    session(CouncilLevel.STATE, 30, {"Nguyễn Văn Hùng": 11, "Phạm Thị Thanh": 10, "Đỗ Văn Sơn": 9})
    services.record_decision(nomination=ArtisanNomination.objects.get(pk=dossiers["Nguyễn Văn Hùng"].pk), awarded=True,
                             decision_number="1620/QĐ-CTN", decided_on=today - datetime.timedelta(days=7),
                             by=national)
    # A second batch: proposed by the ministerial council later, on public comment now.
    accept("Hoàng Thị Lụa", "Vũ Văn Đồng")
    session(CouncilLevel.PROVINCIAL, 50, {"Hoàng Thị Lụa": 7, "Vũ Văn Đồng": 7})
    session(CouncilLevel.MINISTERIAL, 40, {"Hoàng Thị Lụa": 9, "Vũ Văn Đồng": 9})
    second = services.open_comment_period(artisan_round=artisan_round, opens_on=today, by=national)
    services.submit_comment(period=second, nomination=dossiers["Hoàng Thị Lụa"], full_name="Nguyễn Văn Dân",
                            phone="0912 345 678", address="Xã Vạn Phúc, Hà Nội",
                            text="Bà Lụa giữ nghề dệt lụa Vạn Phúc và dạy nghề miễn phí cho thanh niên trong làng.")
    # Later still: one through the provincial council, two waiting for it (with a session ready to vote).
    accept("Bùi Thị Mây")
    session(CouncilLevel.PROVINCIAL, 20, {"Bùi Thị Mây": 7})
    accept("Đinh Thị Men")
    _posthumous(artisan_round, ha_noi, provincial)
    ready = voting.create_session(council=councils[CouncilLevel.PROVINCIAL], held_on=today,
                                    place="Sở Công Thương Hà Nội, 331 Cầu Giấy", by=provincial)
    voting.record_attendance(session=ready, present=list(councils[CouncilLevel.PROVINCIAL].members.all()),
                             by=provincial)
    # Dossiers still with the Sở Công Thương: one submitted and overdue for its check, one returned, one draft.
    services.set_nomination_state(nomination=dossiers["Lý Văn Khắc"], new_state=S.SUBMITTED, by=provincial)
    ArtisanNomination.objects.filter(pk=dossiers["Lý Văn Khắc"].pk).update(check_due=today - datetime.timedelta(days=3))
    _candidates_own(artisan_round, ha_noi, provincial)
    return artisan_round


def _round(today: datetime.date, by) -> ArtisanRound:
    close = today + datetime.timedelta(days=30)
    year = today.year if national_day(today.year) > close else today.year + 1
    return services.save_round(artisan_round=ArtisanRound(
        number=ROUND_NUMBER, title="Xét tặng danh hiệu Nghệ nhân nhân dân, Nghệ nhân ưu tú lần thứ 6",
        award_year=year, policy=PolicyVersion.objects.order_by("pk").first(),
        submissions_open=today - datetime.timedelta(days=120), submissions_close=close,
        provincial_by=close + datetime.timedelta(days=30), ministerial_by=close + datetime.timedelta(days=90),
        state_by=close + datetime.timedelta(days=150)), by=by)


def _council(artisan_round, level, name, people, by, province=None) -> Council:
    council = voting.save_council(council=Council(round=artisan_round, level=level, province=province, name=name,
                                                  founding_decision="Quyết định số 25/QĐ-HĐ"), by=by)
    roles = dict(MEMBERS)
    for person in people:
        voting.add_member(council=council, user=person, role=roles[person.full_name], by=by,
                          position=person.full_name.split(" (")[0])
    return council


def _jpeg(text: str, size=(600, 800)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (214, 196, 170))
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 140, 450, 440), fill=(120, 92, 70))
    draw.rectangle((100, 480, 500, 800), fill=(60, 80, 110))
    draw.text((20, 20), text, fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("chan-dung.jpg", buffer.getvalue(), content_type="image/jpeg")


def _pdf(title: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    page = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(page).text((40, 40), title, fill="black")
    page.save(buffer, "PDF", resolution=72)
    return SimpleUploadedFile("minh-chung.pdf", buffer.getvalue(), content_type="application/pdf")


def _dossier(artisan_round, province, by, name, title, craft, years, learners, works, user=None) -> ArtisanNomination:
    number = zlib.crc32(name.encode()) % 10**9  # a made-up identity number, the same on every run
    nomination = services.save_nomination(nomination=ArtisanNomination(
        round=artisan_round, title_sought=title, user=user, full_name=name, id_number=f"001{number:09d}",
        date_of_birth=datetime.date(1960 + len(name) % 15, 1 + len(craft) % 12, 10), gender="female" if "Thị" in name
        else "male", address="Làng nghề " + craft.lower() + ", Hà Nội", province=province, phone="0243 000 000",
        email=user.email if user else "", craft=craft, years_in_craft=years, learners=learners,
        special_craft=learners < 25, other_distinctions="Bằng khen của Ủy ban nhân dân thành phố."), by=user or by)
    editor = user or by
    prior = [{"title": Title.NNUT, "year": 2019, "decision": "1871/QĐ-CTN"}] if title == Title.NNND else []
    services.save_achievements(nomination=nomination, prior_titles=prior, by=editor, works=[
        {"name": f"{craft} {index + 1}", "year": year, "competition": "Sản phẩm thủ công mỹ nghệ Việt Nam",
         "level": level, "rank": rank, "sent_by_state": level != PrizeLevel.NATIONAL}
        for index, (year, level, rank) in enumerate(works)])
    evidence.set_portrait(nomination=nomination, upload=_jpeg(name), by=editor)
    for kind in (EvidenceKind.SIGNED_DECLARATION, EvidenceKind.PHOTO, EvidenceKind.TEACHING,
                 EvidenceKind.AWARD_DECISION):
        evidence.add_evidence(nomination=nomination, kind=kind, upload=_pdf(str(kind.label)), by=editor,
                              caption=str(kind.label))
    evidence.add_evidence(nomination=nomination, kind=EvidenceKind.VIDEO_LINK, by=editor,
                          url="https://www.youtube.com/watch?v=demo", caption="Phóng sự về nghệ nhân")
    return nomination


def _past_comment_period(artisan_round, by, opens_on) -> CommentPeriod:
    """The first list's 20 days of public comment, over, its one comment answered. The services take comments
    only while a period runs, from today on: it runs now, then is dated back as if it had run then."""
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(), by=by)
    comment = services.submit_comment(
        period=period, nomination=period.nominations.order_by("full_name").first(), full_name="Trần Văn Góp",
        phone="0987 111 222", address="Phường Hoàn Kiếm, Hà Nội",
        text="Đề nghị hội đồng làm rõ số học viên đã được truyền nghề.")
    services.answer_comment(comment=comment, by=by,
                            response="Hồ sơ có danh sách học viên được Ủy ban nhân dân xã xác nhận.")
    days = datetime.timedelta(days=artisan_round.policy.comment_days - 1)
    CommentPeriod.objects.filter(pk=period.pk).update(opens_on=opens_on, closes_on=opens_on + days)
    period.refresh_from_db()
    return period


def _posthumous(artisan_round, province, by) -> None:
    nomination = _dossier(artisan_round, province, by, "Đặng Văn Xưa", Title.NNUT, "Khảm trai", 45,
                          120, [(2001, "national", 1)])
    nomination.posthumous, nomination.id_number, nomination.email = True, "", "giadinh.dangvanxua@example.vn"
    services.save_nomination(nomination=nomination, by=by)
    for state in (S.SUBMITTED, S.ACCEPTED):
        nomination = services.set_nomination_state(nomination=nomination, new_state=state, by=by)


def _candidates_own(artisan_round, province, secretariat) -> None:
    (draft_email, draft_name), (returned_email, returned_name) = CANDIDATES
    draft_user = _account(draft_email, draft_name, catalog_enums.Role.PRODUCER)
    returned_user = _account(returned_email, returned_name, catalog_enums.Role.PRODUCER)
    _dossier(artisan_round, province, secretariat, draft_name, Title.NNUT, "Gốm sứ", 18, 30, [], user=draft_user)
    returned = _dossier(artisan_round, province, secretariat, returned_name, Title.NNUT, "Khảm trai", 20, 40,
                        [(2021, "national", 2)], user=returned_user)
    services.set_nomination_state(nomination=returned, new_state=S.SUBMITTED, by=returned_user)
    services.set_nomination_state(nomination=returned, new_state=S.RETURNED, by=secretariat, missing_items=["teaching"],
                                  reason="Minh chứng truyền nghề chưa có danh sách học viên có xác nhận của xã.")


def _import_earlier_lists() -> None:
    dataset = tablib.Dataset(headers=["Họ và tên", "Danh hiệu", "Năm", "Nghề", "Tỉnh/thành phố", "Truy tặng",
                                      "Số quyết định"])
    for row in EARLIER_LISTS:
        dataset.append(row)
    result = ArtisanTitleResource().import_data(dataset)
    if result.has_errors() or result.has_validation_errors():
        raise RuntimeError(f"The demo's earlier lists did not import: {result.invalid_rows}")

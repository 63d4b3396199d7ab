"""THE leak test of issue 10: a blind round whose producer's name, tax code, phone, e-mail and address are written
in every field that can hold them; the secretariat resolves every flag; then everything a jury member can reach
(the jury routes of scoring.urls and of the API router, collected from the URL configuration) is fetched and
nothing in bodies, headers, file names, file bytes, image metadata or PDF text/metadata names the producer."""

import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from catalog.text import fold
from config.api import router
from scoring import services
from scoring import urls as scoring_urls
from scoring.dossier import document_storage, dossier_for_jury, photo_storage
from scoring.enums import ConflictRelation, NominationState, RoundState
from scoring.models import ConflictReport, Recusal, ScoreSheet
from tests.api.conftest import client_for
from tests.factories import DocumentFactory, NominationFactory, ProducerFactory, ProductFactory, ProductPhotoFactory

pytestmark = pytest.mark.django_db

NAME, CORE = "Công ty TNHH Gốm Sứ Hoàng Đạt", "Gốm Sứ Hoàng Đạt"  # CORE: the name without its legal form
TAX, PHONE, EMAIL, ADDRESS = "0109876543", "0912 345 678", "lienhe@hoangdat.vn", "Số 12 ngõ Lò Chum"
SECRETS = [NAME, CORE, TAX, PHONE, PHONE.replace(" ", ""), EMAIL, ADDRESS]
SAY_ALL = f"{NAME} ({CORE}), MST {TAX}, ĐT {PHONE}, {EMAIL}, {ADDRESS}"

# Every jury route of scoring.urls, and how the test fetches it. A new jury route fails the test until it is here.
PAGE_ROUTES = {"jury_queue": "GET", "jury_sheet": "GET", "jury_sheet_pdf": "GET", "jury_autosave": "POST",
               "jury_document": "GET 404",  # a blind jury gets no paper at all (dossier_for_jury)
               # Writes that answer with a redirect: posted, redirects followed, by the test of the jury's forms.
               "jury_recuse": "forms", "jury_declare_conflict": "forms"}
API_PREFIXES = {"jury/nominations", "jury/conflicts"}


def _leaks(text: str) -> list[str]:
    folded = fold(text)
    return [s for s in SECRETS if s in text or fold(s) in folded]


def _jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = fold(NAME)  # Artist (ASCII)
    exif[0x8298] = f"{TAX} {PHONE}"  # Copyright
    exif[0x010E] = EMAIL  # ImageDescription
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{NAME}</dc:creator></x:xmpmeta>'.encode()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "JPEG", exif=exif, xmp=xmp)
    return buffer.getvalue()


def _pdf_with_identity() -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html><head><title>{NAME}</title><meta name='author' content='{NAME}'></head>"
                       f"<body><p>{SAY_ALL}</p></body></html>").write_pdf()


def _pdf_all_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    return metadata + "\n" + "\n".join(page.extract_text() for page in reader.pages)


def _image_metadata(content: bytes) -> str:
    with Image.open(io.BytesIO(content)) as image:
        return " ".join([repr(image.info), repr(dict(image.getexif())), repr(image.getxmp() if image.info.get("xmp")
                                                                                else "")])


@pytest.fixture
def leaky(scoring_round, secretary):
    """The nomination, accepted in a blind round, with every flag the scan raised redacted by the secretariat."""
    scoring_round.blind_judging = True
    scoring_round.state = RoundState.REGISTRATION_CLOSED
    scoring_round.save()
    producer = ProducerFactory(name=NAME, tax_code=TAX, phone=PHONE, email=EMAIL, address=ADDRESS,
                               representative="Trần Văn Đạt")
    product = ProductFactory(producer=producer, name=f"Bình {CORE}", description=SAY_ALL, materials=SAY_ALL,
                             specifications=SAY_ALL, production_capacity=SAY_ALL, price_range=SAY_ALL,
                             standards=SAY_ALL)
    for role in ("front", "side", "top"):
        ProductPhotoFactory(product=product, role=role, caption=SAY_ALL,
                            image=ContentFile(_jpeg_with_metadata(), name=f"{fold(CORE)}-{TAX}-{role}.jpg"))
    DocumentFactory(producer=producer, number=TAX, issuer=NAME, original_name=f"{CORE} {TAX}.pdf",
                    file=ContentFile(_pdf_with_identity(), name=f"{fold(CORE)}-{TAX}.pdf"))
    nomination = NominationFactory(round=scoring_round, product=product, state=NominationState.SUBMITTED,
                                   round_notes=SAY_ALL, sample_delivery=SAY_ALL)
    services.accept_nominations(nominations=[nomination], by=secretary)
    nomination.refresh_from_db()
    for index, _flag in enumerate(nomination.snapshot["pii_flags"]):
        services.resolve_pii_flag(nomination=nomination, index=index, action="redact", by=secretary)
    scoring_round.state = RoundState.SCORING
    scoring_round.save(update_fields=["state"])
    nomination.refresh_from_db()
    return nomination


def _page_responses(client, nomination):
    names = {p.name: p for p in scoring_urls.urlpatterns if p.name and p.name.startswith("jury_")}
    assert set(names) == set(PAGE_ROUTES)  # the URL configuration, not a hand list, says what a jury can reach
    responses = {}
    for name, how in PAGE_ROUTES.items():
        if how == "forms":
            continue
        kwargs = {key: {"pk": nomination.pk, "index": 0}[key] for key in names[name].pattern.converters}
        url = reverse(f"scoring:{name}", kwargs=kwargs)
        if how == "POST":
            responses[url] = (200, client.post(url, {"field": "comment-1.1", "value": "Men đẹp"}))
        else:
            responses[url] = (404 if how.endswith("404") else 200, client.get(url))
    return responses


def _api_responses(judge, nomination):
    prefixes = {prefix for prefix, _viewset, _basename in router.registry if prefix.startswith("jury/")}
    assert prefixes == API_PREFIXES
    client = client_for(judge)
    base = "/api/v1/jury/nominations/"
    put = client.put(f"{base}{nomination.pk}/sheet/", {"values": {"1.1": "10"}, "comments": {"1.1": "Đẹp"}},
                     format="json")
    # jury/conflicts only takes a declaration (create): it echoes nothing of a producer (tests/api/test_jury.py).
    return {f"{base}": (200, client.get(base)), f"{base}{nomination.pk}/": (200, client.get(f"{base}{nomination.pk}/")),
            f"{base}{nomination.pk}/sheet/": (200, put)}


def test_nothing_a_blind_jury_can_fetch_names_the_producer(client, jury, leaky, judge, secretary):
    public_photos = [photo.image.read() for photo in leaky.product.photos.all()]
    public_documents = [document.file.read() for document in leaky.product.producer.documents.all()]
    client.force_login(judge)

    fetched = {**_page_responses(client, leaky), **_api_responses(judge, leaky)}

    for url, (expected, response) in fetched.items():
        assert response.status_code == expected, url
        headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
        assert _leaks(headers) == [], url
        if expected != 200:
            continue
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert content, url
        body = _pdf_all_text(content) if content.startswith(b"%PDF") else content.decode()
        assert _leaks(body) == [], url
        assert _leaks(json.dumps(json.loads(body), ensure_ascii=False) if body.startswith(("{", "[")) else "") == []
    sheet_page = fetched[reverse("scoring:jury_sheet", args=[leaky.pk])][1].content.decode()
    assert "Bình […]" in sheet_page  # the product is there, its producer is not

    # The files the jury's pages point at: the frozen photos (the only files a blind jury gets).
    photos = dossier_for_jury(leaky)["photos"]
    assert len(photos) == 3
    for photo in photos:
        assert photo["url"] in sheet_page
        assert _leaks(photo["name"] + photo["url"]) == []
        with photo_storage().open(photo["name"], "rb") as handle:
            content = handle.read()
        assert content not in public_photos
        assert content not in public_documents
        assert _leaks(_image_metadata(content)) == []


def test_positive_control_the_strings_are_there_for_the_secretariat_and_in_the_public_files(client, leaky,
                                                                                             secretary):
    public = leaky.product.photos.first().image.read()
    assert fold(NAME) in _image_metadata(public)
    assert NAME in _pdf_all_text(leaky.product.producer.documents.get(number=TAX).file.read())
    client.force_login(secretary)

    review = client.get(reverse("scoring:secretariat_nomination", args=[leaky.pk]))
    document = client.get(reverse("scoring:nomination_document", args=[leaky.pk, 0]))

    assert review.status_code == 200
    page = review.content.decode()
    assert NAME in page and TAX in page and PHONE in page
    assert document.status_code == 200
    frozen = leaky.snapshot["documents"][0]
    assert frozen["number"] == "[…]"  # the redacted copy; the secretariat still sees the original in the flag
    with document_storage().open(frozen["name"], "rb") as handle:
        assert handle.read() != leaky.product.producer.documents.get(number=TAX).file.read()


def _answers_nothing(response) -> None:
    """Neither the answer nor a redirect on the way (headers, body, JSON) names the producer."""
    for step in [*getattr(response, "redirect_chain", []), (response.get("Location", ""), response.status_code)]:
        assert _leaks(step[0]) == []
    assert _leaks(" ".join(f"{k}: {v}" for k, v in response.headers.items())) == []
    body = response.content.decode()
    assert _leaks(body) == []
    if response.get("Content-Type", "").startswith("application/json"):
        assert _leaks(json.dumps(json.loads(body), ensure_ascii=False)) == []


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_what_a_blind_jury_posts_answers_without_the_producer(client, jury, leaky, judge):
    """The forms a member posts: the sheet with its comments (the page's own form and the script's autosave),
    a conflict declaration (with the producer's own tax code: answered exactly as for a code nobody has) and
    the recusal; refused posts too. No answer, redirect or JSON names the producer."""
    client.force_login(judge)
    sheet = reverse("scoring:jury_sheet", args=[leaky.pk])
    autosave = reverse("scoring:jury_autosave", args=[leaky.pk])
    declare = reverse("scoring:jury_declare_conflict")
    recuse = reverse("scoring:jury_recuse", args=[leaky.pk])
    relation = ConflictRelation.values[0]

    answers = {
        "sheet draft": (200, client.post(sheet, {"score-1.1": "10", "comment-1.1": "Men đẹp",
                                                 "overall_comment": "Sản phẩm tốt", "action": "save"}, follow=True)),
        "sheet refused": (400, client.post(sheet, {"score-1.1": "999", "comment-1.1": "Quá điểm", "action": "save"})),
        "comment autosave": (200, client.post(autosave, {"field": "comment-1.1", "value": "Nhận xét mới"})),
        "overall comment autosave": (200, client.post(autosave, {"field": "overall_comment", "value": "Chung"})),
        "score refused": (400, client.post(autosave, {"field": "score-1.1", "value": "999"})),
        "conflict, producer's code": (200, client.post(declare, {"tax_code": TAX, "relation": relation,
                                                                 "note": "Họ hàng"}, follow=True)),
        "conflict, unknown code": (200, client.post(declare, {"tax_code": "0100000001", "relation": relation,
                                                              "note": "Họ hàng"}, follow=True)),
        "conflict refused": (200, client.post(declare, {"tax_code": "", "relation": "?"}, follow=True)),
        "recusal refused": (200, client.post(recuse, {"reason": ""}, follow=True)),
        "recusal": (200, client.post(recuse, {"reason": "Tôi quen cơ sở này"}, follow=True)),
    }

    for what, (expected, response) in answers.items():
        assert response.status_code == expected, what
        _answers_nothing(response)
    # The declaration is no oracle: the producer's own code and a code nobody has get the same page.
    known = _without_tokens(answers["conflict, producer's code"][1].content.decode())
    unknown = _without_tokens(answers["conflict, unknown code"][1].content.decode())
    assert known == unknown
    # Positive controls: the posts did what they say (comments stored, the declarations and the recusal kept).
    assert json.loads(answers["comment autosave"][1].content)["saved"] is True
    stored = ScoreSheet.objects.get(nomination=leaky, member=judge)
    assert (stored.overall_comment, stored.scores.get(criterion__code="1.1").comment) == ("Chung", "Nhận xét mới")
    assert sorted(ConflictReport.objects.filter(user=judge).values_list("tax_code", flat=True)) == [
        "0100000001", TAX]
    assert Recusal.objects.filter(user=judge, nomination=leaky).count() == 1
    assert "Bình […]" in answers["recusal"][1].content.decode()  # the product is on the page, its producer not

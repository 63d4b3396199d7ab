"""Identity flags at acceptance (scoring.pii): found diacritics- and case-insensitively, marked for the
secretariat, withheld from a blind jury until redacted or dismissed, through every door."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from scoring import pii, services
from scoring.dossier import WITHHELD, dossier_for_jury
from scoring.enums import NominationState, RoundState
from tests.api.conftest import client_for
from tests.factories import NominationFactory, ProductFactory

from .conftest import make_complete

pytestmark = pytest.mark.django_db

PRODUCER = {"name": "Hợp tác xã Gốm Đức Thịnh", "tax_code": "0101234567", "phone": "0243 874 1234",
            "email": "lienhe@ducthinh.vn", "address": "Thôn Giang Cao", "representative": "Nguyễn Văn An"}


def test_spans_are_found_without_diacritics_case_or_grouping():
    patterns = pii.identity_patterns(PRODUCER)
    text = "Sản phẩm của GOM DUC THINH, gọi +84 243.874.1234, MST 0101 234 567, thư LienHe@DucThinh.vn"

    spans = pii.find_spans(text, patterns)

    assert [(text[s["start"]:s["end"]], s["kinds"]) for s in spans] == [
        ("GOM DUC THINH", ["name"]), ("+84 243.874.1234", ["phone"]), ("0101 234 567", ["tax_code"]),
        ("LienHe@DucThinh.vn", ["email"]),
    ]


def test_text_without_identity_has_no_span_and_words_must_be_whole():
    patterns = pii.identity_patterns(PRODUCER)

    assert pii.find_spans("Bình gốm men lam, giá 120.000 đồng, làm từ năm 1990", patterns) == []
    assert pii.find_spans("Ông Nguyễn Văn Anh hướng dẫn", patterns) == []  # not "Nguyễn Văn An"
    assert [s["kinds"] for s in pii.find_spans("Ông Nguyễn Văn An hướng dẫn", patterns)] == [["name"]]


def test_redact_replaces_each_span_and_keeps_the_rest():
    text = "Liên hệ Gốm Đức Thịnh qua 0243 874 1234."
    spans = pii.find_spans(text, pii.identity_patterns(PRODUCER))

    assert pii.redact(text, spans) == "Liên hệ […] qua […]."


@pytest.fixture
def named(producer, scoring_round):
    """A submitted nomination in a blind round whose texts name the producer (Hợp tác xã Gốm Bát Tràng)."""
    scoring_round.blind_judging = True
    scoring_round.state = RoundState.REGISTRATION_CLOSED  # accepted before scoring opens
    scoring_round.save()
    product = make_complete(ProductFactory(
        producer=producer, name="Bình gốm men lam",
        description=f"Sản phẩm do {producer.name} làm, điện thoại {producer.phone}.",
        materials="Đất sét trắng"))
    photo = product.photos.first()
    photo.caption = "Xưởng gom bat trang"
    photo.save()
    # The business registration's number is the tax code (the factories' sequences only agree by chance).
    producer.documents.filter(kind="business_registration").update(number=producer.tax_code)
    return NominationFactory(round=scoring_round, product=product, state=NominationState.SUBMITTED,
                             round_notes=f"Mã số thuế {producer.tax_code}")


def _start_scoring(selection_round):
    selection_round.state = RoundState.SCORING
    selection_round.save(update_fields=["state"])


def _accept(nomination, secretary):
    services.set_nomination_state(nomination=nomination, new_state=NominationState.ACCEPTED, by=secretary)
    _start_scoring(nomination.round)
    nomination.refresh_from_db()
    return nomination


def test_acceptance_flags_every_field_that_names_the_producer(named, secretary, producer):
    nomination = _accept(named, secretary)

    flags = nomination.snapshot["pii_flags"]
    assert [(f["field"], f["kinds"], f["state"]) for f in flags] == [
        ("product.description", ["name", "phone"], "open"),
        ("round_notes", ["tax_code"], "open"),
        ("photos.0.caption", ["name"], "open"),
        ("documents.0.number", ["tax_code"], "open"),  # the business registration number is the tax code
    ]
    description = nomination.snapshot["product"]["description"]
    assert [description[s["start"]:s["end"]] for s in flags[0]["spans"]] == [producer.name, producer.phone]


def test_bulk_acceptance_flags_too(named, secretary):
    services.accept_nominations(nominations=[named], by=secretary)
    _start_scoring(named.round)
    named.refresh_from_db()

    assert len(named.snapshot["pii_flags"]) == 4


def test_blind_jury_gets_placeholders_until_resolved_then_the_redacted_text(named, secretary, producer):
    nomination = _accept(named, secretary)

    withheld = dossier_for_jury(nomination)
    assert withheld["product"]["description"] == str(WITHHELD)
    assert withheld["round_notes"] == str(WITHHELD)
    assert withheld["photos"][0]["caption"] == str(WITHHELD)
    assert withheld["product"]["materials"] == "Đất sét trắng"  # unflagged text stays
    assert "pii_flags" not in withheld

    services.resolve_pii_flag(nomination=nomination, index=0, action="redact", by=secretary)
    services.resolve_pii_flag(nomination=nomination, index=2, action="dismiss", by=secretary,
                              note="Tên làng nghề, không phải tên cơ sở")
    nomination.refresh_from_db()
    after = dossier_for_jury(nomination)

    assert after["product"]["description"] == "Sản phẩm do […] làm, điện thoại […]."
    assert after["photos"][0]["caption"] == "Xưởng gom bat trang"  # dismissed: shown as written
    assert after["round_notes"] == str(WITHHELD)  # still open
    flag = nomination.snapshot["pii_flags"][0]
    assert flag["original"] == f"Sản phẩm do {producer.name} làm, điện thoại {producer.phone}."
    assert (flag["state"], flag["resolved_by"]) == ("redacted", secretary.pk)


def test_open_round_jury_sees_flagged_text(named, secretary, producer):
    named.round.blind_judging = False
    named.round.save()
    nomination = _accept(named, secretary)

    assert producer.name in dossier_for_jury(nomination)["product"]["description"]


def test_resolving_is_refused_with_a_message_and_changes_nothing(named, secretary, judge):
    nomination = _accept(named, secretary)
    before = json.dumps(nomination.snapshot, sort_keys=True)

    with pytest.raises(ValidationError, match="Ghi lý do"):
        services.resolve_pii_flag(nomination=nomination, index=0, action="dismiss", by=secretary)
    with pytest.raises(ValidationError, match="Không tìm thấy"):
        services.resolve_pii_flag(nomination=nomination, index=9, action="redact", by=secretary)
    with pytest.raises(ValidationError):
        services.resolve_pii_flag(nomination=nomination, index=0, action="redact", by=judge)
    services.resolve_pii_flag(nomination=nomination, index=0, action="redact", by=secretary)
    with pytest.raises(ValidationError, match="đã được xử lý"):
        services.resolve_pii_flag(nomination=nomination, index=0, action="redact", by=secretary)
    nomination.refresh_from_db()

    flags = nomination.snapshot["pii_flags"]
    assert [f["state"] for f in flags] == ["redacted", "open", "open", "open"]
    assert before != json.dumps(nomination.snapshot, sort_keys=True)


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_jury_page_pdf_and_api_withhold_then_secretariat_page_marks_and_redacts(client, jury, named, secretary,
                                                                                  judge, producer):
    nomination = _accept(named, secretary)
    client.force_login(judge)
    page = client.get(reverse("scoring:jury_sheet", args=[nomination.pk]))
    pdf = client.get(reverse("scoring:jury_sheet_pdf", args=[nomination.pk]))
    api = client_for(judge).get(f"/api/v1/jury/nominations/{nomination.pk}/")

    assert [page.status_code, pdf.status_code, api.status_code] == [200, 200, 200]
    bodies = [page.content.decode(), _pdf_text(pdf.content), json.dumps(api.json(), ensure_ascii=False)]
    for body in bodies:
        assert "Bình gốm men lam" in body  # positive control: the dossier is there
        for secret in (producer.name, producer.phone, producer.tax_code, "gom bat trang"):
            assert secret not in body
    assert str(WITHHELD) in bodies[0]
    assert api.json()["dossier"]["product"]["description"] == str(WITHHELD)

    client.force_login(secretary)
    review = client.get(reverse("scoring:secretariat_nomination", args=[nomination.pk])).content.decode()
    assert f"<mark>{producer.name}</mark>" in review
    assert f"<mark>{producer.tax_code}</mark>" in review
    redacted = client.post(reverse("scoring:nomination_pii", args=[nomination.pk, 0]), {"action": "redact"})
    refused = client.post(reverse("scoring:nomination_pii", args=[nomination.pk, 1]), {"action": "dismiss"})
    assert redacted.status_code == 302
    assert refused.status_code == 400
    assert "Ghi lý do" in refused.content.decode()

    client.force_login(judge)
    page = client.get(reverse("scoring:jury_sheet", args=[nomination.pk])).content.decode()
    assert "Sản phẩm do […] làm, điện thoại […]." in page
    assert producer.name not in page


# --- Frozen documents ------------------------------------------------------------------------------------------


def _named_pdf(producer) -> bytes:
    from weasyprint import HTML

    html = (f"<html><head><title>{producer.name}</title><meta name='author' content='{producer.name}'></head>"
            f"<body><p>Giấy chứng nhận cấp cho {producer.name}, mã số thuế {producer.tax_code}.</p></body></html>")
    return HTML(string=html).write_pdf()


def test_frozen_pdf_is_renamed_rewritten_without_metadata_and_its_text_flagged(named, secretary, producer):
    from django.core.files.base import ContentFile

    from scoring.dossier import document_storage
    from tests.factories import DocumentFactory

    original = _named_pdf(producer)
    assert producer.name in PdfReader(io.BytesIO(original)).metadata.author  # the control: the public file has it
    DocumentFactory(producer=producer, kind="quality", number="CL-01", original_name="chung-nhan.pdf",
                    file=ContentFile(original, name=f"{producer.tax_code}-chung-nhan.pdf"))

    nomination = _accept(named, secretary)

    frozen = next(d for d in nomination.snapshot["documents"] if d["number"] == "CL-01")
    with document_storage().open(frozen["name"], "rb") as handle:
        copy = handle.read()
    reader = PdfReader(io.BytesIO(copy))
    metadata = reader.metadata or {}
    assert copy != original
    assert producer.tax_code not in frozen["name"]
    assert frozen["name"].startswith(f"frozen/{nomination.pk}/documents/")
    assert not metadata.get("/Author") and not metadata.get("/Title")
    assert f"Giấy chứng nhận cấp cho {producer.name}" in reader.pages[0].extract_text()  # the page is kept
    index = nomination.snapshot["documents"].index(frozen)
    flag = next(f for f in nomination.snapshot["pii_flags"] if f["field"] == f"documents.{index}.text")
    assert flag["kinds"] == ["name", "tax_code"]

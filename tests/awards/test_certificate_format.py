"""The certificate follows the administrative format: issuing body, place and date, authority lines, signer —
stored per decision, with defaults from the round's scope; the ZIP is named after the certificates' year."""

import io
import zipfile

import pytest
from django.urls import reverse

from awards.pdf import certificate_pdf, document_format
from awards.services import set_decision_state
from catalog.models import Certificate
from tests.factories import ResultsDecisionFactory, SelectionRoundFactory

from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_deputy_chair_signs_for_the_committee_by_default(approved_decision, secretary):
    approved_decision.signer_title = "Phó Chủ tịch Ủy ban nhân dân thành phố Hà Nội"
    approved_decision.signer_name = "Trần Thị Thu"
    approved_decision.save()
    set_decision_state(decision=approved_decision, new_state="published", by=secretary)
    certificate = Certificate.objects.get(product__name="Bình gốm men lam Bát Tràng")

    text = pdf_text(certificate_pdf(certificate))

    assert certificate.issuer == "Ủy ban nhân dân thành phố Hà Nội"
    lines = [line.strip() for line in text.splitlines()]
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text
    assert "Hà Nội, ngày 02 tháng 03 năm 2026" in text
    authority = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert [line for line in lines if line in authority] == authority
    assert "Trần Thị Thu" in text
    assert "…" not in text and "PHÓ CHỦ TỊCH ỦY BAN" not in text


def test_stored_body_place_and_authority_win_over_the_defaults():
    decision = ResultsDecisionFactory(issuing_body="Ủy ban nhân dân tỉnh Bắc Ninh", signing_place="Bắc Ninh",
                                      signature_block="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n", signer_name="Lê Văn An")

    fmt = document_format(Certificate(), decision)

    assert (fmt.issuing_body, fmt.place, fmt.authority, fmt.signer) == (
        "Ủy ban nhân dân tỉnh Bắc Ninh", "Bắc Ninh", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lê Văn An")


@pytest.mark.parametrize(("round_fields", "title", "expected"), [
    ({"level": "province", "commune": ""}, "Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
     ("Ủy ban nhân dân thành phố Hà Nội", "Hà Nội", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])),
    ({"level": "commune", "commune": "Xã Bát Tràng"}, "Phó Chủ tịch Ủy ban nhân dân xã Bát Tràng",
     ("Ủy ban nhân dân xã Bát Tràng", "Hà Nội", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])),
    ({"level": "national", "commune": "", "scope_province": None}, "Thứ trưởng Bộ Công Thương",
     ("Bộ Công Thương", "Hà Nội", ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"])),
    ({"level": "national", "commune": "", "scope_province": None}, "Bộ trưởng Bộ Công Thương",
     ("Bộ Công Thương", "Hà Nội", ["BỘ TRƯỞNG"])),
])
def test_defaults_follow_the_round_scope(round_fields, title, expected):
    decision = ResultsDecisionFactory(round=SelectionRoundFactory(**round_fields), signer_title=title)

    fmt = document_format(Certificate(), decision)

    assert (fmt.issuing_body, fmt.place, fmt.authority) == expected


def test_zip_is_named_after_the_year_the_certificates_were_issued(client, secretary, approved_decision,
                                                                  after_commit):
    approved_decision.round.year = 2025  # a 2025 round decided on 2 March 2026: certificates of 2026
    approved_decision.round.save()
    published = set_decision_state(decision=approved_decision, new_state="published", by=secretary)
    client.force_login(secretary)
    with after_commit(execute=True):  # the ZIP is built by a job once the request's transaction commits
        client.post(reverse("awards:bundle_build", args=[published.pk]), HTTP_ACCEPT="application/json")

    download = client.get(reverse("awards:bundle_download", args=[published.pk]))

    assert download["Content-Disposition"] == f'attachment; filename="giay-chung-nhan-2026-{published.pk}.zip"'
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()) == 2

"""The producer's endpoints: own profile, products, photos, documents and nominations. Every other role and
every other producer gets nothing of them (404 for another's object), and the data that could leak exists."""

import pytest

from catalog.models import Document, Producer, Product, ProductPhoto
from scoring.enums import NominationState
from scoring.models import Nomination
from tests.api.conftest import client_for
from tests.factories import NominationFactory, ProductFactory, SelectionRoundFactory
from tests.images import jpeg_upload, pdf_upload, upload

pytestmark = pytest.mark.django_db


def test_token_is_obtained_with_email_and_password(producer_user, anon):
    producer_user.set_password("mat-khau-dai-1234")
    producer_user.save()
    response = anon.post("/api/v1/token/", {"username": producer_user.email, "password": "mat-khau-dai-1234"})
    assert response.status_code == 200
    token = response.json()["token"]
    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anon.get("/api/v1/producers/").status_code == 200
    wrong = client_for().post("/api/v1/token/", {"username": producer_user.email, "password": "sai"})
    assert wrong.status_code == 400


def test_token_request_with_an_overlong_email_is_refused_as_bad_input(producer_user, anon):
    # schemathesis found it on PostgreSQL: the failed sign-in's record cannot store a 300-character name (a 500).
    response = anon.post("/api/v1/token/", {"username": "a" * 300 + "@x.vn", "password": "sai"})

    assert response.status_code == 400
    assert list(response.json()) == ["username"]
    assert anon.post("/api/v1/token/", {"username": "a" * 240 + "@x.vn", "password": "sai"}).status_code == 400


def test_anonymous_gets_401_on_private_endpoints(anon, producer):
    assert anon.get("/api/v1/producers/").status_code == 401
    assert anon.get(f"/api/v1/producers/{producer.pk}/").status_code == 401


def test_producer_lists_and_edits_only_its_own_profile(producer, other_producer):
    client = client_for(producer.users.get())
    rows = client.get("/api/v1/producers/").json()["results"]
    assert [row["id"] for row in rows] == [producer.pk]
    assert client.get(f"/api/v1/producers/{other_producer.pk}/").status_code == 404
    response = client.patch(f"/api/v1/producers/{producer.pk}/", {"commune": "Xã Bát Tràng mới"}, format="json")
    assert response.status_code == 200
    assert Producer.objects.get(pk=producer.pk).commune == "Xã Bát Tràng mới"
    denied = client.patch(f"/api/v1/producers/{other_producer.pk}/", {"commune": "X"}, format="json")
    assert denied.status_code == 404
    assert Producer.objects.get(pk=other_producer.pk).commune == other_producer.commune


def test_producer_profile_bad_tax_code_is_a_field_error_and_nothing_changes(producer):
    client = client_for(producer.users.get())
    response = client.patch(f"/api/v1/producers/{producer.pk}/", {"tax_code": "12AB"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"tax_code": [
        "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số và 3 chữ số đơn vị phụ thuộc (0101234567-001)."]}
    assert Producer.objects.get(pk=producer.pk).tax_code == producer.tax_code


def test_error_messages_follow_accept_language(producer):
    client = client_for(producer.users.get())
    response = client.patch(f"/api/v1/producers/{producer.pk}/", {"tax_code": "12AB"}, format="json",
                            HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    english = response.json()["tax_code"][0]
    assert english.startswith("The tax code")
    assert client.get("/api/v1/producers/999999/", HTTP_ACCEPT_LANGUAGE="en").json() == {
        "detail": "No Producer matches the given query."}


def test_product_create_update_delete_through_the_services(producer, other_producer):
    client = client_for(producer.users.get())
    response = client.post("/api/v1/products/", {"producer": producer.pk, "name": "Bát men rạn", "group": "1",
                                                  "market": "domestic"}, format="json")
    assert response.status_code == 201, response.json()
    product = Product.objects.get(pk=response.json()["id"])
    assert product.producer == producer
    assert client.patch(f"/api/v1/products/{product.pk}/", {"name": "Bát men rạn cổ"}, format="json").status_code == 200
    assert Product.objects.get(pk=product.pk).name == "Bát men rạn cổ"
    assert client.delete(f"/api/v1/products/{product.pk}/").status_code == 204
    assert not Product.objects.filter(pk=product.pk).exists()


def test_a_nominated_product_is_not_deleted_through_the_api_either(producer):
    client = client_for(producer.users.get())
    nominated = NominationFactory(product=ProductFactory(producer=producer)).product

    response = client.delete(f"/api/v1/products/{nominated.pk}/")

    assert response.status_code == 400
    assert "sản phẩm đã được đề cử" in response.json()["non_field_errors"][0]
    assert Product.objects.filter(pk=nominated.pk).exists() is True


def test_product_for_another_producer_is_refused_and_nothing_created(producer, other_producer):
    client = client_for(producer.users.get())
    theirs = ProductFactory(producer=other_producer)
    response = client.post("/api/v1/products/", {"producer": other_producer.pk, "name": "Giả mạo", "group": "1",
                                                  "market": "domestic"}, format="json")
    assert response.status_code == 404
    assert not Product.objects.filter(name="Giả mạo").exists()
    assert client.get(f"/api/v1/products/{theirs.pk}/").status_code == 404
    assert client.delete(f"/api/v1/products/{theirs.pk}/").status_code == 404
    assert Product.objects.filter(pk=theirs.pk).exists()
    assert [p["id"] for p in client.get("/api/v1/products/").json()["results"]] == []


def test_product_validation_is_field_by_field(producer):
    client = client_for(producer.users.get())
    response = client.post("/api/v1/products/", {"producer": producer.pk, "group": "9"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "group"}


def test_photo_upload_goes_through_the_upload_checks(producer):
    product = ProductFactory(producer=producer)
    client = client_for(producer.users.get())
    response = client.post(f"/api/v1/products/{product.pk}/photos/",
                           {"image": jpeg_upload(), "role": "front", "caption": "Mặt trước"}, format="multipart")
    assert response.status_code == 201, response.json()
    photo = ProductPhoto.objects.get(product=product)
    assert photo.caption == "Mặt trước"
    assert [p["id"] for p in client.get(f"/api/v1/products/{product.pk}/photos/").json()] == [photo.pk]
    fake = client.post(f"/api/v1/products/{product.pk}/photos/",
                       {"image": upload("anh.jpg", b"not an image at all", "image/jpeg"), "role": "front"},
                       format="multipart")
    assert fake.status_code == 400
    assert list(fake.json()) == ["non_field_errors"]
    assert ProductPhoto.objects.filter(product=product).count() == 1


def test_photo_of_another_producer_is_404(producer, other_producer):
    theirs = ProductFactory(producer=other_producer)
    client = client_for(producer.users.get())
    response = client.post(f"/api/v1/products/{theirs.pk}/photos/", {"image": jpeg_upload(), "role": "front"},
                           format="multipart")
    assert response.status_code == 404
    assert not ProductPhoto.objects.filter(product=theirs).exists()


def test_document_upload_list_and_permission_checked_download(producer, other_producer):
    client = client_for(producer.users.get())
    response = client.post("/api/v1/documents/", {"producer": producer.pk, "kind": "business_registration",
                                                   "file": pdf_upload()}, format="multipart")
    assert response.status_code == 201, response.json()
    document = Document.objects.get(pk=response.json()["id"])
    assert [d["id"] for d in client.get("/api/v1/documents/").json()["results"]] == [document.pk]
    page = client_for()
    page.force_login(producer.users.get())
    assert page.get(response.json()["download_url"]).status_code == 200
    other = client_for()
    other.force_login(other_producer.users.get())
    assert other.get(response.json()["download_url"]).status_code == 404
    assert client_for(other_producer.users.get()).get(f"/api/v1/documents/{document.pk}/").status_code == 404


def test_document_for_another_producer_is_404(producer, other_producer):
    client = client_for(producer.users.get())
    response = client.post("/api/v1/documents/", {"producer": other_producer.pk, "kind": "business_registration",
                                                   "file": pdf_upload()}, format="multipart")
    assert response.status_code == 404
    assert not Document.objects.filter(producer=other_producer).exists()


def test_nomination_create_submit_withdraw_and_history(producer, product):
    selection_round = SelectionRoundFactory(title="Bình chọn cấp xã 2026")
    client = client_for(producer.users.get())
    response = client.post("/api/v1/nominations/", {"round": selection_round.pk, "product": product.pk,
                                                     "sample_delivery": "Gửi qua bưu điện."}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    submitted = client.post(f"/api/v1/nominations/{pk}/submit/", {}, format="json")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["state"] == NominationState.SUBMITTED
    withdrawn = client.post(f"/api/v1/nominations/{pk}/withdraw/", {}, format="json")
    assert withdrawn.json()["state"] == NominationState.WITHDRAWN
    history = client.get(f"/api/v1/nominations/{pk}/").json()["events"]
    assert [(e["from_state"], e["to_state"]) for e in history] == [
        ("", "draft"), ("draft", "submitted"), ("submitted", "withdrawn")]


def test_nomination_refused_by_the_service_with_its_message(producer, product):
    client = client_for(producer.users.get())
    selection_round = SelectionRoundFactory(title="Bình chọn cấp xã 2026")
    NominationFactory(round=selection_round, product=product)
    response = client.post("/api/v1/nominations/", {"round": selection_round.pk, "product": product.pk},
                           format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [
        f"Sản phẩm “{product.name}” đã có hồ sơ trong đợt bình chọn này."]}
    assert Nomination.objects.filter(round=selection_round).count() == 1


def test_nominations_of_another_producer_are_404(producer, other_producer, judge, secretary):
    theirs = NominationFactory(product=ProductFactory(producer=other_producer))
    client = client_for(producer.users.get())
    assert client.get(f"/api/v1/nominations/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/nominations/{theirs.pk}/withdraw/", {}, format="json").status_code == 404
    assert Nomination.objects.get(pk=theirs.pk).state == NominationState.DRAFT
    for user in (judge, secretary):
        other = client_for(user)
        assert other.get("/api/v1/nominations/").json()["count"] == 0
        assert other.get(f"/api/v1/nominations/{theirs.pk}/").status_code == 404
    mine = client_for(other_producer.users.get())
    assert mine.get(f"/api/v1/nominations/{theirs.pk}/").status_code == 200  # positive control


def test_jury_and_secretariat_cannot_edit_producer_records(producer, judge, secretary):
    product = ProductFactory(producer=producer)
    assert client_for(judge).get("/api/v1/products/").json()["count"] == 0
    assert client_for(judge).get(f"/api/v1/products/{product.pk}/").status_code == 404
    # A secretariat covering the province reads (as the pages allow) but may not write.
    reader = client_for(secretary)
    assert reader.get(f"/api/v1/products/{product.pk}/").status_code == 200
    assert reader.patch(f"/api/v1/products/{product.pk}/", {"name": "X"}, format="json").status_code == 404
    assert Product.objects.get(pk=product.pk).name == product.name


def test_nomination_into_a_draft_round_names_nothing(producer, product):
    draft = SelectionRoundFactory(title="Đợt bí mật đang soạn", state="draft")
    response = client_for(producer.users.get()).post("/api/v1/nominations/", {"round": draft.pk,
                                                                               "product": product.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"round": ["Không có đợt bình chọn này."]}
    assert not Nomination.objects.exists()

"""Irreversible actions say what will happen before they happen; the dossier's typed information survives "Nộp"."""

from django.urls import reverse

from scoring.enums import NominationState
from tests.factories import NominationFactory


def test_resubmit_keeps_the_round_information_typed_above_the_button(client, producer_user, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.RETURNED,
                                   sample_delivery="")
    client.force_login(producer_user)

    response = client.post(reverse("scoring:nomination_action", args=[nomination.pk, "submit"]),
                           {"round_notes": "Đã bổ sung ảnh mặt bên.", "sample_delivery": "Giao mẫu ngày 10/3/2026"})

    nomination.refresh_from_db()
    assert response.status_code == 302
    assert (nomination.state, nomination.round_notes, nomination.sample_delivery) == (
        NominationState.SUBMITTED, "Đã bổ sung ảnh mặt bên.", "Giao mẫu ngày 10/3/2026")


def test_submit_without_the_information_fields_leaves_it_unchanged(client, producer_user, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, sample_delivery="Giao tại xã")
    client.force_login(producer_user)

    client.post(reverse("scoring:nomination_action", args=[nomination.pk, "submit"]))

    nomination.refresh_from_db()
    assert (nomination.state, nomination.sample_delivery) == (NominationState.SUBMITTED, "Giao tại xã")


def test_dossier_page_submit_button_posts_the_information_form_and_confirms(client, producer_user, product,
                                                                              commune_round):
    nomination = NominationFactory(round=commune_round, product=product)
    client.force_login(producer_user)

    html = client.get(reverse("scoring:nomination_detail", args=[nomination.pk])).content.decode()

    action = reverse("scoring:nomination_action", args=[nomination.pk, "submit"])
    assert f'form="nomination-info" formaction="{action}"' in html
    assert 'id="nomination-info"' in html
    assert (f'data-confirm="Nộp hồ sơ cho {commune_round.title}: sau khi nộp, hồ sơ không sửa được nữa, trừ khi '
            'thư ký trả lại để bổ sung."') in html
    assert "js/confirm.js" in html

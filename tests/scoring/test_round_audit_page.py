"""The secretariat's page of a round's audit log (issue 11): what changed in the round, who, when, before and
after; only for the round's own secretariat; an entry edited in the database is marked; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import audit, enums
from catalog.models import AuditEntry
from scoring import services
from scoring.enums import NominationState, RoundState
from tests.factories import NominationFactory, ProvinceFactory, SelectionRoundFactory, UserFactory

pytestmark = pytest.mark.django_db


def _secretariat(province, **fields):
    return UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE, scope_province=province,
                       **fields)


def _page(client, user, selection_round, **params):
    client.force_login(user)
    return client.get(reverse("scoring:round_audit", args=[selection_round.pk]), params)


@pytest.fixture
def logged_round(db):
    province = ProvinceFactory()
    secretary = _secretariat(province, full_name="Phạm Thu Hà")
    selection_round = SelectionRoundFactory(scope_province=province, state=RoundState.REGISTRATION_OPEN)
    nomination = NominationFactory(round=selection_round, state=NominationState.SUBMITTED)
    services.set_nomination_state(nomination=nomination, new_state=NominationState.RETURNED, by=secretary,
                                  reason="Thiếu ảnh mặt bên")
    services.set_round_state(round=selection_round, new_state=RoundState.REGISTRATION_CLOSED, by=secretary,
                             reason="Hết hạn nhận hồ sơ")
    return secretary, selection_round, nomination


def test_the_rounds_secretariat_sees_each_change_newest_first(client, logged_round):
    secretary, selection_round, nomination = logged_round
    other_round = SelectionRoundFactory(scope_province=selection_round.scope_province,
                                        state=RoundState.REGISTRATION_OPEN)
    services.set_round_state(round=other_round, new_state=RoundState.REGISTRATION_CLOSED, by=secretary,
                             reason="Đợt khác, không được hiện")

    response = _page(client, secretary, selection_round)

    assert response.status_code == 200
    rows = [(r["label"], r["entry"].object_id, r["actor"], r["before"], r["after"]) for r in response.context["rows"]]
    assert rows == [
        ("Chuyển trạng thái đợt", str(selection_round.pk), secretary, [("state", "registration_open")],
         [("reason", "Hết hạn nhận hồ sơ"), ("state", "registration_closed")]),
        ("Chuyển trạng thái hồ sơ", str(nomination.pk), secretary, [("state", "submitted")],
         [("reason", "Thiếu ảnh mặt bên"), ("state", "returned")]),
    ]
    body = response.content.decode()
    assert "Hết hạn nhận hồ sơ" in body and "Phạm Thu Hà" in body
    assert "Đợt khác, không được hiện" not in body  # another round's entry stays on its own page
    assert response.context["tampered"] == 0


def test_filter_by_action_and_keyset_pages(client, logged_round):
    secretary, selection_round, _nomination = logged_round
    only_round = _page(client, secretary, selection_round, hanh_dong="round.state")
    assert [r["entry"].action for r in only_round.context["rows"]] == ["round.state"]

    newest = AuditEntry.objects.filter(round_id=selection_round.pk).order_by("-seq").first()
    older = _page(client, secretary, selection_round, truoc=newest.seq)
    assert [r["entry"].action for r in older.context["rows"]] == ["nomination.state"]


def test_bad_filters_answer_400_in_vietnamese(client, logged_round):
    secretary, selection_round, _nomination = logged_round
    assert _page(client, secretary, selection_round, truoc="999999").status_code == 200  # positive control
    page_message = "Địa chỉ trang nhật ký không hợp lệ; hãy mở lại nhật ký từ trang đầu."
    for params, message in (({"truoc": "abc"}, page_message), ({"truoc": str(2**70)}, page_message),
                            ({"truoc": "0"}, page_message),
                            ({"hanh_dong": "delete.everything"},
                             "Thao tác “delete.everything” không có trong danh sách; hãy chọn trong danh sách.")):
        response = _page(client, secretary, selection_round, **params)
        assert response.status_code == 400, params
        assert response.context["rows"] == []
        assert message in response.content.decode()


def test_only_the_rounds_secretariat_sees_it(client, logged_round, producer_user):
    secretary, selection_round, _nomination = logged_round
    stranger = _secretariat(ProvinceFactory(code="79", name="Hồ Chí Minh"))
    assert _page(client, secretary, selection_round).status_code == 200  # positive control
    assert _page(client, stranger, selection_round).status_code == 404
    assert _page(client, producer_user, selection_round).status_code == 404  # the role funnel hides it too
    client.logout()
    anonymous = client.get(reverse("scoring:round_audit", args=[selection_round.pk]))
    assert anonymous.status_code == 302


def test_an_entry_edited_in_the_database_is_marked(client, logged_round):
    secretary, selection_round, _nomination = logged_round
    entry = AuditEntry.objects.get(round_id=selection_round.pk, action="nomination.state")
    assert _page(client, secretary, selection_round).context["tampered"] == 0  # positive control
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_auditentry SET after = %s WHERE id = %s",
                       ['{"state": "accepted", "reason": ""}', entry.pk])

    response = _page(client, secretary, selection_round)

    assert response.context["tampered"] == 1
    assert [r["entry"].pk for r in response.context["rows"] if not r["intact"]] == [entry.pk]
    assert "Đã bị sửa" in response.content.decode()


def test_queries_do_not_grow_with_entries_or_actors(client, logged_round):
    secretary, selection_round, _nomination = logged_round
    client.force_login(secretary)
    url = reverse("scoring:round_audit", args=[selection_round.pk])
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["rows"]) == 2
    for n in range(6):
        audit.record(action="round.state", obj=selection_round, by=_secretariat(selection_round.scope_province),
                     round_id=selection_round.pk, after={"n": n})
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["rows"]) == 8
    assert len(many) == len(few)

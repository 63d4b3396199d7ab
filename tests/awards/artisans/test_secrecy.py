"""Ballot secrecy: no table, key, row order, time or page links a ballot to the member who cast it.

What an administrator reading the database sees is checked directly: table columns, foreign keys, keys, the
physical row order (SQLite's rowid, PostgreSQL's ctid and xmin).
"""

import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from awards.artisans import services, voting
from awards.artisans.enums import NominationState
from awards.artisans.models import Ballot, VoteRecord

from .conftest import ArtisanNominationFactory, make_complete, make_council, members, session_with, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting_session(artisan_round, ha_noi, secretary):
    """A Hà Nội council of 3 voting on one accepted candidate."""
    nomination = make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi,
                                                        full_name="Đỗ Thị Sơn Mài"))
    for state in (NominationState.SUBMITTED, NominationState.ACCEPTED):
        services.set_nomination_state(nomination=nomination, new_state=state, by=secretary)
    council = make_council(artisan_round, province=ha_noi, size=3, by=secretary)
    session = session_with(council, present=members(council), by=secretary)
    return voting.open_voting(session=session, by=secretary), nomination


def columns(model) -> set[str]:
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, model._meta.db_table)}


def test_the_ballot_table_holds_a_candidate_and_a_choice_only():
    assert columns(Ballot) == {"id", "candidate_id", "choice"}
    # Its one link leads to the ballot's line (a session and a nominee), never to a member.
    line = Ballot._meta.get_field("candidate").related_model
    assert {f.name for f in line._meta.concrete_fields if f.is_relation} == {"session", "nomination"}
    assert isinstance(Ballot._meta.pk, type(Ballot._meta.get_field("id"))) and Ballot._meta.pk.get_internal_type() \
        == "UUIDField"


def test_the_record_of_who_voted_holds_no_choice_and_no_table_points_at_a_ballot():
    assert columns(VoteRecord) == {"id", "session_id", "member_id", "channel", "recorded_by_id"}
    pointing = [f"{model.__name__}.{field.name}" for model in apps.get_models()
                for field in model._meta.concrete_fields if field.is_relation and field.related_model is Ballot]
    assert pointing == []


def _box(session):
    return list(Ballot.objects.filter(candidate__session=session).values_list("id", flat=True))


def _physical_rows(session) -> list[tuple]:
    """The box in storage order, with what the engine tells about each row's writing."""
    line_ids = list(session.candidates.values_list("pk", flat=True))
    placeholders = ", ".join(["%s"] * len(line_ids))
    if connection.vendor == "postgresql":
        sql = (f"SELECT ctid::text, xmin::text, choice FROM {Ballot._meta.db_table} "
               f"WHERE candidate_id IN ({placeholders}) ORDER BY ctid")
    else:
        sql = (f"SELECT rowid, rowid, choice FROM {Ballot._meta.db_table} "
               f"WHERE candidate_id IN ({placeholders}) ORDER BY rowid")
    with connection.cursor() as cursor:
        cursor.execute(sql, line_ids)
        return cursor.fetchall()


def test_every_cast_rewrites_the_whole_box_with_fresh_random_keys(voting_session):
    session, nomination = voting_session
    first, second, third = members(session.council)

    vote(session, first, {nomination: "approve"})
    after_first = _box(session)
    rows_after_first = _physical_rows(session)
    vote(session, second, {nomination: "disapprove"})
    after_second = _box(session)
    rows_after_second = _physical_rows(session)

    assert len(after_first) == 1 and len(after_second) == 2
    assert set(after_first) & set(after_second) == set()  # the first mark was written again, with a new key
    assert {key.version for key in after_second} == {4}
    if connection.vendor == "postgresql":
        # Every row of the box was written by the same (the last) transaction: xmin tells nothing per voter.
        assert len({xmin for _ctid, xmin, _choice in rows_after_second}) == 1
    else:
        # The box is one block of rowids written by one statement (the order inside it is the shuffle's, below).
        rowids = sorted(rowid for rowid, _writer, _choice in rows_after_second)
        assert rowids == list(range(rowids[0], rowids[0] + len(rowids)))
    assert len(rows_after_first) == 1


def test_the_storage_order_does_not_follow_the_voting_order(voting_session):
    session, nomination = voting_session
    first, second, _third = members(session.council)
    vote(session, first, {nomination: "approve"})
    vote(session, second, {nomination: "disapprove"})

    orders = set()
    for _attempt in range(50):  # both orders turn up unless the box is written in a fixed order (p ≈ 1e-15)
        voting._rewrite_box(session, [])
        orders.add(tuple(choice for _position, _writer, choice in _physical_rows(session)))

    assert orders == {("approve", "disapprove"), ("disapprove", "approve")}


def test_the_box_reads_the_same_whoever_voted_which_way(artisan_round, secretary, ha_noi):
    """Two sessions, the same three members' votes swapped between two of them: everything stored about the
    votes, keys and order aside, is identical."""
    from catalog.models import Province

    stored = []
    for province, choices in ((ha_noi, ("approve", "disapprove", "approve")),
                              (Province.objects.current().get(name="Huế"), ("disapprove", "approve", "approve"))):
        nomination = make_complete(ArtisanNominationFactory(round=artisan_round, province=province))
        for state in (NominationState.SUBMITTED, NominationState.ACCEPTED):
            services.set_nomination_state(nomination=nomination, new_state=state, by=_runner(province, secretary))
        council = make_council(artisan_round, province=province, size=3, by=_runner(province, secretary))
        session = session_with(council, present=members(council), by=_runner(province, secretary))
        voting.open_voting(session=session, by=_runner(province, secretary))
        for member, choice in zip(members(council), choices, strict=True):
            vote(session, member, {nomination: choice})
        stored.append((
            sorted(Ballot.objects.filter(candidate__session=session).values_list("choice", flat=True)),
            [(record.member.role, record.channel, record.recorded_by_id == record.member.user_id)
             for record in VoteRecord.objects.filter(session=session).select_related("member").order_by("pk")],
        ))

    assert stored[0] == stored[1]


def _runner(province, secretary):
    if province.pk == secretary.scope_province_id:
        return secretary
    from tests.factories import UserFactory

    return UserFactory(role="secretariat", scope_level="province", scope_province=province)


def test_pages_never_show_a_choice_or_a_running_count(client, voting_session, secretary):
    session, nomination = voting_session
    first = members(session.council)[0]
    client.force_login(first.user)

    response = client.post(reverse("artisans:session_vote", args=[session.pk]),
                           {f"c{session.candidates.get().pk}": "disapprove", "confirm": "on"}, follow=True)

    page = response.content.decode()
    assert "Phiếu của bạn đã được bỏ vào hòm phiếu." in page
    assert "Không đồng ý" not in page and 'id="tally"' not in page
    client.force_login(secretary)
    running = client.get(reverse("artisans:session_detail", args=[session.pk])).content.decode()
    assert "1/3 thành viên có mặt đã bỏ phiếu." in running and 'id="tally"' not in running


def test_the_admin_has_no_ballots_and_lists_who_voted_without_how(client, voting_session, admin_user):
    session, nomination = voting_session
    vote(session, members(session.council)[0], {nomination: "disapprove"})
    client.force_login(admin_user)

    changelist = client.get(reverse("admin:awards_voterecord_changelist")).content.decode()

    assert not admin.site.is_registered(Ballot)
    assert "Thành viên 0" in changelist
    assert "disapprove" not in changelist and "Không đồng ý" not in changelist


def test_uuid_keys_carry_no_time_or_node():
    key = uuid.uuid4()
    assert key.version == 4  # version 1 keys would hold a timestamp and a MAC address

"""Closing a council's vote says, before it happens, who voted and what passing takes (scoring.effects)."""

import pytest
from django.urls import reverse

from awards.artisans import services, voting
from awards.artisans.enums import NominationState
from tests.scoring.test_effects import assert_confirms

from .conftest import ArtisanNominationFactory, make_complete, make_council, members, session_with, vote

pytestmark = pytest.mark.django_db


def test_closing_the_vote_says_who_voted_and_how_many_approvals_pass(client, artisan_round, ha_noi, secretary):
    council = make_council(artisan_round, province=ha_noi, by=secretary)
    men, lam = (make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi, full_name=name))
                for name in ("Nguyễn Thị Men", "Phạm Văn Lam"))
    for nomination in (men, lam):
        for state in (NominationState.SUBMITTED, NominationState.ACCEPTED):
            nomination = services.set_nomination_state(nomination=nomination, new_state=state, by=secretary)
    session = voting.open_voting(session=session_with(council, present=members(council)[:10], by=secretary),
                                 by=secretary)
    for member in members(council)[:7]:
        vote(session, member, {men: "approve", lam: "disapprove"})
    client.force_login(secretary)

    html = client.get(reverse("artisans:session_detail", args=[session.pk])).content.decode()

    assert_confirms(html, "Kết thúc bỏ phiếu và kiểm phiếu: 7/10 thành viên có mặt đã bỏ phiếu cho 2 hồ sơ; không ai "
                          "bỏ phiếu thêm được. Hồ sơ có từ 10/11 phiếu đồng ý được đề nghị lên bước sau, các hồ sơ "
                          "khác dừng lại.")


def test_the_title_decision_says_what_the_register_gets(client, artisan_round, ha_noi, national_secretary):
    from awards.artisans.enums import Title

    ArtisanNominationFactory(round=artisan_round, province=ha_noi, state=NominationState.STATE_PASSED,
                             full_name="Trần Thị Gốm", title_sought=Title.NNUT)
    client.force_login(national_secretary)

    html = client.get(reverse("artisans:round_decisions", args=[artisan_round.pk])).content.decode()

    assert_confirms(html, "Ghi quyết định cho Trần Thị Gốm (Nghệ nhân ưu tú): phong tặng thì người này vào sổ danh "
                          "hiệu và danh bạ công khai (sổ của đợt đang có 0 người), không phong tặng thì hồ sơ dừng "
                          "lại; người được đề nghị nhận thư báo. Không hoàn tác được.")

"""Jury members from a spreadsheet, through juries.add_jury_member; all or nothing; round trip."""

import pytest
import tablib

from catalog import enums
from scoring.jury_members_import import EMAIL, JURY, ROLE, export_jury_members, import_jury_members
from scoring.models import JuryMember
from tests.factories import JuryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(scoring_round):
    jury = JuryFactory(round=scoring_round, name="Ban giám khảo nhóm 1")
    people = [UserFactory(email=f"gk{i}@example.vn", role=enums.Role.JURY) for i in range(2)]
    return scoring_round, jury, people


def file_of(*rows):
    return tablib.Dataset(*rows, headers=[JURY, EMAIL, ROLE])


def test_good_file_and_round_trip(setting, secretary):
    selection_round, jury, people = setting
    dataset = file_of(["Ban giám khảo nhóm 1", "GK0@example.vn", "Trưởng ban"],
                      ["ban giám khảo nhóm 1", "gk1@example.vn", ""])
    result = import_jury_members(round=selection_round, dataset=dataset, by=secretary)
    assert (result.errors, result.submitted) == ([], 2)
    assert sorted(JuryMember.objects.filter(jury=jury).values_list("user__email", "role")) == [
        ("gk0@example.vn", "head"), ("gk1@example.vn", "member")]
    exported = export_jury_members(round=selection_round, by=secretary)
    assert exported.dict == [{JURY: "Ban giám khảo nhóm 1", EMAIL: "gk0@example.vn", ROLE: "Trưởng ban"},
                             {JURY: "Ban giám khảo nhóm 1", EMAIL: "gk1@example.vn", ROLE: "Thành viên"}]
    JuryMember.objects.all().delete()
    assert import_jury_members(round=selection_round, dataset=exported, by=secretary).errors == []
    assert export_jury_members(round=selection_round, by=secretary).dict == exported.dict


def test_bad_rows_exact_messages_and_nothing_stored(setting, secretary, producer_user):
    selection_round, jury, people = setting
    dataset = file_of(["Ban giám khảo nhóm 1", "gk0@example.vn", "Trưởng ban"],
                      ["Ban không có", "gk1@example.vn", ""],
                      ["Ban giám khảo nhóm 1", "khong-co@example.vn", "Chủ tịch"],
                      ["Ban giám khảo nhóm 1", producer_user.email, ""],
                      ["Ban giám khảo nhóm 1", "gk0@example.vn", ""])
    result = import_jury_members(round=selection_round, dataset=dataset, by=secretary)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột “Ban giám khảo”: Đợt bình chọn không có ban giám khảo “Ban không có”.",
        "Dòng 3, cột “E-mail”: Không có tài khoản với e-mail này.",
        "Dòng 3, cột “Vai trò”: Vai trò “Chủ tịch” không hợp lệ; dùng một trong: Trưởng ban; Phó trưởng ban; "
        "Thành viên; Thư ký (không chấm điểm).",
        f"Dòng 4, cột “E-mail”: Tài khoản {producer_user.email} không phải tài khoản giám khảo.",
        f"Dòng 5, cột “E-mail”: {people[0]} đã có trong ban giám khảo này.",
    ]
    assert not JuryMember.objects.exists()
    skipped = import_jury_members(round=selection_round, dataset=dataset, by=secretary, skip_bad_rows=True)
    assert (len(skipped.errors), skipped.submitted) == (5, 1)
    assert list(JuryMember.objects.values_list("user__email", flat=True)) == ["gk0@example.vn"]

"""Rubric validation (pure) and the rubric services: official grid, copy, freeze, export and import."""

from decimal import Decimal as D

import pytest
import tablib
from django.core.exceptions import ValidationError

from scoring import rubric_services
from scoring.enums import RoundState
from scoring.models import Criterion, Rubric
from scoring.resources import RubricCriterionResource
from scoring.rubrics import OFFICIAL_RUBRIC, BandSpec, CriterionSpec, GroupSpec, rubric_problems, score_problem
from tests.factories import SelectionRoundFactory


def group(code, maximum, *criteria, bands=()):
    return GroupSpec(code=code, max=D(maximum), criteria=list(criteria), bands=list(bands))


def crit(code, maximum, step=None, bands=()):
    return CriterionSpec(code=code, max=D(maximum), step=None if step is None else D(step), bands=list(bands))


OFFICIAL = [
    group("1", "40", crit("1.1", "20", "0.5"), crit("1.2", "20", "0.5")),
    group("2", "40", crit("2.1", "10", "0.5"), crit("2.2", "15", "0.5"), crit("2.3", "10", "0.5"),
          crit("2.4", "5", "0.5")),
    group("3", "10", crit("3", "10", "0.5")),
    group("4", "10", crit("4", "10", "0.5")),
]
OCOP = [
    group("A", "40", crit("A1", "20", "1"), crit("A2", "20", "1")),
    group("B", "25", crit("B1", "15", "1"), crit("B2", "10", "1")),
    group("C", "35", crit("C1", "35", "1")),
]


def test_rubric_problems_official_grid_is_sound():
    assert rubric_problems(D("100"), OFFICIAL) == []


def test_rubric_problems_ocop_style_40_25_35_is_sound():
    assert rubric_problems(D("100"), OCOP) == []


@pytest.mark.parametrize(("total", "groups", "expected"), [
    (D("100"), [group("1", "40", crit("1.1", "40")), group("2", "50", crit("2.1", "50"))],
     ["Tổng điểm các nhóm là 90, phải bằng tổng của thang điểm (100)."]),
    (D("40"), [group("1", "40", crit("1.1", "20"), crit("1.2", "15"))],
     ["Nhóm 1: tổng điểm các tiêu chí là 35, phải bằng 40."]),
    (D("10"), [group("1", "10", crit("1.1", "10", "3"))],
     ["Tiêu chí 1.1: điểm tối đa 10 không chia hết cho bước 3."]),
    (D("10"), [group("1", "10", crit("1.1", "10", "0"))], ["Tiêu chí 1.1: bước điểm phải lớn hơn 0."]),
    (D("10"), [group("1", "10", crit("1.1", "0"), crit("1.2", "10"))],
     ["Tiêu chí 1.1: điểm tối đa phải lớn hơn 0."]),
    (D("10"), [group("1", "10")], ["Nhóm 1 chưa có tiêu chí nào."]),
    (D("20"), [group("1", "10", crit("1.1", "10")), group("1", "10", crit("1.2", "10"))], ["Mã “1” bị trùng."]),
    (D("10"), [group("1", "10", crit("1.1", "10", bands=[BandSpec(D("0"), D("5")), BandSpec(D("5"), D("10"))]))],
     ["Tiêu chí 1.1: khoảng điểm 0–5 chồng lên khoảng 5–10."]),
    (D("10"), [group("1", "10", crit("1.1", "10", bands=[BandSpec(D("8"), D("12"))]))],
     ["Tiêu chí 1.1: khoảng điểm 8–12 phải nằm trong 0–10."]),
    (D("100"), [], ["Thang điểm chưa có nhóm tiêu chí nào."]),
])
def test_rubric_problems_names_each_fault(total, groups, expected):
    assert rubric_problems(total, groups) == expected


@pytest.mark.parametrize(("raw", "maximum", "step", "expected"), [
    ("7", "10", "0.5", None),
    ("7,5", "10", "0.5", None),
    ("0", "10", "0.5", None),
    ("10", "10", "0.5", None),
    ("10.5", "10", "0.5", "Điểm tối đa của tiêu chí này là 10."),
    ("-1", "10", "0.5", "Điểm không được âm."),
    ("7.25", "10", "0.5", "Điểm phải là bội số của 0,5."),
    ("7.25", "10", None, None),
    ("bảy", "10", "0.5", "Hãy nhập một số."),
    ("NaN", "10", "0.5", "Hãy nhập một số."),
    ("Infinity", "10", "0.5", "Hãy nhập một số."),
    ("", "10", "0.5", "Hãy nhập một số."),
])
def test_score_problem(raw, maximum, step, expected):
    assert score_problem(raw, D(maximum), None if step is None else D(step)) == expected


# --- Stored rubrics ------------------------------------------------------------------------------------------


@pytest.fixture
def official(db):
    return Rubric.objects.get(name=OFFICIAL_RUBRIC[0], version=OFFICIAL_RUBRIC[1])


def test_official_rubric_ships_with_40_40_10_10_and_validates(official):
    groups = list(official.groups.values_list("code", "max"))
    codes = list(Criterion.objects.filter(group__rubric=official).values_list("code", flat=True))

    assert groups == [("1", D("40")), ("2", D("40")), ("3", D("10")), ("4", D("10"))]
    assert codes == ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3", "4"]
    assert rubric_services.rubric_check(official) == []
    assert "khung điểm chi tiết" in Criterion.objects.get(group__rubric=official, code="1.1").guidance


def test_copy_rubric_makes_an_independent_new_version(official, secretary):
    copy = rubric_services.copy_rubric(rubric=official, version="2", by=secretary)
    criterion = Criterion.objects.get(group__rubric=copy, code="1.1")
    rubric_services.add_point_band(criterion=criterion, low=D("15"), high=D("20"), descriptor="Xuất khẩu ổn định",
                           by=secretary)

    assert copy.based_on == official
    assert rubric_services.rubric_check(copy) == []
    assert Criterion.objects.filter(group__rubric=copy).count() == 8
    assert Criterion.objects.get(group__rubric=official, code="1.1").bands.count() == 0


def test_rubric_frozen_once_a_round_using_it_scores(official, secretary):
    SelectionRoundFactory(rubric=official, state=RoundState.SCORING)
    criterion = Criterion.objects.get(group__rubric=official, code="3")

    with pytest.raises(ValidationError) as exc:
        rubric_services.update_criterion(criterion=criterion, by=secretary, max=D("20"))

    assert "sao sang phiên bản mới" in exc.value.messages[0]
    criterion.refresh_from_db()
    assert criterion.max == D("10")


def test_point_band_outside_its_criterion_is_refused(official, secretary):
    copy = rubric_services.copy_rubric(rubric=official, version="3", by=secretary)
    criterion = Criterion.objects.get(group__rubric=copy, code="4")

    with pytest.raises(ValidationError):
        rubric_services.add_point_band(criterion=criterion, low=D("5"), high=D("15"), descriptor="Quá khung",
                                       by=secretary)

    assert criterion.bands.count() == 0


def test_rubric_export_import_round_trip(official, secretary):
    exported = RubricCriterionResource().export(rubric_services.criteria_of(official)).export("xlsx")
    rows = tablib.Dataset().load(exported, format="xlsx").dict

    imported = rubric_services.import_rubric(name="Thang điểm thử", version="1", total=D("100"), rows=rows,
                                             by=secretary)

    assert rubric_services.rubric_check(imported) == []
    assert list(Criterion.objects.filter(group__rubric=imported).values_list("code", "max", "step")) == list(
        Criterion.objects.filter(group__rubric=official).values_list("code", "max", "step"))


def test_import_rubric_that_does_not_add_up_stores_nothing(db, secretary):
    rows = [{"group_code": "A", "group_name_vi": "Nhóm A", "group_max": "40", "code": "A1", "name_vi": "A1",
             "max": "30", "step": "1"},
            {"group_code": "B", "group_name_vi": "Nhóm B", "group_max": "60", "code": "B1", "name_vi": "B1",
             "max": "60", "step": ""}]

    with pytest.raises(ValidationError) as exc:
        rubric_services.import_rubric(name="OCOP lỗi", version="1", total=D("100"), rows=rows, by=secretary)

    assert exc.value.messages == ["Nhóm A: tổng điểm các tiêu chí là 30, phải bằng 40."]
    assert not Rubric.objects.filter(name="OCOP lỗi").exists()


def test_round_cannot_enter_scoring_without_a_sound_rubric(secretary):
    from scoring.services import set_round_state

    selection_round = SelectionRoundFactory(state=RoundState.REGISTRATION_CLOSED, rubric=None)

    with pytest.raises(ValidationError) as exc:
        set_round_state(round=selection_round, new_state=RoundState.SCORING, by=secretary)

    assert exc.value.messages[0] == "Nhóm 1 chưa có thang điểm."

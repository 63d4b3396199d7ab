"""Paper score sheets in bulk: export the round's sheets, fill, import through scoring.sheets; all or nothing."""

import pytest
import tablib

from scoring.enums import SheetStatus
from scoring.models import ScoreChange, ScoreSheet
from scoring.paper_sheets import MEMBER, NOMINATION, PRODUCT, export_paper_sheets, import_paper_sheets
from tests.factories import ProvinceFactory, SelectionRoundFactory
from tests.scoring.conftest import FULL_SHEET

pytestmark = pytest.mark.django_db

CODES = list(FULL_SHEET)


def filled(dataset: tablib.Dataset, *rows: dict) -> tablib.Dataset:
    """The exported file with the given rows' scores typed in (by member e-mail)."""
    by_email = {row[MEMBER]: row for row in rows}
    out = tablib.Dataset(headers=dataset.headers)
    for line in dataset.dict:
        out.append([by_email.get(line[MEMBER], {}).get(h, line[h]) for h in dataset.headers])
    return out


def test_export_lists_every_expected_sheet(jury, accepted, judge, other_judge, secretary):
    dataset = export_paper_sheets(round=accepted.round, by=secretary)
    assert dataset.headers == [NOMINATION, PRODUCT, MEMBER, *CODES]
    assert sorted(row[MEMBER] for row in dataset.dict) == sorted([judge.email, other_judge.email])
    assert all(row[NOMINATION] == accepted.pk for row in dataset.dict)
    assert all(row["1.1"] == "" for row in dataset.dict)


def test_good_file_is_entered_and_submitted_through_the_services(jury, accepted, judge, other_judge, secretary):
    dataset = filled(export_paper_sheets(round=accepted.round, by=secretary),
                     {MEMBER: judge.email, **FULL_SHEET}, {MEMBER: other_judge.email, **FULL_SHEET, "1.1": "20"})
    result = import_paper_sheets(round=accepted.round, dataset=dataset, by=secretary)
    assert (result.errors, result.submitted) == ([], 2)
    sheets = {s.member_id: s for s in ScoreSheet.objects.filter(nomination=accepted)}
    assert {m: (s.status, str(s.total)) for m, s in sheets.items()} == {
        judge.pk: (SheetStatus.SUBMITTED, "84.00"), other_judge.pk: (SheetStatus.SUBMITTED, "86.00")}
    assert sheets[judge.pk].entered_on_behalf_by == secretary
    assert ScoreChange.objects.filter(sheet__nomination=accepted, path="paper").count() == 2 * len(CODES)


def test_round_trip_export_import_export_gives_the_same_data(jury, accepted, judge, other_judge, secretary):
    typed = filled(export_paper_sheets(round=accepted.round, by=secretary),
                   {MEMBER: judge.email, **FULL_SHEET}, {MEMBER: other_judge.email, **FULL_SHEET, "3": "10"})
    assert import_paper_sheets(round=accepted.round, dataset=typed, by=secretary).errors == []
    again = export_paper_sheets(round=accepted.round, by=secretary)
    assert sorted(again.dict, key=lambda r: r[MEMBER]) == sorted(typed.dict, key=lambda r: r[MEMBER])


def test_score_over_max_and_duplicate_rows_are_reported_and_nothing_is_stored(jury, accepted, judge, other_judge,
                                                                               secretary):
    exported = export_paper_sheets(round=accepted.round, by=secretary)
    dataset = filled(exported, {MEMBER: judge.email, **FULL_SHEET, "1.1": "25"},
                     {MEMBER: other_judge.email, **FULL_SHEET})
    dataset.append([accepted.pk, "", other_judge.email, *FULL_SHEET.values()])
    dataset.append([999999, "", judge.email, *FULL_SHEET.values()])
    result = import_paper_sheets(round=accepted.round, dataset=dataset, by=secretary)
    rows = {e.row: e for e in result.errors}
    first_judge = next(i for i, r in enumerate(dataset.dict, start=1) if r[MEMBER] == judge.email)
    assert [str(e) for e in result.errors] == sorted([
        f"Dòng {first_judge}, cột “1.1”: Điểm tối đa của tiêu chí này là 20.",
        f"Dòng 3, cột “{MEMBER}”: Trùng với dòng {3 - first_judge} (cùng hồ sơ và giám khảo).",
        f"Dòng 4, cột “{NOMINATION}”: Không có hồ sơ “999999” được chấm trong đợt này.",
    ], key=lambda line: int(line.split(",")[0].split(":")[0].split()[1]))
    assert sorted(rows) == sorted([first_judge, 3, 4])
    assert not ScoreSheet.objects.filter(nomination=accepted).exists()  # all or nothing


def test_skip_bad_rows_stores_the_good_ones(jury, accepted, judge, other_judge, secretary):
    dataset = filled(export_paper_sheets(round=accepted.round, by=secretary),
                     {MEMBER: judge.email, **FULL_SHEET, "1.1": "25"}, {MEMBER: other_judge.email, **FULL_SHEET})
    result = import_paper_sheets(round=accepted.round, dataset=dataset, by=secretary, skip_bad_rows=True)
    assert (len(result.errors), result.submitted) == (1, 1)
    assert list(ScoreSheet.objects.filter(nomination=accepted).values_list("member_id", "status")) == [
        (other_judge.pk, SheetStatus.SUBMITTED)]


def test_dry_run_stores_nothing(jury, accepted, judge, secretary):
    dataset = filled(export_paper_sheets(round=accepted.round, by=secretary), {MEMBER: judge.email, **FULL_SHEET})
    result = import_paper_sheets(round=accepted.round, dataset=dataset, by=secretary, dry_run=True)
    assert (result.errors, result.submitted) == ([], 1)
    assert not ScoreSheet.objects.exists()


def test_only_the_rounds_secretariat(jury, accepted, judge, secretary):
    outsider = SelectionRoundFactory(scope_province=ProvinceFactory(code="79")).scope_province
    from catalog import enums
    from tests.factories import UserFactory

    other_secretary = UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE,
                                  scope_province=outsider)
    dataset = filled(export_paper_sheets(round=accepted.round, by=secretary), {MEMBER: judge.email, **FULL_SHEET})
    with pytest.raises(Exception, match="ngoài phạm vi phụ trách"):
        import_paper_sheets(round=accepted.round, dataset=dataset, by=other_secretary)
    assert not ScoreSheet.objects.exists()


def test_secretariat_page_downloads_the_sheet_file_with_formulas_neutralised(client, jury, accepted, secretary,
                                                                              judge):
    import io

    import openpyxl
    from django.urls import reverse

    accepted.product.name = "=HYPERLINK(\"http://x\")"
    accepted.product.save()
    client.force_login(secretary)
    response = client.get(reverse("scoring:paper_sheets_xlsx", args=[accepted.round_id]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:3]) == [NOMINATION, PRODUCT, MEMBER]
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"http://x\")", "s")  # text, not a live formula
    client.force_login(judge)
    assert client.get(reverse("scoring:paper_sheets_xlsx", args=[accepted.round_id])).status_code == 404

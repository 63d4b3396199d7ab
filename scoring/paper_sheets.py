"""Paper score sheets in bulk: a round's sheets as one spreadsheet (one row per nomination and member, one column
per criterion code), and the same file read back and entered through scoring.sheets.

Every row is saved and submitted by the services the paper-entry page calls (`save_scores` on the paper path,
then `submit_score_sheet`), so the same rules hold: the round's secretariat only, members who may judge the
nomination, scores within each criterion's maximum and step. A file is all or nothing: one bad row and nothing is
stored, unless the caller asks to skip bad rows. Each problem names its row (1 is the first row under the header,
as the admin's import preview numbers rows), its column and a message in the user's language.
"""

from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import rubric_services, sheets
from .enums import ChangePath, SheetStatus
from .juries import expected_judges
from .models import Nomination, ScoreSheet, SelectionRound
from .permissions import ensure_manages_round

NOMINATION, PRODUCT, MEMBER = "Mã hồ sơ", "Sản phẩm", "E-mail giám khảo"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        if not self.row:  # about the file, not a row (a missing column)
            return self.message
        where = _("Dòng %(row)d, cột “%(column)s”") % {"row": self.row, "column": self.column} if self.column else \
            _("Dòng %(row)d") % {"row": self.row}
        return f"{where}: {self.message}"


@dataclass
class PaperImportResult:
    """What a service-driven import did: its row problems and how many rows it stored (or would store)."""

    errors: list[RowError]
    submitted: int
    dry_run: bool
    # The numbers of the rows stored (or that would be), as the errors number them: what a preview lists.
    rows: list[int] = field(default_factory=list)


def _codes(selection_round: SelectionRound) -> list[str]:
    """Criterion codes of every rubric the round uses, in rubric order, each once."""
    codes: list[str] = []
    for rubric in rubric_services.rubrics_of_round(selection_round).values():
        for criterion in rubric_services.criteria_of(rubric):
            if criterion.code not in codes:
                codes.append(criterion.code)
    return codes


def export_paper_sheets(*, round: SelectionRound, by) -> tablib.Dataset:
    """The round's expected sheets as rows, with the scores already entered (blank where none)."""
    ensure_manages_round(by, round)
    codes = _codes(round)
    dataset = tablib.Dataset(headers=[NOMINATION, PRODUCT, MEMBER, *codes])
    expected = expected_judges(round)
    nominations = Nomination.objects.in_bulk(list(expected))
    stored = {(s.nomination_id, s.member_id): s for s in ScoreSheet.objects.filter(nomination__round=round)
              .select_related("member").prefetch_related("scores__criterion")}
    from catalog.models import User

    users = User.objects.in_bulk({m for members in expected.values() for m in members})
    for nomination_id in sorted(expected):
        for member_id in expected[nomination_id]:
            sheet = stored.get((nomination_id, member_id))
            values = {s.criterion.code: s.value for s in sheet.scores.all()} if sheet else {}
            dataset.append([nomination_id, nominations[nomination_id].product.name, users[member_id].email,
                            *["" if values.get(code) is None else format(values[code].normalize(), "f")
                              for code in codes]])
    return dataset


def paper_member(*, email: str, nomination_id: int | None, expected: dict[int, list[int]]):
    """The jury member a paper sheet names by e-mail: an account, and one of the nomination's expected judges
    (juries.expected_judges) when the nomination is one the round scores. ValidationError otherwise."""
    from catalog.models import User

    member = User.objects.filter(email__iexact=email).first() if email else None
    if member is None:
        raise ValidationError(_("Không có tài khoản với e-mail này."))
    if nomination_id in expected and member.pk not in expected[nomination_id]:
        raise ValidationError(_("%(email)s không chấm hồ sơ này.") % {"email": email})
    return member


@transaction.atomic
def enter_paper_sheet(*, nomination: Nomination, email: str, by, values: dict, comments: dict | None = None,
                      overall_comment: str | None = None, submit: bool = True) -> ScoreSheet:
    """One paper sheet, as one row of import_paper_sheets (and the paper-entry page): the member named by e-mail
    must be expected on the nomination, then sheets.save_scores on the paper path (scores checked against each
    criterion's maximum and step, all or nothing), submitted unless `submit` is false.

    Side effects: those of save_scores (and of submit_score_sheet when submitting): score changes on the paper
    path, the sheet locked, the nomination's figures refreshed. A member problem is keyed "email".
    """
    ensure_manages_round(by, nomination.round)
    expected = expected_judges(nomination.round)
    if nomination.pk not in expected:
        raise ValidationError(_("Không có hồ sơ “%(value)s” được chấm trong đợt này.") % {"value": nomination.pk})
    try:
        member = paper_member(email=email.strip(), nomination_id=nomination.pk, expected=expected)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}) from exc
    return sheets.save_scores(nomination_id=nomination.pk, member=member, by=by, path=ChangePath.PAPER,
                              values=values, comments=comments, overall_comment=overall_comment, submit=submit)


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}
    return {"": [str(m) for m in exc.messages]}


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def import_paper_sheets(*, round: SelectionRound, dataset: tablib.Dataset, by, dry_run: bool = False,
                        skip_bad_rows: bool = False, on_row=None) -> PaperImportResult:
    """Enter and submit every row's sheet. A row whose scores are all blank is left alone.

    `on_row(number)` (optional, as every round import takes it) hears each row as it is reached: a job's progress.
    Side effects (unless dry_run, or a bad row without skip_bad_rows): what save_scores and submit_score_sheet
    do for each row (score changes on the paper path, the sheet locked, the nomination's figures refreshed).
    """
    ensure_manages_round(by, round)
    headers = [_cell(h) for h in dataset.headers or []]
    errors: list[RowError] = []
    for required in (NOMINATION, MEMBER):
        if required not in headers:
            errors.append(RowError(0, required, _("Thiếu cột “%(column)s”.") % {"column": required}))
    if errors:
        return PaperImportResult(errors, 0, dry_run)
    codes = [h for h in headers if h not in (NOMINATION, PRODUCT, MEMBER) and h]
    expected = expected_judges(round)
    seen: dict[tuple[int, int], int] = {}
    submitted, stored = 0, []
    with transaction.atomic():
        for index, raw in enumerate(dataset.dict, start=1):
            if on_row:
                on_row(index)
            row = {_cell(k): raw[k] for k in raw}
            values = {code: _cell(row.get(code)) for code in codes}
            if not any(values.values()):
                continue
            row_errors = []
            try:
                nomination_id = int(_cell(row.get(NOMINATION)))
            except ValueError:
                nomination_id = None
            if nomination_id not in expected:
                row_errors.append(RowError(index, NOMINATION, _("Không có hồ sơ “%(value)s” được chấm trong đợt này.")
                                           % {"value": _cell(row.get(NOMINATION))}))
            email = _cell(row.get(MEMBER))
            try:
                member = paper_member(email=email, nomination_id=nomination_id, expected=expected)
            except ValidationError as exc:
                member = None
                row_errors += [RowError(index, MEMBER, message) for message in exc.messages]
            if not row_errors:
                key = (nomination_id, member.pk)
                if key in seen:
                    row_errors.append(RowError(index, MEMBER, _("Trùng với dòng %(row)d (cùng hồ sơ và giám khảo).")
                                               % {"row": seen[key]}))
                seen.setdefault(key, index)
            if not row_errors:
                try:
                    with transaction.atomic():
                        sheet = sheets.save_scores(nomination_id=nomination_id, member=member, by=by,
                                                   path=ChangePath.PAPER, values=values)
                        if sheet.status != SheetStatus.SUBMITTED:
                            sheets.submit_score_sheet(sheet=sheet, by=by)
                except ValidationError as exc:
                    for column, messages in _messages(exc).items():
                        row_errors += [RowError(index, column, message) for message in messages]
                else:
                    submitted += 1
                    stored.append(index)
            errors += row_errors
        if dry_run or (errors and not skip_bad_rows):
            transaction.set_rollback(True)
    return PaperImportResult(errors, submitted, dry_run, stored)

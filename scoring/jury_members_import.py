"""Jury members of a round as a spreadsheet: the round's juries and members exported, and a file of members read
back through juries.add_jury_member (the secretariat's page calls the same service). All or nothing unless the
caller skips bad rows; problems by row (1 = first row under the header), column and message."""

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import juries
from .enums import JuryRole
from .models import Jury, SelectionRound
from .paper_sheets import PaperImportResult, RowError, _cell, _messages
from .permissions import ensure_manages_round

JURY, EMAIL, ROLE = "Ban giám khảo", "E-mail", "Vai trò"


def export_jury_members(*, round: SelectionRound, by) -> tablib.Dataset:
    ensure_manages_round(by, round)
    dataset = tablib.Dataset(headers=[JURY, EMAIL, ROLE])
    for jury in round.juries.prefetch_related("members__user").order_by("pk"):
        for member in jury.members.all().order_by("pk"):
            dataset.append([jury.name, member.user.email, str(member.get_role_display())])
    return dataset


def _role(value: str) -> str | None:
    folded = value.strip().lower()
    for code, label in JuryRole.choices:
        if folded in (code, str(label).lower()):
            return code
    return None


def import_jury_members(*, round: SelectionRound, dataset: tablib.Dataset, by, dry_run: bool = False,
                        skip_bad_rows: bool = False, on_row=None) -> PaperImportResult:
    """Add each row's account to the round's jury named in the row. Side effects: JuryMember rows (unless
    dry_run, or a bad row without skip_bad_rows)."""
    ensure_manages_round(by, round)
    headers = [_cell(h) for h in dataset.headers or []]
    missing = [RowError(0, c, _("Thiếu cột “%(column)s”.") % {"column": c}) for c in (JURY, EMAIL) if c not in headers]
    if missing:
        return PaperImportResult(missing, 0, dry_run)
    from catalog.models import User

    by_name = {jury.name.strip().lower(): jury for jury in Jury.objects.filter(round=round)}
    added, stored = 0, []
    errors: list[RowError] = []
    with transaction.atomic():
        for index, raw in enumerate(dataset.dict, start=1):
            if on_row:
                on_row(index)
            row = {_cell(k): _cell(v) for k, v in raw.items()}
            if not any(row.values()):
                continue
            row_errors = []
            jury = by_name.get(row.get(JURY, "").lower())
            if jury is None:
                row_errors.append(RowError(index, JURY, _("Đợt bình chọn không có ban giám khảo “%(name)s”.")
                                           % {"name": row.get(JURY, "")}))
            user = User.objects.filter(email__iexact=row.get(EMAIL, "")).first() if row.get(EMAIL) else None
            if user is None:
                row_errors.append(RowError(index, EMAIL, _("Không có tài khoản với e-mail này.")))
            role = _role(row.get(ROLE, "")) if row.get(ROLE) else JuryRole.MEMBER
            if role is None:
                roles = "; ".join(str(label) for _code, label in JuryRole.choices)
                message = _("Vai trò “%(value)s” không hợp lệ; dùng một trong: %(roles)s.")
                row_errors.append(RowError(index, ROLE, message % {"value": row.get(ROLE), "roles": roles}))
            if not row_errors:
                try:
                    with transaction.atomic():
                        juries.add_jury_member(jury=jury, user=user, role=role, by=by)
                except ValidationError as exc:
                    row_errors += [RowError(index, EMAIL, m) for ms in _messages(exc).values() for m in ms]
                else:
                    added += 1
                    stored.append(index)
            errors += row_errors
        if dry_run or (errors and not skip_bad_rows):
            transaction.set_rollback(True)
    return PaperImportResult(errors, added, dry_run, stored)

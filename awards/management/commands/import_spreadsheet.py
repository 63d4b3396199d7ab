"""Import a spreadsheet (XLSX or CSV) of one kind, with a dry-run preview, from the command line.

The same resources and services as the admin and the secretariat pages: all or nothing (one bad row and
nothing is stored) unless --skip-bad-rows; every problem printed as its row (the header is row 1), column and
message, in Vietnamese unless --language en.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from awards.artisans.resources import ArtisanTitleResource
from awards.published_lists import import_published_list
from awards.resources import CertificateResource
from awards.views import _read_dataset  # the one reader of uploaded spreadsheets
from catalog.models import User
from catalog.resources import ProducerResource, ProductResource
from scoring.jury_members_import import import_jury_members
from scoring.models import SelectionRound
from scoring.nomination_import import import_nominations
from scoring.paper_sheets import RowError, import_paper_sheets
from scoring.rubric_services import import_rubric

RESOURCES = {
    "producers": lambda user: ProducerResource(),
    "products": lambda user: ProductResource(),
    "certificates": lambda user: CertificateResource(user=user),
    "artisan-titles": lambda user: ArtisanTitleResource(),
}
# Imports that enter each row through a round's services; they need --round and --user.
ROUND_IMPORTS = {"score-sheets": import_paper_sheets, "jury-members": import_jury_members,
                 "nominations": import_nominations}
# A rubric is one whole (its criteria must add up), so bad rows are never skipped; it needs --name, --rubric-version and
# --total, and is always a new version (rubric_services.import_rubric).
# A decision's published list of recognised products (awards.published_lists); it needs --user, whose scope
# must cover each row's level and province.
KINDS = [*RESOURCES, *ROUND_IMPORTS, "rubric", "published-list"]


def resource_errors(result) -> list[RowError]:
    """Every row problem of an import-export result, by row (as the spreadsheet numbers it) and column."""
    found = []
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            found += [RowError(row.number, "" if column == NON_FIELD_ERRORS else column, str(m)) for m in messages]
    for number, errors in result.row_errors():
        found += [RowError(number, "", str(error.error)) for error in errors]
    return found


class Command(BaseCommand):
    help = "Import a spreadsheet: " + ", ".join(KINDS) + ". All or nothing unless --skip-bad-rows."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", help="An .xlsx or .csv (UTF-8) file.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and store nothing.")
        parser.add_argument("--skip-bad-rows", action="store_true", help="Store the good rows of a file with bad ones.")
        parser.add_argument("--user", help="E-mail of the account the import acts for (certificates, score-sheets, "
                                               "published-list).")
        parser.add_argument("--round", type=int, help="The selection round (score-sheets, jury-members, nominations).")
        parser.add_argument("--name", help="The rubric's name (rubric).")
        parser.add_argument("--rubric-version", help="The rubric's new version (rubric).")
        parser.add_argument("--total", help="The rubric's total points, e.g. 100 (rubric).")
        parser.add_argument("--language", default="vi", choices=["vi", "en"])

    def handle(self, *args, kind, file, dry_run, skip_bad_rows, user, round, language, name=None,
               rubric_version=None, total=None, **options):
        translation.activate(language)
        account = User.objects.filter(email__iexact=user).first() if user else None
        if user and account is None:
            raise CommandError(f"No account {user}.")
        try:
            with open(file, "rb") as handle:
                dataset = _read_dataset(handle)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        if kind == "rubric":
            lines, stored = self._rubric_import(dataset, account, name, rubric_version, total, dry_run)
            skip_bad_rows = False
        elif kind == "published-list":
            if account is None:
                raise CommandError("published-list needs --user (the account that records the recognitions).")
            result = import_published_list(dataset=dataset, by=account, dry_run=dry_run, skip_bad_rows=skip_bad_rows)
            lines, stored = [str(error) for error in result.errors], result.summary
        elif kind in ROUND_IMPORTS:
            lines, stored = self._round_import(kind, dataset, account, round, dry_run, skip_bad_rows)
        else:
            result = RESOURCES[kind](account).import_data(dataset, dry_run=dry_run, use_transactions=True,
                                                           rollback_on_validation_errors=not skip_bad_rows)
            lines = [str(error) for error in resource_errors(result)]
            stored = _("%(new)d mới, %(update)d cập nhật") % result.totals
        for line in lines:
            self.stdout.write(line)
        if lines and not skip_bad_rows:
            raise CommandError(_("%(count)d lỗi; không lưu dòng nào.") % {"count": len(lines)})
        self.stdout.write((_("Xem trước (không lưu): %(what)s.") if dry_run else _("Đã nhập: %(what)s."))
                          % {"what": stored})

    def _round_import(self, kind, dataset, account, round_id, dry_run, skip_bad_rows):
        if account is None or round_id is None:
            raise CommandError(f"{kind} needs --user (the round's secretariat) and --round.")
        selection_round = SelectionRound.objects.filter(pk=round_id).first()
        if selection_round is None:
            raise CommandError(f"No round {round_id}.")
        result = ROUND_IMPORTS[kind](round=selection_round, dataset=dataset, by=account, dry_run=dry_run,
                                     skip_bad_rows=skip_bad_rows)
        return [str(error) for error in result.errors], _("%(count)d dòng") % {"count": result.submitted}

    def _rubric_import(self, dataset, account, name, version, total, dry_run):
        if not (name and version and total):
            raise CommandError("rubric needs --name, --rubric-version and --total.")
        try:
            total = Decimal(total.replace(",", "."))
        except InvalidOperation as exc:
            raise CommandError(f"--total {total!r} is not a number.") from exc
        rows = [{header: ("" if value is None else value) for header, value in row.items()} for row in dataset.dict]
        try:
            with transaction.atomic():
                rubric = import_rubric(name=name, version=version, total=total, rows=rows, by=account)
                if dry_run:
                    transaction.set_rollback(True)
        except ValidationError as exc:
            return list(exc.messages), ""
        return [], _("thang điểm %(rubric)s, %(count)d tiêu chí") % {
            "rubric": rubric, "count": sum(1 for row in rows if any(row.values()))}

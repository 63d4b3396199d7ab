"""Nominations in bulk: the round's secretariat enters many products into a round from one spreadsheet.

The file is the round's nomination list as the secretariat page exports it (`NominationResource`): each row names
a product by its producer's tax code ("Mã số thuế") and its name ("Sản phẩm"), or by its number ("Mã sản phẩm")
when the file has that column; every other column is read by people, not by the import. Each row goes through
`services.create_nomination`, the service the producer's page and the API call, so every rule holds: the
registration window, the round's scope and groups, the prerequisite chain, one nomination per product and round.
All or nothing unless the caller skips bad rows; problems by row (1 = first row under the header), column and
message, as the paper score sheets import reports them.
"""

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.resources import TaxCodeWidget, _cell_text
from catalog.text import fold
from catalog.validators import validate_tax_code

from . import services
from .models import SelectionRound
from .paper_sheets import PaperImportResult, RowError, _cell, _messages
from .permissions import ensure_manages_round

# The headers NominationResource exports (the import reads these three, the rest is for the reader).
TAX_CODE, PRODUCT, PRODUCT_ID = "Mã số thuế", "Sản phẩm", "Mã sản phẩm"


def _text(value) -> str:
    """A cell as NFC text; a number cell 12.0 as "12"."""
    return "" if value is None else _cell_text(value)


def _products_of_file(rows: list[dict]) -> tuple[dict[tuple[str, str], list[Product]], dict[int, Product]]:
    """The products the file can name, read in two queries: by (tax code, folded name) and by number."""
    tax_codes = {code for row in rows if (code := TaxCodeWidget().clean(row.get(TAX_CODE)))}
    by_name: dict[tuple[str, str], list[Product]] = {}
    for product in Product.objects.filter(producer__tax_code__in=tax_codes).select_related("producer__province"):
        by_name.setdefault((product.producer.tax_code, fold(product.name)), []).append(product)
    ids = {int(value) for row in rows if (value := _text(row.get(PRODUCT_ID))).isdigit()}
    by_id = Product.objects.select_related("producer__province").in_bulk(ids) if ids else {}
    return by_name, by_id


def _find_product(row: dict, index: int, by_name, by_id, *, has_id_column: bool) -> tuple[Product | None, list]:
    """The row's product, or the row's problems naming the cell to fix."""
    if has_id_column and (number := _text(row.get(PRODUCT_ID))):
        product = by_id.get(int(number)) if number.isdigit() else None
        if product is None:
            return None, [RowError(index, PRODUCT_ID, _("Không có sản phẩm số “%(value)s”.") % {"value": number})]
        return product, []
    raw_code = row.get(TAX_CODE)
    tax_code = TaxCodeWidget().clean(raw_code)
    if not tax_code:
        return None, [RowError(index, TAX_CODE, _("Chưa ghi mã số thuế của cơ sở."))]
    try:
        validate_tax_code(tax_code)
    except ValidationError as exc:
        return None, [RowError(index, TAX_CODE, message) for message in exc.messages]
    name = _text(row.get(PRODUCT))
    if not name:
        return None, [RowError(index, PRODUCT, _("Chưa ghi tên sản phẩm."))]
    found = by_name.get((tax_code, fold(name)), [])
    if not found:
        if not any(code == tax_code for code, _name in by_name):
            return None, [RowError(index, TAX_CODE, _(
                "Không có cơ sở nào với mã số thuế “%(value)s”; hãy nhập cơ sở trước.") % {"value": _cell(raw_code)})]
        return None, [RowError(index, PRODUCT, _("Cơ sở có mã số thuế %(tax_code)s không có sản phẩm “%(name)s”.")
                               % {"tax_code": tax_code, "name": name})]
    if len(found) > 1:
        return None, [RowError(index, PRODUCT, _(
            "Cơ sở này có nhiều sản phẩm cùng tên “%(name)s”; hãy thêm cột “%(column)s” ghi số của sản phẩm.")
            % {"name": name, "column": PRODUCT_ID})]
    return found[0], []


def import_nominations(*, round: SelectionRound, dataset: tablib.Dataset, by, dry_run: bool = False,
                       skip_bad_rows: bool = False, on_row=None) -> PaperImportResult:
    """Create a draft nomination for each row's product (the producer completes and submits the dossier).

    Side effects (unless dry_run, or a bad row without skip_bad_rows): what create_nomination does for each
    row (a draft nomination and its first history line).
    """
    ensure_manages_round(by, round)
    headers = [_cell(h) for h in dataset.headers or []]
    has_id_column = PRODUCT_ID in headers
    required = () if has_id_column else (TAX_CODE, PRODUCT)
    missing = [RowError(0, c, _("Thiếu cột “%(column)s”.") % {"column": c}) for c in required if c not in headers]
    if missing:
        return PaperImportResult(missing, 0, dry_run)
    rows = [{_cell(k): v for k, v in raw.items()} for raw in dataset.dict]
    by_name, by_id = _products_of_file(rows)
    seen: dict[int, int] = {}
    created, stored = 0, []
    errors: list[RowError] = []
    with transaction.atomic():
        for index, row in enumerate(rows, start=1):
            if on_row:
                on_row(index)
            if not any(_cell(value) for value in row.values()):
                continue
            product, row_errors = _find_product(row, index, by_name, by_id, has_id_column=has_id_column)
            if product is not None and product.pk in seen:
                row_errors.append(RowError(index, PRODUCT, _("Trùng với dòng %(row)d (cùng sản phẩm).")
                                           % {"row": seen[product.pk]}))
            elif product is not None:
                seen[product.pk] = index
                try:
                    with transaction.atomic():
                        services.create_nomination(round=round, product=product, by=by)
                except ValidationError as exc:
                    row_errors += [RowError(index, PRODUCT, m) for ms in _messages(exc).values() for m in ms]
                else:
                    created += 1
                    stored.append(index)
            errors += row_errors
        if dry_run or (errors and not skip_bad_rows):
            transaction.set_rollback(True)
    return PaperImportResult(errors, created, dry_run, stored)

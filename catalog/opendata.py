"""Open data: the public catalogue as CSV and JSON, for journalists and other agencies.

The same products and filters as the public list (the list's GET parameters work here too), and only
public fields: never the tax code, the representative, documents or jury scores; the producer's address,
phone, e-mail and website only where the producer chose to publish its contacts.
"""

import csv
import json

from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from . import queries, spreadsheets
from .models import Certificate
from .public.forms import CatalogueFilterForm
from .public.views import absolute, catalogue_query, filter_choices

CHUNK = 2000
COLUMNS = [
    "id", "url", "name", "group", "is_set", "description", "materials", "specifications", "market",
    "producer_id", "producer_name", "producer_url", "province", "commune",
    "producer_address", "producer_phone", "producer_email", "producer_website",
    "status", "certificates",
]


def _products(request):
    """The filtered recognised products, or None when the parameters are wrong."""
    form = CatalogueFilterForm(request.GET, choices=filter_choices())
    if not form.is_valid():
        return None
    params = form.params()
    query = catalogue_query({**params, "sort": queries.SORT_NAME})
    if params["province"] and query.province is None:
        return None
    on = timezone.localdate()
    certificates = Prefetch("product__certificates", to_attr="public_certificates",
                            queryset=Certificate.objects.public(on).order_by("-issued_on", "number"))
    rows = queries.catalogue(query, on).select_related("product", "producer__province")
    return rows.prefetch_related(certificates).iterator(chunk_size=CHUNK)


def product_record(row, on) -> dict:
    product, producer = row.product, row.producer
    contacts = producer.publish_contacts
    return {
        "id": product.pk,
        "url": absolute(reverse("public:product", args=[product.pk])),
        "name": product.name,
        "group": product.get_group_display(),
        "is_set": product.is_set,
        "description": product.description,
        "materials": product.materials,
        "specifications": product.specifications,
        "market": product.get_market_display(),
        "producer_id": producer.pk,
        "producer_name": producer.name,
        "producer_url": absolute(reverse("public:producer", args=[producer.pk])),
        "province": producer.province.name,
        "commune": producer.commune,
        "producer_address": producer.address if contacts else "",
        "producer_phone": producer.phone if contacts else "",
        "producer_email": producer.email if contacts else "",
        "producer_website": producer.website if contacts else "",
        "status": "current" if row.is_current else "historical",
        "certificates": [
            {
                "number": certificate.number,  # blank for a published list's recognition: see decision_number
                "decision_number": certificate.decision_number,
                "level": certificate.get_level_display(),
                "issued_on": certificate.issued_on.isoformat(),
                "valid_until": certificate.valid_until.isoformat(),
                "status": certificate.status_on(on),
            }
            for certificate in product.public_certificates
        ],
    }


class _Echo:
    def write(self, value):
        return value


def products_csv(request):
    products = _products(request)
    if products is None:
        return HttpResponseBadRequest("Tham số lọc không hợp lệ.", content_type="text/plain; charset=utf-8")
    on = timezone.localdate()
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # a BOM, so spreadsheet programs read the Vietnamese text as UTF-8
        yield writer.writerow(spreadsheets.csv_row(COLUMNS))
        for product in products:
            record = product_record(product, on)
            record["certificates"] = "; ".join(
                f"{c['number'] or c['decision_number']} ({c['level']}, {c['issued_on']}–{c['valid_until']}, "
                f"{c['status']})"
                for c in record["certificates"]
            )
            yield writer.writerow(spreadsheets.csv_row([record[column] for column in COLUMNS]))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="san-pham-cnnt-tieu-bieu.csv"'
    return response


def products_json(request):
    products = _products(request)
    if products is None:
        return HttpResponseBadRequest(json.dumps({"error": "Tham số lọc không hợp lệ."}, ensure_ascii=False),
                                      content_type="application/json")
    on = timezone.localdate()

    def chunks():
        yield '{"generated_on": "' + on.isoformat() + '", "products": ['
        for index, product in enumerate(products):
            yield ("," if index else "") + json.dumps(product_record(product, on), ensure_ascii=False)
        yield "]}"

    return StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")

"""The secretariat's award lists that may be large, as files made by the list export path (scoring.exports): the
draft decision's list with its filters, and every certificate in the secretary's scope."""

from urllib.parse import urlencode

from django.http import Http404

from catalog.models import User
from scoring import exports
from scoring.results import group_codes

from . import queries
from .forms import EntryFilterForm
from .models import ResultsDecision
from .permissions import certificates_for_secretariat, get_decision_for_secretariat
from .resources import CertificateListResource, DecisionEntryResource


def listed_entries(decision: ResultsDecision, data) -> tuple[EntryFilterForm, object]:
    """The filter form and the lines the draft's list shows for `data` (its query parameters): what the page
    lists and what its file holds."""
    filters = EntryFilterForm(data, selection_round=decision.round)
    entries = queries.decision_entries(decision)
    if filters.is_valid():
        data = filters.cleaned_data
        entries = queries.filter_entries(entries, threshold=decision.round.threshold, q=data["q"],
                                         result=data["ket_qua"], score=data["diem"], group=data["nhom"],
                                         tied=data["bang_diem"])
    return filters, entries


def filters_query(form: EntryFilterForm) -> str:
    """The list's filters as a query string (page number left out): only values the form accepted."""
    if not form.is_valid():
        return ""
    return urlencode({name: value for name, value in form.cleaned_data.items() if value})


def draft_decision_for_secretariat(user, decision_id) -> ResultsDecision:
    """The list page's funnel: the decision in the secretary's scope, while it is a draft."""
    decision = get_decision_for_secretariat(user, decision_id)
    if not decision.is_draft:
        raise Http404
    return decision


def _entry_rows(decision, data, request=None):
    filters, entries = listed_entries(decision, data)
    return entries.select_related("nomination__product__producer__province"), filters_query(filters)


def _certificate_rows(user, data, request=None):
    # The page has no filters: every certificate in scope (the page shows the first 500).
    return certificates_for_secretariat(user).select_related("product__producer__province"), ""


DECISION_ENTRIES = exports.register(exports.ListExport(
    kind="decision-entries-export", funnel=draft_decision_for_secretariat, url_args=lambda decision: [decision.pk],
    owner_params=lambda decision: {"decision": decision.pk},
    load=lambda params: ResultsDecision.objects.select_related("round").filter(pk=params["decision"]).first(),
    rows=_entry_rows,
    dataset=lambda rows, decision: DecisionEntryResource(codes=group_codes(decision.round)).export(rows),
    filename=lambda decision: f"danh-sach-de-nghi-{decision.pk}",
    page="awards:decision_entries_export", back="awards:decision_entries"))

# Keyed by the secretary: the rows are those of their scope.
CERTIFICATES = exports.register(exports.ListExport(
    kind="certificates-export", funnel=lambda user, _pk: user, url_args=lambda user: [],
    owner_params=lambda user: {"user": user.pk}, load=lambda params: User.objects.filter(pk=params["user"]).first(),
    rows=_certificate_rows, dataset=lambda rows, _user: CertificateListResource().export(rows),
    filename=lambda _user: "giay-chung-nhan", page="awards:certificate_list_export", back="awards:certificate_list"))

"""The secretariat's view of a round's audit log (catalog.audit): who changed what, when, before and after, newest
first, with each entry's hash checked as it is shown, so an entry edited behind the application's back is marked
on the page as well as by `manage.py verify_audit`."""

from django.apps import apps
from django.shortcuts import render

from catalog import audit, spreadsheets
from catalog.decorators import secretariat_required
from catalog.models import User

from . import export_views, exports
from .forms import AuditFilterForm
from .permissions import get_round_for_secretariat

PAGE_SIZE = 50
SHOWN_VALUE_CHARS = 200  # a complaint's whole text stays in the log; the page shows its start


def _object_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _shown(values: dict) -> list[tuple[str, str]]:
    shown = []
    for key, value in sorted(values.items()):
        text = "" if value is None else str(value)
        shown.append((key, text if len(text) <= SHOWN_VALUE_CHARS else text[:SHOWN_VALUE_CHARS] + "…"))
    return shown


@secretariat_required
def round_audit(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "scoring/round_audit.html", {"round": selection_round, "form": form, "rows": []},
                      status=400)
    if fmt := spreadsheets.requested_format(request):  # the whole filtered log, not the page's 50
        rows, query = exports.AUDIT.rows(selection_round, request.GET)
        return export_views.respond(request, exports.AUDIT, selection_round, rows, query, fmt)
    entries = exports.audit_entries(selection_round, form.cleaned_data["hanh_dong"])
    if form.cleaned_data["truoc"]:
        entries = entries.filter(seq__lt=form.cleaned_data["truoc"])
    page = list(entries[:PAGE_SIZE + 1])
    more, page = len(page) > PAGE_SIZE, page[:PAGE_SIZE]
    actors = {user.pk: user for user in User.objects.filter(pk__in={e.actor_id for e in page if e.actor_id})}
    rows = [{
        "entry": entry, "label": audit.action_label(entry.action), "object": _object_label(entry.object_type),
        "actor": actors.get(entry.actor_id), "before": _shown(entry.before), "after": _shown(entry.after),
        "intact": audit.intact(entry),
    } for entry in page]
    return render(request, "scoring/round_audit.html", {
        "round": selection_round, "form": form, "rows": rows,
        "tampered": sum(1 for row in rows if not row["intact"]),
        "next_seq": page[-1].seq if more else None, "action": form.cleaned_data["hanh_dong"],
        "export_query": exports.AUDIT.rows(selection_round, request.GET)[1],
    })

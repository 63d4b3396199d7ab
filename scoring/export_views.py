"""A secretariat list's file (scoring.exports.LISTS): in the response for a small list, else made by a background
job with a progress page. The list's filters stay in the query string of every address; job.js polls the JSON
status. Each address goes through the list page's own access funnel (`spec.funnel`), so nobody reaches the job
of a list they cannot see."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.decorators import secretariat_required
from catalog.enums import JobState
from catalog.jobs import job_status

from . import exports


def respond(request, spec: exports.ListExport, owner, rows, query: str, fmt: str):
    """The list page's answer to `?export=`: the file now, or (past EXPORT_INLINE_MAX_ROWS) the file's page.

    A GET starts nothing (a crawler, a prefetch or a reload would start jobs): the file's page says how many rows
    the file will have, and its button (a POST, list_export_build) queues the job."""
    if not exports.inline(rows.count()):
        return redirect(_url(spec.page, spec, owner, fmt, query))
    return spreadsheets.download(*exports.file(spec, rows, fmt, owner))


def _url(name: str, spec, owner, fmt: str, query: str) -> str:
    url = reverse(name, args=[*spec.url_args(owner), fmt])
    return f"{url}?{query}" if query else url


def _reach(request, kind, fmt, pk):
    """The list (its owner through the page's funnel), a known format and the list's filters, or 404."""
    if fmt not in exports.FORMATS:
        raise Http404
    spec = exports.LISTS[kind]
    owner = spec.funnel(request.user, pk)
    rows, query = spec.rows(owner, request.GET, request=request)
    return spec, owner, rows, query


def _status(spec, owner, fmt, query):
    job = exports.latest_list(spec, owner, fmt, query)
    done = job is not None and job.state == JobState.DONE
    url = _url(f"{spec.page}_download", spec, owner, fmt, query) if done else None
    return job, job_status(job, url)


@secretariat_required
def list_export(request, fmt, kind, pk=None):
    spec, owner, rows, query = _reach(request, kind, fmt, pk)
    job, status = _status(spec, owner, fmt, query)
    back = reverse(spec.back, args=spec.url_args(owner))
    return render(request, spec.template, {
        "owner": owner, "round": owner, "fmt": fmt, "job": job, "status": status, "query": query,
        "rows": rows.count(), "back_url": f"{back}?{query}" if query else back,
        "status_url": _url(f"{spec.page}_status", spec, owner, fmt, query),
        "action": _url(f"{spec.page}_build", spec, owner, fmt, query)})


@secretariat_required
@require_POST
def list_export_build(request, fmt, kind, pk=None):
    spec, owner, rows, query = _reach(request, kind, fmt, pk)
    _job, mine = exports.start_list(spec, owner=owner, fmt=fmt, query=query, total=rows.count(), by=request.user)
    _job, status = _status(spec, owner, fmt, query)  # the immediate backend (demo) has already run it
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(status, status=202 if mine else 409)
    if not mine:
        messages.warning(request, _("Tệp đang được tạo; trang này cho biết tiến độ."))
    return redirect(_url(spec.page, spec, owner, fmt, query))


@secretariat_required
def list_export_status(request, fmt, kind, pk=None):
    spec, owner, _rows, query = _reach(request, kind, fmt, pk)
    return JsonResponse(_status(spec, owner, fmt, query)[1])


@secretariat_required
def list_export_download(request, fmt, kind, pk=None):
    spec, owner, _rows, query = _reach(request, kind, fmt, pk)
    job = exports.latest_list(spec, owner, fmt, query)
    if job is None or job.state != JobState.DONE or not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)


def export_paths(route: str, spec: exports.ListExport) -> list:
    """A large list's four addresses under `route` (its page's address): the file's page, start (POST), status
    (JSON for job.js) and download, named after `spec.page` with _build, _status and _download."""
    name = spec.page.split(":")[-1]
    kind = {"kind": spec.kind}
    return [
        path(f"{route}xuat-<fmt>/", list_export, kind, name=name),
        path(f"{route}xuat-<fmt>/tao/", list_export_build, kind, name=f"{name}_build"),
        path(f"{route}xuat-<fmt>/trang-thai.json", list_export_status, kind, name=f"{name}_status"),
        path(f"{route}xuat-<fmt>/tai-ve/", list_export_download, kind, name=f"{name}_download"),
    ]

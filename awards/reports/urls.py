"""Statistics (public and the secretariat's), holders' annual reports, periodic reports. Mounted at the site's
root in config/urls.py, namespace "reports"."""

from django.urls import path, register_converter

from . import annual_views, periodic_views, statistics_views


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "reports"

urlpatterns = [
    # Statistics: the public's (published data) and the secretariat's (its scope), the same sections and tables.
    path("thong-ke/", statistics_views.public_statistics, name="statistics_home"),
    path("thong-ke/<slug:section>/", statistics_views.public_statistics, name="statistics"),
    path("thong-ke/<slug:section>/<slug:table>.<fmt:fmt>", statistics_views.public_statistics_download,
         name="statistics_download"),
    path("thu-ky/thong-ke/", statistics_views.internal_statistics, name="internal_statistics_home"),
    path("thu-ky/thong-ke/<slug:section>/", statistics_views.internal_statistics, name="internal_statistics"),
    path("thu-ky/thong-ke/<slug:section>/<slug:table>.<fmt:fmt>", statistics_views.internal_statistics_download,
         name="internal_statistics_download"),
    # Holders' annual reports: the producer's side, then the secretariat's.
    path("bao-cao-hang-nam/", annual_views.my_annual_reports, name="my_annual_reports"),
    path("bao-cao-hang-nam/<int:cycle_pk>/<int:producer_pk>/", annual_views.annual_report, name="annual_report"),
    path("thu-ky/bao-cao-hang-nam/", annual_views.cycle_list, name="cycle_list"),
    path("thu-ky/bao-cao-hang-nam/mo-dot/", annual_views.cycle_edit, name="cycle_create"),
    path("thu-ky/bao-cao-hang-nam/<int:pk>/", annual_views.cycle_detail, name="cycle_detail"),
    path("thu-ky/bao-cao-hang-nam/<int:pk>/sua/", annual_views.cycle_edit, name="cycle_edit"),
    path("thu-ky/bao-cao-hang-nam/<int:pk>/tong-hop.xlsx", annual_views.cycle_export, name="cycle_export"),
    path("thu-ky/bao-cao-hang-nam/<int:pk>/co-so/<int:report_pk>/", annual_views.cycle_report, name="cycle_report"),
    path("thu-ky/bao-cao-hang-nam/<int:pk>/co-so/<int:report_pk>/tra-lai/", annual_views.cycle_report_reopen,
         name="cycle_report_reopen"),
    # Periodic reports to the ministry and the national summary.
    path("thu-ky/bao-cao-dinh-ky/", periodic_views.periodic_list, name="periodic_list"),
    path("thu-ky/bao-cao-dinh-ky/<int:pk>/", periodic_views.periodic_detail, name="periodic_detail"),
    path("thu-ky/bao-cao-dinh-ky/<int:pk>/lap-lai/", periodic_views.periodic_regenerate, name="periodic_regenerate"),
    path("thu-ky/bao-cao-dinh-ky/<int:pk>.xlsx", periodic_views.periodic_xlsx, name="periodic_xlsx"),
    path("thu-ky/bao-cao-dinh-ky/<int:pk>.pdf", periodic_views.periodic_pdf, name="periodic_pdf"),
]

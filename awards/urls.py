from django.urls import path

from scoring import export_views

from . import exports, views

app_name = "awards"

urlpatterns = [
    # Public verification (linked from the public catalogue and printed as a QR code on each certificate)
    path("xac-minh/", views.verify_search, name="verify_search"),
    path("xac-minh/<path:number>/", views.verify, name="verify"),
    path("thu-ky/", views.certificate_list, name="certificate_list"),
    # A large list's file, made by a job (scoring.export_views): the page, start, status, download.
    *export_views.export_paths("thu-ky/giay-chung-nhan/", exports.CERTIFICATES),
    path("thu-ky/ghi-nhan/", views.certificate_create, name="certificate_create"),
    path("thu-ky/nhap-tep/", views.certificate_import, name="certificate_import"),
    path("thu-ky/giay-chung-nhan/<int:pk>/thu-hoi/", views.certificate_revoke, name="certificate_revoke"),
    # Secretariat: results decisions
    path("thu-ky/quyet-dinh/", views.decision_list, name="decision_list"),
    path("thu-ky/dot/<int:round_pk>/quyet-dinh/", views.decision_edit, name="decision_create"),
    path("thu-ky/dot/<int:round_pk>/mo-lai-cham-diem/", views.reopen_scoring, name="reopen_scoring"),
    path("thu-ky/quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("thu-ky/quyet-dinh/<int:pk>/sua/", views.decision_edit, name="decision_edit"),
    path("thu-ky/quyet-dinh/<int:pk>/danh-sach/", views.decision_entries, name="decision_entries"),
    path("thu-ky/quyet-dinh/<int:pk>/danh-sach/<int:entry_pk>/", views.decision_entry, name="decision_entry"),
    path("thu-ky/quyet-dinh/<int:pk>/danh-sach.xlsx", views.decision_entries_xlsx, name="decision_entries_xlsx"),
    *export_views.export_paths("thu-ky/quyet-dinh/<int:pk>/danh-sach/", exports.DECISION_ENTRIES),
    path("thu-ky/quyet-dinh/<int:pk>/trang-thai/", views.decision_state, name="decision_state"),
    path("thu-ky/quyet-dinh/<int:pk>/ban-quet/", views.decision_scan, name="decision_scan"),
    path("thu-ky/quyet-dinh/<int:pk>/giay-chung-nhan.xlsx", views.decision_certificates, {"fmt": "xlsx"},
         name="decision_certificates_xlsx"),
    path("thu-ky/quyet-dinh/<int:pk>/giay-chung-nhan.pdf", views.decision_certificates, {"fmt": "pdf"},
         name="decision_certificates_pdf"),
    path("thu-ky/quyet-dinh/<int:pk>/tai-tat-ca/", views.bundle_page, name="bundle_page"),
    path("thu-ky/quyet-dinh/<int:pk>/tai-tat-ca/tao/", views.bundle_build, name="bundle_build"),
    path("thu-ky/quyet-dinh/<int:pk>/tai-tat-ca/trang-thai.json", views.bundle_status, name="bundle_status"),
    path("thu-ky/quyet-dinh/<int:pk>/tai-tat-ca/giay-chung-nhan.zip", views.bundle_download,
         name="bundle_download"),
    # Secretariat: complaints
    path("thu-ky/khieu-nai/", views.complaint_list, name="complaint_list"),
    path("thu-ky/khieu-nai/<int:pk>/", views.complaint_answer, name="complaint_answer"),
    # Producers (and, for the PDF, the secretariat in scope and administrators)
    path("giay-chung-nhan/<int:pk>/tai-ve.pdf", views.certificate_download, name="certificate_download"),
    path("ket-qua/", views.my_results, name="my_results"),
    path("ket-qua/<int:entry_pk>/khieu-nai/", views.complaint_file, name="complaint_file"),
]

from django.urls import path

from . import judging_views, report_views, views

app_name = "scoring"

urlpatterns = [
    # Producers
    path("dot-dang-mo/", views.open_rounds, name="open_rounds"),
    path("dot/<int:round_pk>/de-cu/", views.nominate, name="nominate"),
    path("de-cu/", views.my_nominations, name="my_nominations"),
    path("de-cu/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("de-cu/<int:pk>/<slug:action>/", views.nomination_action, name="nomination_action"),
    path("chuyen-len/", views.forwarding_list, name="forwarding_list"),
    path("chuyen-len/<int:pk>/tra-loi/", views.forwarding_decide, name="forwarding_decide"),
    # Secretariat
    path("thu-ky/dot/", views.round_list, name="round_list"),
    path("thu-ky/dot/tao-moi/", views.round_edit, name="round_create"),
    path("thu-ky/dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("thu-ky/dot/<int:pk>/sua/", views.round_edit, name="round_edit"),
    path("thu-ky/dot/<int:pk>/trang-thai/", views.round_state, name="round_state"),
    path("thu-ky/dot/<int:pk>/ho-so/", views.round_nominations, name="round_nominations"),
    path("thu-ky/dot/<int:pk>/tiep-nhan/", views.round_bulk_accept, name="round_bulk_accept"),
    path("thu-ky/dot/<int:pk>/chuyen-len/", views.round_forward, name="round_forward"),
    path("thu-ky/dot/<int:pk>/danh-sach-chuyen-len.xlsx", views.forwarding_export, {"fmt": "xlsx"},
         name="forwarding_xlsx"),
    path("thu-ky/dot/<int:pk>/danh-sach-chuyen-len.pdf", views.forwarding_export, {"fmt": "pdf"},
         name="forwarding_pdf"),
    path("thu-ky/dot/<int:pk>/bao-cao/", report_views.round_report_view, name="round_report"),
    path("thu-ky/dot/<int:pk>/xep-hang/", report_views.round_ranking_view, name="round_ranking"),
    path("thu-ky/dot/<int:pk>/bao-cao.xlsx", report_views.round_report_xlsx, name="round_report_xlsx"),
    path("thu-ky/dot/<int:pk>/bao-cao.pdf", report_views.round_report_pdf, name="round_report_pdf"),
    path("thu-ky/ho-so/<int:pk>/", views.nomination_review, name="secretariat_nomination"),
    path("thu-ky/ho-so/<int:pk>/quyet-dinh/", views.nomination_decide, name="nomination_decide"),
    path("thu-ky/ho-so/<int:pk>/lo-danh-tinh/<int:index>/", views.nomination_pii, name="nomination_pii"),
    path("thu-ky/ho-so/<int:pk>/giay-to/<int:index>/", views.nomination_document, name="nomination_document"),
    path("thu-ky/ho-so/<int:pk>/phieu-dang-ky.pdf", views.nomination_pdf, name="nomination_pdf"),
    # Judging: jury members
    path("giam-khao/", judging_views.jury_queue, name="jury_queue"),
    path("giam-khao/xung-dot/", judging_views.jury_declare_conflict, name="jury_declare_conflict"),
    path("giam-khao/ho-so/<int:pk>/", judging_views.jury_sheet, name="jury_sheet"),
    path("giam-khao/ho-so/<int:pk>/tu-luu/", judging_views.jury_autosave, name="jury_autosave"),
    path("giam-khao/ho-so/<int:pk>/khong-cham/", judging_views.jury_recuse, name="jury_recuse"),
    path("giam-khao/ho-so/<int:pk>/giay-to/<int:index>/", judging_views.jury_document, name="jury_document"),
    path("giam-khao/ho-so/<int:pk>/phieu-cham.pdf", judging_views.jury_sheet_pdf, name="jury_sheet_pdf"),
    # Judging: secretariat
    path("thu-ky/dot/<int:pk>/giam-khao/", judging_views.round_juries, name="round_juries"),
    path("thu-ky/dot/<int:pk>/tien-do-cham/", judging_views.round_progress, name="round_progress"),
    path("thu-ky/dot/<int:pk>/nhac-cham/", judging_views.round_remind, name="round_remind"),
    path("thu-ky/dot/<int:pk>/phieu-giay.xlsx", judging_views.paper_sheets_xlsx, name="paper_sheets_xlsx"),
    path("thu-ky/ho-so/<int:pk>/phieu-cham/", judging_views.nomination_sheets, name="nomination_sheets"),
    path("thu-ky/ho-so/<int:pk>/phieu-giay/<int:user_pk>/", judging_views.paper_entry, name="paper_entry"),
    path("thu-ky/ho-so/<int:pk>/phieu-cham-trang.pdf", judging_views.blank_sheet_pdf, name="blank_sheet_pdf"),
    path("thu-ky/phieu-cham/<int:pk>/mo-lai/", judging_views.sheet_reopen, name="sheet_reopen"),
    path("thu-ky/phieu-cham/<int:pk>.pdf", judging_views.filled_sheet_pdf, name="filled_sheet_pdf"),
    path("thu-ky/thang-diem/", judging_views.rubric_list, name="rubric_list"),
    path("thu-ky/thang-diem/nhap/", judging_views.rubric_import, name="rubric_import"),
    path("thu-ky/thang-diem/<int:pk>/", judging_views.rubric_detail, name="rubric_detail"),
    path("thu-ky/thang-diem/<int:pk>/sao-chep/", judging_views.rubric_copy, name="rubric_copy"),
    path("thu-ky/thang-diem/<int:pk>.xlsx", judging_views.rubric_export, name="rubric_export"),
]

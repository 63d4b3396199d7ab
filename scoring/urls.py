from django.urls import path

from . import views

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
    path("thu-ky/ho-so/<int:pk>/", views.nomination_review, name="secretariat_nomination"),
    path("thu-ky/ho-so/<int:pk>/quyet-dinh/", views.nomination_decide, name="nomination_decide"),
    path("thu-ky/ho-so/<int:pk>/giay-to/<int:index>/", views.nomination_document, name="nomination_document"),
    path("thu-ky/ho-so/<int:pk>/phieu-dang-ky.pdf", views.nomination_pdf, name="nomination_pdf"),
]

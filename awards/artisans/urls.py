from django.urls import path

from . import council_views, public_views, views

app_name = "artisans"

urlpatterns = [
    # Public
    path("", public_views.directory, name="directory"),
    path("<int:pk>/", public_views.artisan, name="artisan"),
    path("lay-y-kien/", public_views.consultations, name="consultations"),
    path("lay-y-kien/<int:pk>/", public_views.consultation, name="consultation"),
    # Candidates (and the secretariat filling a dossier in for them)
    path("ho-so-cua-toi/", views.my_nominations, name="my_nominations"),
    path("dot/<int:round_pk>/lap-ho-so/", views.nomination_create, name="nomination_create"),
    path("ho-so/<int:pk>/", views.dossier, name="dossier"),
    path("ho-so/<int:pk>/sua/", views.dossier_edit, name="dossier_edit"),
    path("ho-so/<int:pk>/thanh-tich/", views.achievements_edit, name="achievements_edit"),
    path("ho-so/<int:pk>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("ho-so/<int:pk>/anh-chan-dung/", views.portrait_set, name="portrait_set"),
    path("ho-so/<int:pk>/anh-chan-dung.jpg", views.portrait, name="portrait"),
    path("ho-so/<int:pk>/nop/", views.nomination_submit, name="nomination_submit"),
    path("ho-so/<int:pk>/rut/", views.nomination_withdraw, name="nomination_withdraw"),
    path("ho-so/<int:pk>/ban-khai.pdf", views.declaration, name="declaration_pdf"),
    path("minh-chung/<int:pk>/tai-ve/", views.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    # Secretariat
    path("thu-ky/", views.secretariat_home, name="secretariat_home"),
    path("thu-ky/dot/tao-moi/", views.round_edit, name="round_create"),
    path("thu-ky/dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("thu-ky/dot/<int:pk>/sua/", views.round_edit, name="round_edit"),
    path("thu-ky/dot/<int:pk>/ho-so/", views.round_nominations, name="round_nominations"),
    path("thu-ky/dot/<int:pk>/lay-y-kien/", views.round_comments, name="round_comments"),
    path("thu-ky/dot/<int:pk>/quyet-dinh/", views.round_decisions, name="round_decisions"),
    path("thu-ky/dot/<int:round_pk>/hoi-dong/", council_views.council_create, name="council_create"),
    path("thu-ky/ho-so/<int:pk>/kiem-tra/", views.nomination_check, name="nomination_check"),
    path("thu-ky/ho-so/<int:pk>/quyet-dinh/", views.nomination_decide, name="nomination_decide"),
    path("thu-ky/y-kien/<int:pk>/tra-loi/", views.comment_answer, name="comment_answer"),
    path("thu-ky/so-danh-hieu/nhap-tep/", views.register_import, name="register_import"),
    path("thu-ky/hoi-dong/<int:pk>/", council_views.council_detail, name="council_detail"),
    path("thu-ky/hoi-dong/<int:pk>/thanh-vien/", council_views.member_add, name="member_add"),
    path("thu-ky/thanh-vien/<int:pk>/xoa/", council_views.member_remove, name="member_remove"),
    path("thu-ky/hoi-dong/<int:pk>/phien-hop/", council_views.session_create, name="session_create"),
    path("thu-ky/hoi-dong/<int:pk>/<slug:document>.pdf", council_views.council_document, name="council_document"),
    # Council sessions (those who run them and the members)
    path("hoi-dong/", council_views.my_councils, name="my_councils"),
    path("hoi-dong/ho-so/<int:pk>/", council_views.member_dossier, name="member_dossier"),
    path("hoi-dong/phien/<int:pk>/", council_views.session_detail, name="session_detail"),
    path("hoi-dong/phien/<int:pk>/diem-danh/", council_views.session_attendance, name="session_attendance"),
    path("hoi-dong/phien/<int:pk>/mo-bo-phieu/", council_views.session_open, name="session_open"),
    path("hoi-dong/phien/<int:pk>/bo-phieu/", council_views.session_vote, name="session_vote"),
    path("hoi-dong/phien/<int:pk>/phieu-giay/", council_views.session_paper, name="session_paper"),
    path("hoi-dong/phien/<int:pk>/kiem-phieu/", council_views.session_close, name="session_close"),
    path("hoi-dong/phien/<int:pk>/<slug:document>.pdf", council_views.session_document, name="session_document"),
]

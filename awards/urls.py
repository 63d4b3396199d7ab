from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("thu-ky/", views.certificate_list, name="certificate_list"),
    path("thu-ky/ghi-nhan/", views.certificate_create, name="certificate_create"),
    path("thu-ky/nhap-tep/", views.certificate_import, name="certificate_import"),
]

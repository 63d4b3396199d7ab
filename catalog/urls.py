from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tao-moi/", views.producer_create, name="producer_create"),
    path("nhan-quan-ly/", views.producer_claim, name="producer_claim"),
    path("<int:pk>/", views.producer_detail, name="producer_detail"),
    path("<int:pk>/sua/", views.producer_edit, name="producer_edit"),
    path("<int:producer_pk>/san-pham/them/", views.product_create, name="product_create"),
    path("<int:producer_pk>/giay-to/them/", views.document_add, name="document_add"),
    path("san-pham/<int:pk>/", views.product_detail, name="product_detail"),
    path("san-pham/<int:pk>/sua/", views.product_edit, name="product_edit"),
    path("san-pham/<int:pk>/xoa/", views.product_delete, name="product_delete"),
    path("san-pham/<int:pk>/anh/", views.photo_add, name="photo_add"),
    path("anh/<int:pk>/di-chuyen/", views.photo_move, name="photo_move"),
    path("anh/<int:pk>/xoa/", views.photo_delete, name="photo_delete"),
    path("giay-to/<int:pk>/xoa/", views.document_delete, name="document_delete"),
    path("giay-to/<int:pk>/tai-ve/", views.document_download, name="document_download"),
]

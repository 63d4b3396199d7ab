from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor, views
from .forms import EmailAuthenticationForm

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm,
                                                    redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("xac-thuc-hai-buoc/", two_factor.setup, name="two_factor_setup"),
    path("xac-thuc-hai-buoc/nhap-ma/", two_factor.verify, name="two_factor_verify"),
    path("dang-ky/", views.signup, name="signup"),
    path("dang-ky/da-gui/", views.signup_done, name="signup_done"),
    path("kich-hoat/gui-lai/", views.resend_activation, name="resend_activation"),
    path("kich-hoat/<uidb64>/<token>/", views.activate, name="activate"),
    path("quen-mat-khau/", auth_views.PasswordResetView.as_view(
        email_template_name="registration/password_reset_email.txt",
        extra_email_context={"site_url": settings.SITE_URL},
    ), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

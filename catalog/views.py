
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import enums, services, uploads
from .collation import vietnamese
from .decorators import producer_required
from .forms import ClaimForm, DocumentForm, PhotoForm, ProducerForm, ProductForm, ResendActivationForm, SignupForm
from .middleware import offered
from .models import Document, Product
from .permissions import (
    can_edit_producer,
    get_document_for_user,
    get_photo_for_user,
    get_producer_for_user,
    get_product_for_user,
    get_unverified_producer,
    producers_for_user,
)
from .public import views as public_views


def home(request):
    return public_views.home(request)


# --- Language ----------------------------------------------------------------------------------------------


@require_GET
def switch_language(request):
    """The header's language links (VI, EN): remember the choice in the language cookie and go back to the page.

    A link, not a form: the choice is a display preference, not a change anyone could be harmed by, so it needs no
    CSRF token. Without a form, a public page carries nothing per visitor (no token, no Set-Cookie) and its frame
    is the same text for everyone. The cookie is what VietnameseFirstLocaleMiddleware reads.
    """
    language = request.GET.get("language", "")
    if not offered(language):
        return render(request, "400.html", status=400)
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = "/"  # never to another site (an open redirect)
    response = HttpResponseRedirect(back)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response


# --- Accounts ----------------------------------------------------------------------------------------------


def signup(request):
    if request.user.is_authenticated:
        return redirect("catalog:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the address has an account (see SignupForm.clean_email).
        if form.existing_user is not None:
            services.warn_existing_account(user=form.existing_user)
        else:
            services.register_producer_account(user=form.save(commit=False))
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("signup_done")
    return render(request, "registration/signup.html", {"form": form})


def signup_done(request):
    return render(request, "registration/signup_done.html", {"email": request.session.get("signup_email", "")})


def activate(request, uidb64, token):
    try:
        user = services.activate_account(uidb64=uidb64, token=token)
    except ValidationError as error:
        known = services.user_from_uidb64(uidb64)
        form = ResendActivationForm(initial={"email": known.email if known and not known.is_active else ""})
        context = {"error": error.messages[0], "form": form, "already_active": bool(known and known.is_active)}
        return render(request, "registration/activation_invalid.html", context, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Tài khoản đã được kích hoạt. Chào mừng bạn!"))
    return redirect("catalog:dashboard")


def resend_activation(request):
    form = ResendActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resend_activation(email=form.cleaned_data["email"])
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("signup_done")
    return render(request, "registration/activation_resend.html", {"form": form})


# --- Dashboard and producer profile ------------------------------------------------------------------------


@login_required
def dashboard(request):
    if not request.user.is_producer:
        return redirect("admin:index" if request.user.is_staff else "home")
    products = Product.objects.prefetch_related("photos").order_by(vietnamese("name"))
    producers = producers_for_user(request.user).select_related("province").prefetch_related(
        Prefetch("products", queryset=products),
        Prefetch("documents", queryset=Document.objects.select_related("product")),
    )
    claims = (request.user.producer_claims.filter(status=enums.ClaimStatus.PENDING)
              .select_related("producer").order_by("-created_at"))
    return render(request, "catalog/dashboard.html", {"producers": producers, "pending_claims": claims})


@producer_required
def producer_create(request):
    form = ProducerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        producer = services.create_producer(producer=form.save(commit=False), by=request.user)
        messages.success(request, _("Đã tạo hồ sơ cơ sở."))
        return redirect(producer)
    return render(request, "catalog/producer_form.html", {"form": form}, status=400 if form.errors else 200)


@producer_required
def producer_claim(request):
    typed = request.GET.get("co_so", "")
    if typed and not (typed.isdigit() and len(typed) <= 9):  # an id, within the database's integer
        raise Http404
    unverified = get_unverified_producer(int(typed)) if typed else None
    initial = {"tax_code": request.GET.get("ma_so_thue", ""), "producer_id": unverified.pk if unverified else None}
    form = ClaimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["producer_id"]:
        unverified = get_unverified_producer(form.cleaned_data["producer_id"])
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_producer(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("tax_code", error)
        else:
            if claim.status == enums.ClaimStatus.APPROVED:
                messages.success(request, _("Bạn đã được nhận quản lý cơ sở %(name)s.") % {"name": claim.producer})
            else:
                messages.info(request, _("Đã gửi yêu cầu. Ban thư ký sẽ xác minh và trả lời qua e-mail."))
            return redirect("catalog:dashboard")
    return render(request, "catalog/producer_claim.html", {"form": form, "unverified": unverified},
                  status=400 if form.errors else 200)


@login_required
def producer_detail(request, pk):
    producer = get_producer_for_user(request.user, pk)
    products = producer.products.prefetch_related("photos").order_by(vietnamese("name"))
    documents = producer.documents.select_related("product")
    return render(request, "catalog/producer_detail.html", {
        "producer": producer, "products": products, "documents": documents,
        "can_edit": can_edit_producer(request.user, producer),
    })


@login_required
def producer_edit(request, pk):
    producer = get_producer_for_user(request.user, pk, for_edit=True)
    form = ProducerForm(request.POST or None, instance=producer)
    if request.method == "POST" and form.is_valid():
        services.save_producer(producer=form.save(commit=False))
        messages.success(request, _("Đã lưu hồ sơ cơ sở."))
        return redirect(producer)
    return render(request, "catalog/producer_form.html", {"form": form, "producer": producer},
                  status=400 if form.errors else 200)


# --- Products ----------------------------------------------------------------------------------------------


@login_required
def product_create(request, producer_pk):
    producer = get_producer_for_user(request.user, producer_pk, for_edit=True)
    form = ProductForm(request.POST or None, instance=Product(producer=producer))
    if request.method == "POST" and form.is_valid():
        product = services.save_product(product=form.save(commit=False))
        messages.success(request, _("Đã thêm sản phẩm. Hãy tải lên ảnh mặt trước, mặt bên và mặt trên."))
        return redirect(product)
    return render(request, "catalog/product_form.html", {"form": form, "producer": producer},
                  status=400 if form.errors else 200)


def _product_page(request, product, *, photo_form=None, status=200):
    photos = list(product.photos.all())
    return render(request, "catalog/product_detail.html", {
        "product": product, "producer": product.producer, "photos": photos,
        "documents": product.documents.all(), "missing_roles": services.missing_photo_roles(photos),
        "can_edit": can_edit_producer(request.user, product.producer),
        "photo_form": photo_form or PhotoForm(),
    }, status=status)


@login_required
def product_detail(request, pk):
    return _product_page(request, get_product_for_user(request.user, pk))


@login_required
def product_edit(request, pk):
    product = get_product_for_user(request.user, pk, for_edit=True)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        services.save_product(product=form.save(commit=False))
        messages.success(request, _("Đã lưu sản phẩm."))
        return redirect(product)
    return render(request, "catalog/product_form.html", {"form": form, "producer": product.producer,
                                                         "product": product}, status=400 if form.errors else 200)


@login_required
def product_delete(request, pk):
    product = get_product_for_user(request.user, pk, for_edit=True)
    if request.method == "POST":
        try:
            services.delete_product(product=product)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(product)
        messages.success(request, _("Đã xoá sản phẩm %(name)s.") % {"name": product.name})
        return redirect(product.producer)
    return render(request, "catalog/confirm_delete.html", {
        "object": product, "cancel_url": product.get_absolute_url(),
        "warning": _("Ảnh và giấy tờ của sản phẩm cũng bị xoá."),
    })


# --- Photos ------------------------------------------------------------------------------------------------


@require_POST
@login_required
def photo_add(request, pk):
    product = get_product_for_user(request.user, pk, for_edit=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            uploads.add_photo(product=product, upload=form.cleaned_data["image"], role=form.cleaned_data["role"],
                              caption=form.cleaned_data["caption"], by=request.user)
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("Đã tải ảnh lên."))
            return redirect(product)
    return _product_page(request, product, photo_form=form, status=400)


@require_POST
@login_required
def photo_move(request, pk):
    photo = get_photo_for_user(request.user, pk, for_edit=True)
    try:
        uploads.move_photo(photo=photo, direction={"-1": -1, "1": 1}.get(request.POST.get("direction", "")))
    except ValidationError as error:
        return render(request, "catalog/bad_request.html", {"message": error.messages[0]}, status=400)
    return redirect(photo.product)


@require_POST
@login_required
def photo_delete(request, pk):
    photo = get_photo_for_user(request.user, pk, for_edit=True)
    uploads.delete_photo(photo=photo)
    messages.success(request, _("Đã xoá ảnh."))
    return redirect(photo.product)


# --- Documents ---------------------------------------------------------------------------------------------


@login_required
def document_add(request, producer_pk):
    producer = get_producer_for_user(request.user, producer_pk, for_edit=True)
    form = DocumentForm(request.POST or None, request.FILES or None, producer=producer,
                        initial={"product": request.GET.get("san_pham")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = uploads.add_document(
                producer=producer, kind=data["kind"], upload=data["file"], product=data["product"],
                number=data["number"], issuer=data["issuer"], issued_on=data["issued_on"],
                expires_on=data["expires_on"], by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Đã tải giấy tờ lên."))
            return redirect(document.product or producer)
    return render(request, "catalog/document_form.html", {"form": form, "producer": producer},
                  status=400 if form.errors else 200)


@login_required
def document_delete(request, pk):
    document = get_document_for_user(request.user, pk, for_edit=True)
    back = document.product or document.producer
    if request.method == "POST":
        uploads.delete_document(document=document)
        messages.success(request, _("Đã xoá giấy tờ."))
        return redirect(back)
    return render(request, "catalog/confirm_delete.html", {"object": document,
                                                           "cancel_url": back.get_absolute_url()})


@login_required
def document_download(request, pk):
    document = get_document_for_user(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=document.original_name or None,
                            content_type=document.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


"""Spreadsheet import/export of producers and products (django-import-export).

Column headers are a file format shared with provincial offices, so they stay Vietnamese whatever the
interface language. Messages are translated. A file with any bad row stores nothing.

Files of ten thousand rows are normal, so everything a row needs from the database is read once per file
(`before_import` and `FileInstanceLoader`: the provinces, the producers named by tax code, the stored rows the
file updates) and rows are written in batches (django-import-export's `use_bulk`): a file costs a fixed number
of look-ups whatever its length plus one write per batch, where it cost seven queries a row.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Result

from . import enums, listing
from .geography import ProvinceIndex, resolve_province
from .models import Producer, Product, set_search_fields
from .spreadsheets import NeutralisedExport
from .text import fold
from .validators import normalize_tax_code

_GROUPED_NUMBER = re.compile(r"\d{1,3}([.,]\d{3})+")


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(value) -> str:
    """Spreadsheet cells arrive as str, int or float (2010.0); all become plain NFC text.

    NFC because files saved on some systems carry decomposed Vietnamese (e + combining marks).
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


# --- Widgets -----------------------------------------------------------------------------------------------


class TaxCodeWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return ""
        if isinstance(value, int | float):
            # Excel turns a typed 0101234567 into the number 101234567; the lost leading zeros come back.
            digits = _cell_text(value)
            value = digits.zfill(10) if len(digits) <= 10 else digits.zfill(13)
        # Only normalized here: the model's validator reports a malformed code as a row error.
        return normalize_tax_code(_cell_text(value))


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if _is_blank(value) else _cell_text(value)


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        text = _cell_text(value).replace(" ", "")
        if _GROUPED_NUMBER.fullmatch(text):  # "1.200" or "1,200": thousands grouped the Vietnamese or English way
            text = re.sub(r"[.,]", "", text)
        if not text.isdigit():
            raise ValueError(_("“%(value)s” không phải là số nguyên không âm.") % {"value": value})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YesNoWidget(widgets.Widget):
    YES = {"co", "c", "yes", "y", "1", "x", "true", "dung"}
    NO = {"khong", "k", "no", "n", "0", "false", "sai"}

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        folded = fold(_cell_text(value))
        if folded in self.YES:
            return True
        if folded in self.NO:
            return False
        raise ValueError(_("“%(value)s” không hợp lệ; ghi “có” hoặc “không”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        # The file format is Vietnamese whatever the interface language.
        return "có" if value else "không"


class ChoiceWidget(widgets.Widget):
    """A choice given by its code or its label, in any case, with or without diacritics."""

    def __init__(self, choices: type[TextChoices], *, what: str, default: str = ""):
        self.choices = choices
        self.what = what
        self.default = default
        self._tables: dict[str, dict[str, str]] = {}
        super().__init__()

    def _lookup(self) -> dict[str, str]:
        # Built once per interface language: switching languages for every cell was a tenth of an import.
        language = translation.get_language()
        if language not in self._tables:
            table = {}
            # Files are written in Vietnamese; the labels of the current language are accepted as well.
            for each in ("vi", language):
                with translation.override(each):
                    table.update({fold(str(label)): value for value, label in self.choices.choices})
            table.update({fold(value): value for value in self.choices.values})
            self._tables[language] = table
        return self._tables[language]

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return self.default
        found = self._lookup().get(fold(_cell_text(value)))
        if found is None:
            with translation.override("vi"):
                allowed = "; ".join(str(label) for label in self.choices.labels)
            raise ValueError(_("%(what)s “%(value)s” không hợp lệ; dùng một trong: %(allowed)s.") % {
                "what": self.what, "value": value, "allowed": allowed})
        return found

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        with translation.override("vi"):
            return str(self.choices(value).label)


class ProvinceWidget(widgets.Widget):
    """A province by name, old or new, with or without diacritics; an old name gives today's unit.

    During an import the resource gives it `index`, the provinces loaded once for the whole file; without
    one (a single value) each call loads them.
    """

    def __init__(self):
        self.index: ProvinceIndex | None = None
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            raise ValueError(_("Chưa ghi tỉnh/thành phố."))
        text = _cell_text(value)
        province = resolve_province(text) if self.index is None else self.index.resolve(text)
        if province is None:
            raise ValueError(_("Không tìm thấy tỉnh/thành phố “%(value)s”.") % {"value": value})
        return province

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


class ProducerByTaxCodeWidget(widgets.Widget):
    """A stored producer by its tax code, in any spelling `TaxCodeWidget` accepts.

    During an import the resource gives it `producers`, the file's producers loaded at once (by normalised
    tax code); without it (a single value) each call asks the database.
    """

    def __init__(self):
        self.producers: dict[str, Producer] | None = None
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        tax_code = TaxCodeWidget().clean(value)
        if not tax_code:
            raise ValueError(_("Chưa ghi mã số thuế của cơ sở."))
        if self.producers is not None:
            producer = self.producers.get(tax_code)
        else:
            producer = Producer.objects.filter(tax_code=tax_code).first()
        if producer is None:
            raise ValueError(_("Không có cơ sở nào với mã số thuế “%(value)s”; hãy nhập cơ sở trước.")
                             % {"value": value})
        return producer

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.tax_code


# --- Per-file look-ups -------------------------------------------------------------------------------------


def _in_chunks(values: Iterable, *, using: str, params_each: int = 1) -> Iterator[list]:
    """`values` in slices that fit one `IN (...)` query each.

    Django counts 999 parameters per statement on SQLite (`max_query_params`) and none on PostgreSQL, where one
    query then reads the whole file. `params_each` is the number of parameters one value takes.
    """
    values = list(values)
    limit = connections[using].features.max_query_params
    size = max(1, limit // params_each) if limit else max(1, len(values))
    for start in range(0, len(values), size):
        yield values[start:start + size]


class FileInstanceLoader(BaseInstanceLoader):
    """Finds the stored object each row updates in a table read once for the whole file.

    django-import-export's CachedInstanceLoader does this for one import id field; a product is identified by
    two (producer, name). The resource says how: `import_key(row)` (None when the row names no usable key: the
    row is then new, and import_instance reports its bad cells), `stored_instances(keys)` and `instance_key`.
    Objects created by earlier rows of the same file are found too (`CatalogResource.created_in_file`), so a
    repeated key updates that object, as when every row was saved before the next was read.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        keys = {key for row in dataset.dict if (key := resource.import_key(row)) is not None}
        self.stored: dict = {}
        for instance in resource.stored_instances(keys):
            self.stored.setdefault(resource.instance_key(instance), []).append(instance)

    def get_instance(self, row):
        key = self.resource.import_key(row)
        if key is None:
            return None
        if key in self.resource.created_in_file:
            return self.resource.created_in_file[key]
        found = self.stored.get(key, [])
        if len(found) > 1:
            # What QuerySet.get() said before; ProductResource turns it into a message (no constraint forbids it).
            raise self.resource._meta.model.MultipleObjectsReturned
        return found[0] if found else None


class CatalogImportResult(Result):
    """The library's import result, carrying `changed_ids` (see `CatalogResource.changed_ids`) to the view."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.changed_ids: frozenset[int] = frozenset()


# --- Resources ---------------------------------------------------------------------------------------------


class ListResource(NeutralisedExport, resources.ModelResource):
    """A secretariat list page's file (`?export=`, catalog.spreadsheets.requested_format): Vietnamese whatever the
    interface language (headers and choice labels, like the import files), every cell neutralised."""

    def export(self, *args, **kwargs):
        with translation.override("vi"):
            return super().export(*args, **kwargs)


class CatalogResource(NeutralisedExport, resources.ModelResource):
    """Shared rules: all-or-nothing imports, errors labelled by column header, blank rows ignored, per-file
    look-ups and batched writes.

    Hook for what must follow an import (the public listing rows): `changed_ids()`, also on the result as
    `result.changed_ids`, is the set of primary keys the last `import_data` stored, created or updated, once it
    is a real import that stored its rows (empty after a dry run or a rolled-back file). An unchanged row
    counts as updated, as in the totals. Imports run in a transaction; a caller inside an outer one hands the
    ids on with `transaction.on_commit`.
    """

    class Meta:
        # Rows are validated one by one, as before, but written in batches: Model.save() does not run, so
        # `before_save_instance` does what it did (the search columns).
        use_bulk = True
        batch_size = 1000
        instance_loader_class = FileInstanceLoader
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.created_in_file: dict = {}  # import key → object an earlier row of the file creates
        self._written: list = []
        self._dry_run = False
        self._changed_ids: frozenset[int] = frozenset()
        self._rollback_on_validation_errors = True

    @classmethod
    def get_result_class(cls):
        return CatalogImportResult

    # The per-file tables. Subclasses give their widgets what a row needs (`load_file_lookups`) and say how a
    # row and a stored object are matched (see FileInstanceLoader).

    def load_file_lookups(self, dataset) -> None:
        pass

    def import_key(self, row):
        raise NotImplementedError

    def instance_key(self, instance):
        raise NotImplementedError

    def stored_instances(self, keys: set) -> Iterable:
        raise NotImplementedError

    def column(self, dataset, field_name: str) -> list:
        """The cells of a field's column, or none when the file lacks the column."""
        header = self.fields[field_name].column_name
        return dataset[header] if header in dataset.headers else []

    # The import.

    def import_data(self, dataset, dry_run=False, **kwargs):
        # The admin's confirm step does not ask for this; without it good rows of a bad file would be stored.
        kwargs.setdefault("rollback_on_validation_errors", True)
        self._rollback_on_validation_errors = kwargs["rollback_on_validation_errors"]
        self._written = []
        self._dry_run = dry_run
        result = super().import_data(dataset, dry_run=dry_run, **kwargs)
        rolled_back = dry_run or result.has_errors() or (
            kwargs["rollback_on_validation_errors"] and result.has_validation_errors())
        self._changed_ids = frozenset() if rolled_back else frozenset(obj.pk for obj in self._written)
        result.changed_ids = self._changed_ids
        return result

    def changed_ids(self) -> frozenset[int]:
        """Primary keys the last real import stored (created or updated); see the class docstring."""
        return self._changed_ids

    def before_import(self, dataset, **kwargs):
        # Headers typed by hand or saved on another system: stray spaces and decomposed diacritics.
        dataset.headers = [_cell_text(header) if header is not None else header for header in dataset.headers]
        self.created_in_file = {}
        self.load_file_lookups(dataset)
        super().before_import(dataset, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Two checks of Model.full_clean that cost a query per row are made per file instead: a foreign key set
        # here came from a table just read from the database (or is the stored row's own), so it exists; and
        # the unique tax code is the import id, so a stored one is updated, never duplicated (the loader), and
        # a repeat within the file updates the object the earlier row creates. The database constraint stays.
        found = {field.name for field in instance._meta.concrete_fields
                 if field.is_relation and getattr(instance, field.attname) is not None}
        if self._meta.clean_model_instances:
            try:
                # validate_constraints=False for the same reason: the producer's unique tax code is a
                # constraint (unique only when there is one), which the loader already keeps.
                instance.full_clean(exclude={*errors, *found}, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            # People fix the file by its headers, not by our model's field names.
            headers = {field.attribute: field.column_name for field in self.fields.values() if field.attribute}
            raise ValidationError({
                key if key == NON_FIELD_ERRORS else headers.get(key, key): messages
                for key, messages in errors.items()
            })

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if all(_is_blank(value) for value in row.values()):
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        # What Model.save() would do and the batch writes skip (they do apply auto_now: both are inserts).
        set_search_fields(instance)

    def save_instance(self, instance, is_create, row, **kwargs):
        if not is_create and instance.pk is None:
            # A repeat of an object an earlier row creates: it waits in create_instances and now holds this
            # row's values; only its search columns need refolding.
            self.before_save_instance(instance, row, **kwargs)
            return
        if is_create:
            self.created_in_file[self.instance_key(instance)] = instance
        super().save_instance(instance, is_create, row, **kwargs)
        self._written.append(instance)

    def after_import(self, dataset, result, **kwargs):
        # Inside the import's transaction, after the last batch: the public listing rows of what changed follow
        # (a refused file rolls them back with the rows; a dry run, whose rows are rolled back, skips them).
        if self._written and not self._dry_run and not self._rolls_back(result):
            self.refresh_listings({obj.pk for obj in self._written if obj.pk})
        super().after_import(dataset, result, **kwargs)

    def refresh_listings(self, ids: set[int]) -> None:
        raise NotImplementedError

    def _rolls_back(self, result) -> bool:
        return result is not None and (
            result.has_errors() or (self._rollback_on_validation_errors and result.has_validation_errors()))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self._rolls_back(result):
            # A bad row was already found, so the whole file will be rolled back: writing the rest is wasted.
            self.create_instances.clear()
            return
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The library's batch update, written as an insert that updates on primary key conflict.

        Django's bulk_update sends one CASE WHEN per column and row, which Python takes milliseconds a row to
        build: most of the time of a file of updates. An upsert on the primary key writes the same columns as
        plain values. (The objects' created_at in memory becomes now; the stored one is kept.)
        """
        if self._rolls_back(result):
            self.update_instances.clear()
            return
        if self.update_instances and (using_transactions or not dry_run):
            model = self._meta.model
            # A stored object repeated in the file is listed once per row; PostgreSQL refuses to upsert a row
            # twice in one statement. It is the same object, holding the last row's values.
            objects = list({obj.pk: obj for obj in self.update_instances}.values())
            try:
                model.objects.bulk_create(objects, batch_size=batch_size, update_conflicts=True,
                                          unique_fields=[model._meta.pk.name],
                                          update_fields=self.get_bulk_update_fields())
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def get_bulk_update_fields(self):
        # Every column but the key and creation time, as Model.save() writes them: the file's fields, the search
        # columns, updated_at.
        return [field.name for field in self._meta.model._meta.concrete_fields
                if not field.primary_key and field.name != "created_at"]


class ProducerResource(CatalogResource):
    def refresh_listings(self, ids):
        listing.refresh_producers(ids)

    name = fields.Field(attribute="name", column_name="Tên cơ sở", widget=TextWidget())
    legal_form = fields.Field(attribute="legal_form", column_name="Loại hình",
                              widget=ChoiceWidget(enums.LegalForm, what=gettext_lazy("Loại hình")))
    tax_code = fields.Field(attribute="tax_code", column_name="Mã số thuế", widget=TaxCodeWidget())
    address = fields.Field(attribute="address", column_name="Địa chỉ", widget=TextWidget())
    province = fields.Field(attribute="province", column_name="Tỉnh/thành phố", widget=ProvinceWidget())
    commune = fields.Field(attribute="commune", column_name="Xã/phường", widget=TextWidget())
    representative = fields.Field(attribute="representative", column_name="Người đại diện", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="Điện thoại", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="E-mail", widget=TextWidget())
    website = fields.Field(attribute="website", column_name="Website", widget=TextWidget())
    year_founded = fields.Field(attribute="year_founded", column_name="Năm thành lập", widget=WholeNumberWidget())
    employees = fields.Field(attribute="employees", column_name="Số lao động", widget=WholeNumberWidget())
    description = fields.Field(attribute="description", column_name="Giới thiệu", widget=TextWidget())
    publish_contacts = fields.Field(attribute="publish_contacts", column_name="Công khai liên hệ",
                                    widget=YesNoWidget())

    class Meta:
        model = Producer
        fields = ("name", "legal_form", "tax_code", "address", "province", "commune", "representative", "phone",
                  "email", "website", "year_founded", "employees", "description", "publish_contacts")
        import_id_fields = ("tax_code",)

    def get_queryset(self):
        return super().get_queryset().select_related("province")

    def load_file_lookups(self, dataset) -> None:
        self.fields["province"].widget.index = ProvinceIndex.load()

    def import_key(self, row):
        if self.fields["tax_code"].column_name not in row:
            return None
        return self.fields["tax_code"].clean(row) or None

    def instance_key(self, instance):
        return instance.tax_code

    def stored_instances(self, keys):
        for chunk in _in_chunks(keys, using=self.get_db_connection_name()):
            yield from self.get_queryset().filter(tax_code__in=chunk)

    @classmethod
    def get_display_name(cls):
        return _("Cơ sở sản xuất")


class ProductResource(CatalogResource):
    def refresh_listings(self, ids):
        listing.refresh(ids)

    producer = fields.Field(attribute="producer", column_name="Mã số thuế cơ sở",
                            widget=ProducerByTaxCodeWidget())
    # Export only: lets a person reading the file see whose product it is.
    producer_name = fields.Field(attribute="producer__name", column_name="Tên cơ sở", readonly=True)
    group = fields.Field(attribute="group", column_name="Nhóm sản phẩm",
                         widget=ChoiceWidget(enums.ProductGroup, what=gettext_lazy("Nhóm sản phẩm")))
    name = fields.Field(attribute="name", column_name="Tên sản phẩm", widget=TextWidget())
    is_set = fields.Field(attribute="is_set", column_name="Bộ sản phẩm", widget=YesNoWidget())
    description = fields.Field(attribute="description", column_name="Mô tả", widget=TextWidget())
    materials = fields.Field(attribute="materials", column_name="Nguyên liệu", widget=TextWidget())
    specifications = fields.Field(attribute="specifications", column_name="Quy cách, thông số kỹ thuật",
                                  widget=TextWidget())
    production_capacity = fields.Field(attribute="production_capacity", column_name="Năng lực sản xuất",
                                       widget=TextWidget())
    price_range = fields.Field(attribute="price_range", column_name="Khoảng giá", widget=TextWidget())
    market = fields.Field(attribute="market", column_name="Thị trường",
                          widget=ChoiceWidget(enums.Market, what=gettext_lazy("Thị trường"),
                                              default=enums.Market.DOMESTIC))
    standards = fields.Field(attribute="standards", column_name="Tiêu chuẩn, chứng nhận", widget=TextWidget())
    year_first_produced = fields.Field(attribute="year_first_produced", column_name="Năm bắt đầu sản xuất",
                                       widget=WholeNumberWidget())

    class Meta:
        model = Product
        fields = ("producer", "producer_name", "group", "name", "is_set", "description", "materials",
                  "specifications", "production_capacity", "price_range", "market", "standards",
                  "year_first_produced")
        import_id_fields = ("producer", "name")

    def get_queryset(self):
        return super().get_queryset().select_related("producer")

    def load_file_lookups(self, dataset) -> None:
        tax_codes = {code for cell in self.column(dataset, "producer") if (code := TaxCodeWidget().clean(cell))}
        producers = {}
        for chunk in _in_chunks(tax_codes, using=self.get_db_connection_name()):
            producers.update((p.tax_code, p) for p in Producer.objects.filter(tax_code__in=chunk))
        self.fields["producer"].widget.producers = producers

    def import_key(self, row):
        if any(self.fields[name].column_name not in row for name in ("producer", "name")):
            return None
        try:
            producer = self.fields["producer"].clean(row)
        except ValueError:
            return None  # an unknown producer: the row is new, and import_instance reports the cell
        return producer.pk, self.fields["name"].clean(row)

    def instance_key(self, instance):
        return instance.producer_id, instance.name

    def stored_instances(self, keys):
        for chunk in _in_chunks(keys, using=self.get_db_connection_name(), params_each=2):
            # Producers and names each in a list: a few more rows than asked (another producer's name) come
            # back and are never matched.
            yield from self.get_queryset().filter(producer_id__in={producer for producer, _name in chunk},
                                                  name__in={name for _producer, name in chunk})

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except Product.MultipleObjectsReturned:
            name = self.fields["name"].column_name
            raise ValidationError({name: _(
                "Cơ sở này đã có nhiều sản phẩm cùng tên “%(name)s”; hãy gộp hoặc đổi tên chúng trong trang "
                "quản trị rồi nhập lại.") % {"name": row[name]}}) from None

    @classmethod
    def get_display_name(cls):
        return _("Sản phẩm")

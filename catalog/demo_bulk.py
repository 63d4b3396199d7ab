"""The large part of the demo catalogue: ~180 producers' products from the word lists (catalog.demo_words), the
products of the dossier personas and of the round being scored, each with generated photos (catalog.demo_photos).

Rows are written in bulk (the search columns filled as Product.save fills them); photos go through
catalog.uploads.add_photo, which re-encodes them and makes the thumbnails. Bulk products get one photo, the
personas' and the scoring round's products three (front, side, top). Idempotent by tax code and product name.
"""

from dataclasses import dataclass

from . import enums
from .demo_photos import demo_upload
from .demo_words import bulk_catalogue
from .geography import resolve_province
from .models import Producer, Product, User, set_search_fields
from .uploads import add_photo

G, F = enums.ProductGroup, enums.LegalForm
VIEWS = (enums.PhotoRole.FRONT, enums.PhotoRole.SIDE, enums.PhotoRole.TOP)
# 640 px wide: the largest thumbnail (1280) is then the image itself, one WebP encode fewer per bulk product.
BULK_WIDTH = 640
VIEW_CAPTIONS = {enums.PhotoRole.FRONT: "mặt trước", enums.PhotoRole.SIDE: "mặt bên", enums.PhotoRole.TOP: "mặt trên"}


@dataclass(frozen=True)
class Featured:
    """A hand-written producer with one product (three photos), for a persona or a round in progress."""

    key: str  # what the rounds' seed looks it up by
    tax_code: str
    producer: str
    legal_form: str
    province: str
    commune: str
    representative: str
    product: str
    group: str
    shape: str
    materials: str
    account: str = ""  # the persona's login (catalog.demo.ACCOUNTS), linked to the producer


FEATURED = [
    Featured("draft", "8801000001", "Cơ sở Thêu tay Quất Động", F.HOUSEHOLD, "Hà Nội", "Xã Thường Tín",
             "Lê Thị Nhàn", "Tranh thêu tay phong cảnh Hồ Gươm", G.HANDICRAFT, "frame", "Vải lụa, chỉ tơ tằm",
             "hoso.nhap@demo.vn"),
    Featured("submitted", "8801000002", "Hợp tác xã Bèo bồng Phú Túc", F.COOPERATIVE, "Hà Nội", "Xã Phú Xuyên",
             "Trịnh Văn Nộp", "Làn bèo bồng đan tay", G.HANDICRAFT, "basket", "Cây bèo bồng phơi khô, khung mây",
             "hoso.danop@demo.vn"),
    Featured("returned", "8801000003", "Cơ sở Miến dong Cự Đà", F.HOUSEHOLD, "Hà Nội", "Xã Bình Minh",
             "Đào Thị Thu", "Miến dong Cự Đà sợi nhỏ", G.FOOD, "box", "Tinh bột dong riềng",
             "hoso.tralai@demo.vn"),
    Featured("scored", "8801000004", "Công ty TNHH Cơ khí Hóc Môn", F.SME, "TP HCM", "Xã Hóc Môn",
             "Lý Minh Châu", "Máy cắt cỏ đẩy tay Hóc Môn", G.MACHINERY, "machine", "Thép, động cơ xăng 4 thì",
             "hoso.dangcham@demo.vn"),
    Featured("not_recognised", "8801000005", "Cơ sở Quạt giấy Chàng Sơn", F.HOUSEHOLD, "Hà Nội", "Xã Tây Phương",
             "Nguyễn Văn Khôi", "Quạt giấy Chàng Sơn vẽ tay", G.HANDICRAFT, "frame", "Giấy dó, nan tre",
             "hoso.khongdat@demo.vn"),
    Featured("recognised", "8801000006", "Hợp tác xã Gốm Kim Lan", F.COOPERATIVE, "Hà Nội", "Xã Gia Lâm",
             "Phạm Thị Lành", "Bình gốm Kim Lan men nâu", G.HANDICRAFT, "vase", "Đất sét, men nâu",
             "hoso.congnhan@demo.vn"),
    Featured("complaint", "8801000007", "Công ty TNHH Đồ đồng Đại Bái", F.SME, "Bắc Ninh", "Xã Đại Lai",
             "Nguyễn Văn Bái", "Đỉnh đồng Đại Bái chạm rồng", G.HANDICRAFT, "jar", "Đồng vàng, đúc khuôn đất",
             "hoso.khieunai@demo.vn"),
    # The rest of the TP HCM round being scored.
    Featured("hcm1", "8801000011", "Hợp tác xã Gốm Lái Thiêu", F.COOPERATIVE, "Bình Dương", "Phường Lái Thiêu",
             "Trần Văn Thiêu", "Gốm Lái Thiêu vẽ gà", G.HANDICRAFT, "vase", "Cao lanh, men trắng"),
    Featured("hcm2", "8801000012", "Cơ sở Sơn mài Tương Bình Hiệp", F.HOUSEHOLD, "Bình Dương", "Phường Thủ Dầu Một",
             "Võ Thị Hiệp", "Bình phong sơn mài Tương Bình Hiệp", G.HANDICRAFT, "frame", "Gỗ, sơn ta, vỏ trứng"),
    Featured("hcm3", "8801000013", "Công ty TNHH Bánh tráng Phú Hòa Đông", F.SME, "TP HCM", "Xã Phú Hòa Đông",
             "Lê Văn Đông", "Bánh tráng nướng Phú Hòa Đông", G.FOOD, "box", "Gạo, mè đen, nước cốt dừa"),
    Featured("hcm4", "8801000014", "Hợp tác xã Cơ khí Bình Chánh", F.COOPERATIVE, "TP HCM", "Xã Bình Chánh",
             "Huỳnh Văn Chánh", "Máy làm đá viên công nghiệp", G.MACHINERY, "machine", "Inox 304, máy nén"),
    Featured("hcm5", "8801000015", "Tổ hợp tác Lục bình Cần Giờ", F.COOPERATIVE_GROUP, "TP HCM", "Xã Cần Giờ",
             "Nguyễn Thị Giờ", "Giỏ lục bình Cần Giờ", G.OTHER, "basket", "Thân lục bình phơi khô"),
]


def featured_product(key: str) -> Product | None:
    spec = next(f for f in FEATURED if f.key == key)
    return Product.objects.filter(producer__tax_code=spec.tax_code, name=spec.product).select_related(
        "producer").first()


def _producer_row(tax_code, name, form, province, commune, representative) -> Producer:
    producer = Producer(
        tax_code=tax_code, name=name, legal_form=form, province=province, commune=commune,
        address=f"{commune}, {province.name}", representative=representative,
        phone=f"0{tax_code[2:5]} {tax_code[5:8]} {tax_code[8:]}", email=f"lienhe.{tax_code}@demo.vn",
        year_founded=1985 + int(tax_code[-3:]) % 35, employees=6 + int(tax_code[-4:]) % 140,
        description=f"{name} ở {commune}, {province.name}, sản xuất theo nghề truyền thống của địa phương.",
        publish_contacts=int(tax_code[-1]) % 2 == 0,
    )
    set_search_fields(producer)
    return producer


def _product_row(producer, name, group, materials, description, price, capacity) -> Product:
    product = Product(
        producer=producer, name=name, group=group, materials=materials, description=description,
        production_capacity=capacity, price_range=price, standards="TCCS 01:2025",
        market=enums.Market.BOTH if group in (G.HANDICRAFT, G.OTHER) else enums.Market.DOMESTIC,
        year_first_produced=1995 + len(name) % 25,
    )
    set_search_fields(product)
    return product


def seed_bulk_catalog(accounts: dict[str, User]) -> None:
    """Create what is missing of the bulk and featured producers and products, then their photos."""
    producers = {p.tax_code: p for p in Producer.objects.filter(tax_code__startswith="88")}
    producers |= {p.tax_code: p for p in Producer.objects.filter(tax_code__startswith="89")}
    new = {}
    provinces = {}

    def province(name):
        if name not in provinces:
            provinces[name] = resolve_province(name)
        return provinces[name]

    catalogue = bulk_catalogue()
    for item in catalogue:
        p = item.producer
        if p.tax_code not in producers and p.tax_code not in new:
            new[p.tax_code] = _producer_row(p.tax_code, p.name, p.legal_form, province(p.province), p.commune,
                                            p.representative)
    for f in FEATURED:
        if f.tax_code not in producers:
            new[f.tax_code] = _producer_row(f.tax_code, f.producer, f.legal_form, province(f.province), f.commune,
                                            f.representative)
    Producer.objects.bulk_create(new.values())
    producers |= {p.tax_code: p for p in Producer.objects.filter(tax_code__in=new)}
    for f in FEATURED:
        if f.account:
            producers[f.tax_code].users.add(accounts[f.account])

    existing = set(Product.objects.filter(producer__in=producers.values()).values_list("producer__tax_code", "name"))
    rows, shapes, featured = [], {}, set()
    for item in catalogue:
        shapes[(item.producer.tax_code, item.name)] = (item.group, item.shape)
        if (item.producer.tax_code, item.name) not in existing:
            rows.append(_product_row(producers[item.producer.tax_code], item.name, item.group, item.materials,
                                     item.description, item.price_range, item.production_capacity))
    for f in FEATURED:
        shapes[(f.tax_code, f.product)] = (f.group, f.shape)
        featured.add((f.tax_code, f.product))
        if (f.tax_code, f.product) not in existing:
            rows.append(_product_row(
                producers[f.tax_code], f.product, f.group, f.materials,
                f"{f.product} của {f.producer}, sản xuất tại {f.commune}.",
                "120.000 – 2.400.000 đồng", "1.200 sản phẩm/năm"))
    Product.objects.bulk_create(rows)

    for product in Product.objects.filter(producer__in=producers.values(), photos__isnull=True).select_related(
            "producer"):
        key = (product.producer.tax_code, product.name)
        group, shape = shapes[key]
        width = 800 if key in featured else BULK_WIDTH
        for view in VIEWS if key in featured else VIEWS[:1]:
            add_photo(product=product, upload=demo_upload(product.name, group, shape, view, width), role=view,
                      caption=f"{product.name} – {VIEW_CAPTIONS[view]}")

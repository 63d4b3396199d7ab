"""Demo data for the catalog: accounts for each role, producers across the four groups and many provinces,
products with generated photos. Idempotent: every row is found by a stable key before it is created."""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import enums
from .demo_bulk import seed_bulk_catalog
from .demo_photos import demo_upload
from .geography import resolve_province
from .models import Producer, Product, Region, User
from .uploads import add_photo

DEMO_PASSWORD = "CnntDemo2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    scope_level: str = ""
    scope_province: str = ""
    scope_region: str = ""
    is_staff: bool = False
    is_superuser: bool = False
    look_at: str = ""  # what this persona shows, for the table the demo command prints


ACCOUNTS = [
    DemoAccount("quantri@demo.vn", "Quản trị hệ thống", enums.Role.ADMIN, is_staff=True, is_superuser=True),
    DemoAccount("thuky.hanoi@demo.vn", "Phạm Thu Hà (Sở Công Thương Hà Nội)", enums.Role.SECRETARIAT,
                scope_level=enums.ScopeLevel.PROVINCE, scope_province="Hà Nội"),
    DemoAccount("thuky.mienbac@demo.vn", "Đỗ Minh Quân (khu vực phía Bắc)", enums.Role.SECRETARIAT,
                scope_level=enums.ScopeLevel.REGION, scope_region="north"),
    DemoAccount("thuky.quocgia@demo.vn", "Vũ Thị Lan (Cục Công Thương địa phương)", enums.Role.SECRETARIAT,
                scope_level=enums.ScopeLevel.NATIONAL),
    DemoAccount("giamkhao1@demo.vn", "TS. Nguyễn Văn Hùng", enums.Role.JURY),
    DemoAccount("giamkhao2@demo.vn", "ThS. Lê Thị Mai", enums.Role.JURY),
    DemoAccount("giamkhao3@demo.vn", "Nghệ nhân Trần Văn Tâm", enums.Role.JURY),
    DemoAccount("sanxuat@demo.vn", "Nguyễn Thị Hoa (HTX Gốm Bát Tràng)", enums.Role.PRODUCER),
    DemoAccount("sanxuat2@demo.vn", "Hoàng Văn Đức (Đồ gỗ Đồng Kỵ)", enums.Role.PRODUCER),
    # One producer per dossier state (catalog.demo_bulk.FEATURED, awards.demo_catalogue), and who runs their rounds.
    DemoAccount("thuky.hcm@demo.vn", "Trần Minh Tâm (Sở Công Thương TP HCM)", enums.Role.SECRETARIAT,
                scope_level=enums.ScopeLevel.PROVINCE, scope_province="TP HCM",
                look_at="Đợt TP HCM 2026 đang chấm: tiến độ chấm, phiếu đã nộp và phiếu đang dở"),
    DemoAccount("thuky.miennam@demo.vn", "Lâm Thị Ngọc (khu vực phía Nam)", enums.Role.SECRETARIAT,
                scope_level=enums.ScopeLevel.REGION, scope_region="south",
                look_at="Đợt khu vực phía Nam 2025 đã công bố, giấy chứng nhận"),
    DemoAccount("giamkhao4@demo.vn", "TS. Võ Thành Nam", enums.Role.JURY,
                look_at="Đợt TP HCM 2026: ba phiếu đã nộp"),
    DemoAccount("giamkhao5@demo.vn", "ThS. Đinh Thị Phương", enums.Role.JURY,
                look_at="Đợt TP HCM 2026: hai phiếu chấm dở"),
    DemoAccount("hoso.nhap@demo.vn", "Lê Thị Nhàn (Thêu tay Quất Động)", enums.Role.PRODUCER,
                look_at="Hồ sơ đang soạn, chưa nộp (đợt Hà Nội 2026)"),
    DemoAccount("hoso.danop@demo.vn", "Trịnh Văn Nộp (HTX Bèo bồng Phú Túc)", enums.Role.PRODUCER,
                look_at="Hồ sơ đã nộp, chờ thư ký kiểm tra (đợt Hà Nội 2026)"),
    DemoAccount("hoso.tralai@demo.vn", "Đào Thị Thu (Miến dong Cự Đà)", enums.Role.PRODUCER,
                look_at="Hồ sơ bị trả lại để bổ sung, có lý do của thư ký (đợt Hà Nội 2026)"),
    DemoAccount("hoso.dangcham@demo.vn", "Lý Minh Châu (Cơ khí Hóc Môn)", enums.Role.PRODUCER,
                look_at="Hồ sơ đã tiếp nhận, đang được chấm (đợt TP HCM 2026)"),
    DemoAccount("hoso.khongdat@demo.vn", "Nguyễn Văn Khôi (Quạt giấy Chàng Sơn)", enums.Role.PRODUCER,
                look_at="Kết quả: không được công nhận, có lý do (đợt Hà Nội 2025)"),
    DemoAccount("hoso.congnhan@demo.vn", "Phạm Thị Lành (HTX Gốm Kim Lan)", enums.Role.PRODUCER,
                look_at="Kết quả: được công nhận, giấy chứng nhận còn hiệu lực (đợt Hà Nội 2025)"),
    DemoAccount("hoso.khieunai@demo.vn", "Nguyễn Văn Bái (Đồ đồng Đại Bái)", enums.Role.PRODUCER,
                look_at="Khiếu nại kết quả đợt quốc gia đã công bố, chờ trả lời"),
]

G = enums.ProductGroup
PRODUCERS = [
    # (tax code, name, legal form, province as people write it, commune, representative, account, products)
    ("0101234567", "Hợp tác xã Gốm sứ Bát Tràng", enums.LegalForm.COOPERATIVE, "Hà Nội", "Xã Bát Tràng",
     "Nguyễn Thị Hoa", "sanxuat@demo.vn", [
         (G.HANDICRAFT, "Bình hút lộc men rạn cổ", False, "Đất sét trắng, men rạn tro trấu"),
         (G.HANDICRAFT, "Bộ ấm chén men lam vẽ tay", True, "Cao lanh, men lam"),
     ]),
    ("2300456789", "Cơ sở Đồ gỗ mỹ nghệ Đồng Kỵ", enums.LegalForm.HOUSEHOLD, "Bắc Ninh", "Phường Đồng Kỵ",
     "Hoàng Văn Đức", "sanxuat2@demo.vn", [
         (G.HANDICRAFT, "Tủ chè khảm trai tứ quý", False, "Gỗ gụ, xà cừ"),
         (G.HANDICRAFT, "Sập gụ chạm tứ linh", False, "Gỗ gụ"),
     ]),
    ("0500112233", "Công ty TNHH Mây tre đan Phú Vinh", enums.LegalForm.SME, "Hà Nội", "Xã Phú Nghĩa",
     "Đặng Văn Toàn", "", [
         (G.HANDICRAFT, "Giỏ mây đan hoa văn cổ", False, "Mây, song"),
         (G.OTHER, "Bộ hộp mây đựng trà", True, "Mây, tre"),
     ]),
    ("4600778899", "Hợp tác xã Chè Tân Cương", enums.LegalForm.COOPERATIVE, "Thái Nguyên", "Xã Tân Cương",
     "Trần Thị Liên", "", [(G.FOOD, "Chè búp Tân Cương đặc biệt", False, "Búp chè một tôm hai lá")]),
    ("1700334455", "Công ty Cổ phần Nước mắm Hưng Thịnh", enums.LegalForm.SME, "Kiên Giang", "Đặc khu Phú Quốc",
     "Lâm Văn Phúc", "", [(G.FOOD, "Nước mắm cá cơm 40 độ đạm", False, "Cá cơm than, muối biển")]),
    ("2200556677", "Hộ kinh doanh Bánh pía Vũng Thơm", enums.LegalForm.HOUSEHOLD, "Sóc Trăng", "Phường Phú Lợi",
     "Trương Mỹ Linh", "", [(G.FOOD, "Bánh pía sầu riêng trứng muối", False, "Bột mì, sầu riêng, trứng muối")]),
    ("0107998877", "Cơ sở Cơ khí Phùng Xá", enums.LegalForm.HOUSEHOLD, "Hà Nội", "Xã Tây Phương",
     "Nguyễn Đình Khải", "", [(G.MACHINERY, "Máy tuốt lúa liên hợp mini", False, "Thép CT3, động cơ 5,5 kW")]),
    ("2700223344", "Hợp tác xã Cơ khí Yên Ninh", enums.LegalForm.COOPERATIVE, "Ninh Bình", "Phường Yên Ninh",
     "Phạm Văn Thắng", "", [(G.MACHINERY, "Máy ép mía siêu sạch", False, "Inox 304")]),
    ("2800667788", "Công ty TNHH Chổi đót Nga Sơn", enums.LegalForm.SME, "Thanh Hóa", "Xã Nga Sơn",
     "Mai Văn Cường", "", [(G.OTHER, "Chổi đót xuất khẩu", False, "Bông đót, tre")]),
    ("3300889900", "Hộ kinh doanh Nón lá Tây Hồ", enums.LegalForm.HOUSEHOLD, "Thừa Thiên Huế", "Phường Thuận Hóa",
     "Hồ Thị Nhung", "", [(G.HANDICRAFT, "Nón bài thơ Huế", False, "Lá nón, tre, chỉ cước")]),
    ("5800445566", "Hợp tác xã Cà phê Cầu Đất", enums.LegalForm.COOPERATIVE, "Lâm Đồng", "Phường Xuân Trường",
     "K'Brơi", "", [(G.FOOD, "Cà phê Arabica Cầu Đất rang xay", False, "Hạt Arabica")]),
    ("1300990011", "Công ty TNHH Kẹo dừa Thanh Long", enums.LegalForm.SME, "Bến Tre", "Phường An Hội",
     "Võ Thanh Long", "", [(G.FOOD, "Kẹo dừa sáp dứa", False, "Cơm dừa, mạch nha, lá dứa")]),
    ("0400112200", "Cơ sở Đá mỹ nghệ Non Nước", enums.LegalForm.HOUSEHOLD, "Đà Nẵng", "Phường Ngũ Hành Sơn",
     "Huỳnh Văn Sơn", "", [(G.HANDICRAFT, "Tượng đá cẩm thạch Quan Âm", False, "Đá cẩm thạch")]),
    ("5400332211", "Tổ hợp tác Dệt thổ cẩm Bản Lác", enums.LegalForm.COOPERATIVE_GROUP, "Hòa Bình", "Xã Mai Châu",
     "Hà Thị Xuân", "", [(G.HANDICRAFT, "Khăn thổ cẩm Mai Châu", False, "Sợi bông nhuộm chàm")]),
    ("0312345678", "Công ty TNHH Cơ khí Nông nghiệp Sài Gòn", enums.LegalForm.SME, "TP HCM", "Xã Củ Chi",
     "Lý Quốc Bảo", "", [(G.MACHINERY, "Máy sấy nông sản năng lượng mặt trời", False, "Khung nhôm, tấm pin")]),
    ("1500778800", "Hợp tác xã Thảm xơ dừa Mỏ Cày", enums.LegalForm.COOPERATIVE, "Bến Tre", "Xã Mỏ Cày",
     "Nguyễn Văn Bé", "", [(G.OTHER, "Thảm xơ dừa trải sàn", False, "Xơ dừa")]),
]

PHOTO_ROLES = [enums.PhotoRole.FRONT, enums.PhotoRole.SIDE, enums.PhotoRole.TOP]
ROLE_CAPTIONS = {enums.PhotoRole.FRONT: "mặt trước", enums.PhotoRole.SIDE: "mặt bên", enums.PhotoRole.TOP: "mặt trên"}
# The photo shape of each hand-written product (catalog.demo_photos.SHAPES).
SHAPE_OF = {
    "Bình hút lộc men rạn cổ": "vase", "Bộ ấm chén men lam vẽ tay": "jar", "Tủ chè khảm trai tứ quý": "cabinet",
    "Sập gụ chạm tứ linh": "cabinet", "Giỏ mây đan hoa văn cổ": "basket", "Bộ hộp mây đựng trà": "basket",
    "Chè búp Tân Cương đặc biệt": "box", "Nước mắm cá cơm 40 độ đạm": "bottle",
    "Bánh pía sầu riêng trứng muối": "box", "Máy tuốt lúa liên hợp mini": "machine",
    "Máy ép mía siêu sạch": "machine", "Chổi đót xuất khẩu": "broom", "Nón bài thơ Huế": "hat",
    "Cà phê Arabica Cầu Đất rang xay": "box", "Kẹo dừa sáp dứa": "box", "Tượng đá cẩm thạch Quan Âm": "statue",
    "Khăn thổ cẩm Mai Châu": "textile", "Máy sấy nông sản năng lượng mặt trời": "machine",
    "Thảm xơ dừa trải sàn": "mat",
}


def demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once for every demo account: hashing is slow on purpose (PBKDF2), and ~40 accounts
    hashed one by one took most of the seeding time. Shared demo logins need no salt of their own. Keyed by
    the hasher in use (the tests use a fast one), so a hash is only reused where it can be checked."""
    return _hash_with(settings.PASSWORD_HASHERS[0])


@functools.cache
def _hash_with(hasher: str) -> str:
    return make_password(DEMO_PASSWORD)


@transaction.atomic
def seed_catalog(*, stdout=None) -> dict[str, User]:
    """Create (or find) the demo accounts, producers, products and photos. Returns accounts by e-mail."""
    accounts = {}
    for spec in ACCOUNTS:
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            user = User.objects.create_user(
                spec.email, None, full_name=spec.full_name, role=spec.role, scope_level=spec.scope_level,
                scope_province=resolve_province(spec.scope_province) if spec.scope_province else None,
                scope_region_id=_region_id(spec.scope_region), is_staff=spec.is_staff,
                is_superuser=spec.is_superuser,
            )
            user.password = demo_password_hash()
            user.save(update_fields=["password"])
        accounts[spec.email] = user

    for tax_code, name, form, province_name, commune, representative, account, products in PRODUCERS:
        province = resolve_province(province_name)
        producer, _created = Producer.objects.get_or_create(
            tax_code=tax_code,
            defaults={
                "name": name, "legal_form": form, "province": province, "commune": commune,
                "address": f"{commune}, {province.name}", "representative": representative,
                "phone": f"0{tax_code[1:4]} {tax_code[4:7]} {tax_code[7:]}", "email": f"lienhe.{tax_code}@demo.vn",
                "year_founded": 1990 + int(tax_code[-2:]) % 30, "employees": 8 + int(tax_code[-3:]) % 120,
                "description": f"{name} sản xuất theo nghề truyền thống của địa phương.",
                "publish_contacts": int(tax_code[-1]) % 2 == 0,
            },
        )
        if account:
            producer.users.add(accounts[account])
        for group, product_name, is_set, materials in products:
            product, _created = Product.objects.get_or_create(
                producer=producer, name=product_name,
                defaults={
                    "group": group, "is_set": is_set, "materials": materials,
                    "description": f"{product_name} của {name}, làm thủ công kết hợp máy móc hiện đại.",
                    "production_capacity": "2.000 sản phẩm/năm", "price_range": "350.000 – 2.500.000 đồng",
                    "market": enums.Market.BOTH if group == G.HANDICRAFT else enums.Market.DOMESTIC,
                    "standards": "TCCS 01:2024", "year_first_produced": 2012,
                },
            )
            if not product.photos.exists():
                for role in PHOTO_ROLES:
                    upload = demo_upload(product_name, group, SHAPE_OF[product_name], role)
                    add_photo(product=product, upload=upload, role=role,
                              caption=f"{product_name} – {ROLE_CAPTIONS[role]}")
    seed_bulk_catalog(accounts)
    if stdout:
        stdout.write(f"Catalog: {Producer.objects.count()} producers, {Product.objects.count()} products.")
    return accounts


def _region_id(code: str) -> int | None:
    return Region.objects.get(code=code).pk if code else None

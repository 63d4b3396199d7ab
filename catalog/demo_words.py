"""Curated word lists for the large demo catalogue: craft villages, what each makes, who makes it.

Pure data and one pure generator (`bulk_catalogue`): the same list every run (a seeded RNG), so seeding is
idempotent by (tax code, product name) and the tests can count what it makes. Names are written the way the
producers write them ("Lụa tơ tằm Vạn Phúc dệt vân"), with old place names where the product keeps them.
"""

import random
from dataclasses import dataclass

from . import enums

G = enums.ProductGroup
F = enums.LegalForm


@dataclass(frozen=True)
class Kind:
    """One thing a village makes: the start of its name, its photo shape, its materials, its name endings."""

    base: str
    shape: str
    materials: str
    endings: tuple[str, ...]
    price: str
    capacity: str


@dataclass(frozen=True)
class Village:
    """A craft village (or producing area): where it is, which round recognises it first, what it makes."""

    name: str
    group: str
    province: str  # as people write it; catalog.geography.resolve_province files old names under today's units
    commune: str
    craft: str  # the trade, for producer names ("Gốm sứ", "Mây tre đan")
    home_level: str  # the level of the round that first recognised its products
    kinds: tuple[Kind, ...]


def _k(base, shape, materials, endings, price="150.000 – 1.500.000 đồng", capacity="3.000 sản phẩm/năm"):
    return Kind(base, shape, materials, tuple(endings.split("|")), price, capacity)


L = enums.Level
VILLAGES = (
    # --- Thủ công mỹ nghệ ---------------------------------------------------------------------------------
    Village("Bát Tràng", G.HANDICRAFT, "Hà Nội", "Xã Bát Tràng", "Gốm sứ", L.COMMUNE, (
        _k("Bình gốm Bát Tràng", "vase", "Đất sét trắng, men tro trấu", "men rạn cổ|men lam vẽ sen|đắp nổi tứ linh"),
        _k("Chum gốm Bát Tràng", "jar", "Đất sét, men nâu da lươn", "men nâu|dáng bom|khắc chìm hoa dây"),
        _k("Lọ hoa Bát Tràng", "vase", "Cao lanh, men ngọc", "men ngọc|men hoa biến|vẽ tay phong cảnh"),
    )),
    Village("Vạn Phúc", G.HANDICRAFT, "Hà Nội", "Phường Hà Đông", "Dệt lụa", L.PROVINCE, (
        _k("Lụa tơ tằm Vạn Phúc", "textile", "Tơ tằm tự nhiên", "dệt vân|hoa văn triện|nhuộm lá bàng"),
        _k("Khăn lụa Vạn Phúc", "textile", "Tơ tằm, thuốc nhuộm thực vật", "in hoa sen|vẽ tay|hai lớp"),
    )),
    Village("Phú Vinh", G.HANDICRAFT, "Hà Nội", "Xã Phú Nghĩa", "Mây tre đan", L.PROVINCE, (
        _k("Giỏ mây Phú Vinh", "basket", "Mây, song", "đan mắt cáo|viền tre hun khói|có nắp"),
        _k("Khay mây Phú Vinh", "basket", "Mây, tre cật", "hình bầu dục|hai tầng|đan nong mốt"),
    )),
    Village("Chuông", G.HANDICRAFT, "Hà Nội", "Xã Phương Trung", "Nón lá", L.PROVINCE, (
        _k("Nón lá làng Chuông", "hat", "Lá cọ, tre, chỉ cước", "mười sáu vành|quai lụa|sơn dầu"),
    )),
    Village("Đồng Kỵ", G.HANDICRAFT, "Bắc Ninh", "Phường Đồng Kỵ", "Đồ gỗ mỹ nghệ", L.PROVINCE, (
        _k("Tủ gỗ Đồng Kỵ", "cabinet", "Gỗ gụ, xà cừ", "khảm trai tứ quý|chạm đào|ba buồng",
           "12.000.000 – 85.000.000 đồng", "150 sản phẩm/năm"),
        _k("Bàn trà gỗ Đồng Kỵ", "cabinet", "Gỗ hương, gỗ gụ", "chân quỳ|mặt đá|chạm mai điểu",
           "6.500.000 – 30.000.000 đồng", "300 sản phẩm/năm"),
    )),
    Village("Kim Sơn", G.HANDICRAFT, "Ninh Bình", "Xã Kim Sơn", "Cói", L.DISTRICT, (
        _k("Chiếu cói Kim Sơn", "mat", "Cói, đay", "dệt hoa|nhuộm đỏ|hai mặt"),
        _k("Túi cói Kim Sơn", "basket", "Cói se sợi", "quai da|thêu hoa|đan lượn sóng"),
    )),
    Village("Mai Châu", G.HANDICRAFT, "Hòa Bình", "Xã Mai Châu", "Dệt thổ cẩm", L.PROVINCE, (
        _k("Khăn thổ cẩm Mai Châu", "textile", "Sợi bông nhuộm chàm", "hoa văn trám|dệt tay|tua rua"),
        _k("Túi thổ cẩm Mai Châu", "basket", "Vải thổ cẩm, dây da", "đeo chéo|có khóa|hoa văn sao"),
    )),
    Village("Non Nước", G.HANDICRAFT, "Đà Nẵng", "Phường Ngũ Hành Sơn", "Đá mỹ nghệ", L.PROVINCE, (
        _k("Tượng đá Non Nước", "statue", "Đá cẩm thạch", "Phật Di Lặc|thiếu nữ|tùng hạc",
           "2.500.000 – 45.000.000 đồng", "400 sản phẩm/năm"),
        _k("Lư hương đá Non Nước", "jar", "Đá trắng Ngũ Hành Sơn", "chạm rồng|ba chân|mài bóng"),
    )),
    Village("Hạ Thái", G.HANDICRAFT, "Hà Nội", "Xã Thường Tín", "Sơn mài", L.PROVINCE, (
        _k("Tranh sơn mài Hạ Thái", "frame", "Sơn ta, vỏ trứng, vàng bạc quỳ", "phong cảnh làng quê|hoa sen|cá chép"),
        _k("Hộp sơn mài Hạ Thái", "box", "Gỗ, sơn ta", "đựng trang sức|khảm vỏ trứng|bộ ba hộp"),
    )),
    Village("Bàu Trúc", G.HANDICRAFT, "Ninh Thuận", "Xã Ninh Phước", "Gốm Chăm", L.PROVINCE, (
        _k("Gốm Bàu Trúc", "vase", "Đất sét sông Quao, nung lộ thiên", "bình nước|lọ hoa dáng tháp|tượng vũ nữ"),
    )),
    # --- Chế biến nông, lâm, thủy sản và thực phẩm ---------------------------------------------------------
    Village("Hải Dương", G.FOOD, "Hải Dương", "Phường Hải Dương", "Bánh đậu xanh", L.PROVINCE, (
        _k("Bánh đậu xanh Hải Dương", "box", "Đậu xanh, đường kính, dầu thực vật",
           "truyền thống|ít đường|nhân dừa|hộp quà Tết", "35.000 – 180.000 đồng", "80 tấn/năm"),
    )),
    Village("Tân Cương", G.FOOD, "Thái Nguyên", "Xã Tân Cương", "Chè", L.PROVINCE, (
        _k("Chè búp Tân Cương", "box", "Búp chè một tôm hai lá", "thượng hạng|sao tay|hộp thiếc",
           "250.000 – 1.200.000 đồng/kg", "25 tấn/năm"),
        _k("Chè móc câu Tân Cương", "box", "Chè trung du", "đặc biệt|túi hút chân không|hộp quà",
           "300.000 – 900.000 đồng/kg", "18 tấn/năm"),
    )),
    Village("Phú Quốc", G.FOOD, "Kiên Giang", "Đặc khu Phú Quốc", "Nước mắm", L.PROVINCE, (
        _k("Nước mắm cá cơm Phú Quốc", "bottle", "Cá cơm than, muối biển", "40 độ đạm|nhĩ cốt|chai thủy tinh 500 ml",
           "95.000 – 320.000 đồng/chai", "600.000 lít/năm"),
        _k("Tiêu sọ Phú Quốc", "box", "Hạt tiêu chín cây", "hũ thủy tinh|xay mịn|túi zip",
           "180.000 – 450.000 đồng/kg", "40 tấn/năm"),
    )),
    Village("Bến Tre", G.FOOD, "Bến Tre", "Phường An Hội", "Kẹo dừa", L.PROVINCE, (
        _k("Kẹo dừa Bến Tre", "box", "Cơm dừa, mạch nha, đường", "sầu riêng|lá dứa|đậu phộng|ca cao",
           "30.000 – 120.000 đồng/hộp", "150 tấn/năm"),
        _k("Dầu dừa ép lạnh Bến Tre", "bottle", "Dừa khô", "nguyên chất|chai 250 ml|chai 1 lít",
           "90.000 – 260.000 đồng/chai", "60.000 lít/năm"),
    )),
    Village("Cầu Đất", G.FOOD, "Lâm Đồng", "Phường Xuân Trường", "Cà phê", L.PROVINCE, (
        _k("Cà phê Arabica Cầu Đất", "box", "Hạt Arabica chín đỏ", "rang xay|hạt nguyên|rang mộc|phin giấy",
           "180.000 – 650.000 đồng/kg", "90 tấn/năm"),
        _k("Mật ong hoa cà phê Lâm Đồng", "bottle", "Mật ong nguyên chất", "chai 500 ml|hũ 1 kg|mật ong rừng",
           "150.000 – 400.000 đồng/chai", "30 tấn/năm"),
    )),
    Village("Vũng Thơm", G.FOOD, "Sóc Trăng", "Phường Phú Lợi", "Bánh pía", L.PROVINCE, (
        _k("Bánh pía Sóc Trăng", "box", "Bột mì, đậu xanh, sầu riêng, trứng muối", "sầu riêng|khoai môn|chay|mini",
           "45.000 – 150.000 đồng/hộp", "200 tấn/năm"),
    )),
    Village("Ước Lễ", G.FOOD, "Hà Nội", "Xã Tân Ước", "Giò chả", L.PROVINCE, (
        _k("Giò lụa Ước Lễ", "box", "Thịt lợn nạc, nước mắm, lá chuối", "gói lá chuối|hút chân không|giò bò",
           "220.000 – 380.000 đồng/kg", "45 tấn/năm"),
    )),
    Village("Thanh Hóa", G.FOOD, "Thanh Hóa", "Phường Hạc Thành", "Nem chua", L.PROVINCE, (
        _k("Nem chua Thanh Hóa", "box", "Thịt lợn, bì lợn, lá đinh lăng", "gói lá chuối|hộp 50 chiếc|nem thính",
           "2.500 – 4.000 đồng/chiếc", "1.500.000 chiếc/năm"),
    )),
    Village("Phan Rang", G.FOOD, "Ninh Thuận", "Phường Phan Rang", "Nho", L.PROVINCE, (
        _k("Rượu vang nho Phan Rang", "bottle", "Nho đỏ Ninh Thuận", "vang đỏ|vang ngọt|chai 750 ml",
           "120.000 – 450.000 đồng/chai", "80.000 chai/năm"),
    )),
    Village("Trảng Bàng", G.FOOD, "Tây Ninh", "Phường Trảng Bàng", "Bánh tráng", L.PROVINCE, (
        _k("Bánh tráng phơi sương Trảng Bàng", "box", "Gạo, muối", "cuốn thịt heo|loại mỏng|gói 500 g",
           "40.000 – 90.000 đồng/kg", "120 tấn/năm"),
    )),
    # --- Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí ------------------------------------------------------
    Village("Phùng Xá", G.MACHINERY, "Hà Nội", "Xã Tây Phương", "Cơ khí", L.PROVINCE, (
        _k("Máy tuốt lúa Phùng Xá", "machine", "Thép CT3, động cơ 5,5 kW", "liên hợp|có quạt sàng|tự hành",
           "18.000.000 – 65.000.000 đồng", "350 máy/năm"),
        _k("Máy gặt đập liên hợp mini", "machine", "Thép, động cơ diesel 12 mã lực",
           "bánh xích|cắt 1,2 m|có thùng chứa",
           "120.000.000 – 260.000.000 đồng", "60 máy/năm"),
        _k("Máy cày tay Phùng Xá", "machine", "Thép hợp kim, động cơ xăng", "tay lái gập|lưỡi phay|chạy dầu",
           "12.000.000 – 28.000.000 đồng", "500 máy/năm"),
    )),
    Village("Đa Sỹ", G.MACHINERY, "Hà Nội", "Phường Kiến Hưng", "Rèn", L.COMMUNE, (
        _k("Dao rèn Đa Sỹ", "tool", "Thép nhíp, cán gỗ trắc", "thái bếp|chặt xương|bộ năm chiếc",
           "150.000 – 1.800.000 đồng", "20.000 chiếc/năm"),
        _k("Kéo cắt cành Đa Sỹ", "tool", "Thép cacbon, lò xo", "lưỡi cong|cán dài|cắt tỉa bonsai",
           "120.000 – 650.000 đồng", "12.000 chiếc/năm"),
    )),
    Village("Yên Ninh", G.MACHINERY, "Ninh Bình", "Phường Yên Ninh", "Cơ khí", L.PROVINCE, (
        _k("Máy ép mía Yên Ninh", "machine", "Inox 304, động cơ 750 W", "siêu sạch|ba trục|có bánh xe",
           "9.500.000 – 24.000.000 đồng", "800 máy/năm"),
        _k("Máy xay xát gạo Yên Ninh", "machine", "Thép, rulo cao su", "mini gia đình|liên hoàn|tách trấu",
           "7.000.000 – 35.000.000 đồng", "400 máy/năm"),
    )),
    Village("Củ Chi", G.MACHINERY, "TP HCM", "Xã Củ Chi", "Cơ khí nông nghiệp", L.PROVINCE, (
        _k("Máy sấy nông sản Củ Chi", "machine", "Khung nhôm, tấm pin mặt trời",
           "năng lượng mặt trời|sấy lạnh|tủ 10 khay",
           "25.000.000 – 140.000.000 đồng", "120 máy/năm"),
        _k("Máy bóc vỏ hạt điều", "machine", "Thép không gỉ, khí nén", "bán tự động|hai lưỡi|năng suất 200 kg/giờ",
           "38.000.000 – 95.000.000 đồng", "90 máy/năm"),
    )),
    Village("Thốt Nốt", G.MACHINERY, "Cần Thơ", "Phường Thốt Nốt", "Cơ khí", L.PROVINCE, (
        _k("Máy bơm nước trục ngang", "machine", "Gang, cánh bơm đồng", "chạy dầu|lưu lượng lớn|ống 200 mm",
           "14.000.000 – 46.000.000 đồng", "300 máy/năm"),
        _k("Máy gieo hạt kéo tay", "tool", "Thép, bánh xe cao su", "sáu hàng|hai hàng|điều chỉnh mật độ",
           "4.500.000 – 12.000.000 đồng", "600 máy/năm"),
    )),
    Village("Vân Chàng", G.MACHINERY, "Nam Định", "Xã Nam Trực", "Cơ khí", L.PROVINCE, (
        _k("Bản lề cửa Vân Chàng", "tool", "Thép mạ kẽm", "lá 100 mm|chống gỉ|bộ bốn chiếc",
           "15.000 – 120.000 đồng", "900.000 chiếc/năm"),
        _k("Khóa cửa Vân Chàng", "tool", "Đồng thau, thép", "tay gạt|móc treo|chống cắt",
           "90.000 – 650.000 đồng", "150.000 chiếc/năm"),
    )),
    # --- Sản phẩm khác ---------------------------------------------------------------------------------------
    Village("Nga Sơn", G.OTHER, "Thanh Hóa", "Xã Nga Sơn", "Chổi đót", L.COMMUNE, (
        _k("Chổi đót Nga Sơn", "broom", "Bông đót, cán tre", "cán dài|xuất khẩu|bó dây nhựa",
           "25.000 – 80.000 đồng", "400.000 chiếc/năm"),
        _k("Chiếu cói Nga Sơn", "mat", "Cói, đay", "trơn|in hoa|viền vải"),
    )),
    Village("Mỏ Cày", G.OTHER, "Bến Tre", "Xã Mỏ Cày", "Xơ dừa", L.PROVINCE, (
        _k("Thảm xơ dừa Mỏ Cày", "mat", "Xơ dừa", "trải sàn|chùi chân|chống trượt"),
        _k("Chậu xơ dừa Mỏ Cày", "jar", "Xơ dừa ép, mủ cao su", "treo lan|trồng rau|chậu tròn"),
    )),
    Village("Thủy Xuân", G.OTHER, "Thừa Thiên Huế", "Phường Thủy Xuân", "Hương trầm", L.PROVINCE, (
        _k("Hương trầm Thủy Xuân", "box", "Bột trầm, tăm tre", "nụ|que không tăm|hộp gỗ"),
        _k("Tinh dầu tràm Huế", "bottle", "Lá tràm gió", "chai 50 ml|xịt phòng|con lăn"),
    )),
    Village("Đông Hồ", G.OTHER, "Bắc Ninh", "Xã Song Hồ", "Tranh dân gian", L.PROVINCE, (
        _k("Tranh Đông Hồ", "frame", "Giấy điệp, màu thực vật", "Đám cưới chuột|Gà mái|Chăn trâu thổi sáo"),
        _k("Giấy dó Dương Ổ", "frame", "Vỏ cây dó", "khổ lớn|ép hoa|nhuộm màu"),
    )),
    Village("Tân Uyên", G.OTHER, "Tây Ninh", "Xã Tân Uyên", "Sản phẩm thân thiện môi trường", L.PROVINCE, (
        _k("Ống hút cỏ bàng", "box", "Cỏ bàng phơi khô", "hộp 100 ống|xuất khẩu|túi giấy"),
        _k("Đũa tre Tân Uyên", "tool", "Tre già luộc muối", "bộ mười đôi|khắc tên|hộp quà"),
    )),
    Village("Đà Lạt", G.OTHER, "Lâm Đồng", "Phường Lâm Viên", "Mỹ phẩm thảo mộc", L.PROVINCE, (
        _k("Xà phòng thảo mộc Đà Lạt", "box", "Dầu dừa, tinh dầu oải hương", "oải hương|trà xanh|than tre"),
    )),
)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang")
GIVEN = ("Hùng", "Lan", "Tuấn", "Hoa", "Dũng", "Mai", "Sơn", "Hạnh", "Bình", "Thảo", "Khánh", "Phúc", "Nga", "Long")
FORMS = (F.COOPERATIVE, F.SME, F.HOUSEHOLD, F.COOPERATIVE_GROUP)
DESCRIPTIONS = {
    G.HANDICRAFT: "{product} làm thủ công tại làng nghề {village}, mỗi sản phẩm qua tay nhiều thợ lành nghề.",
    G.FOOD: "{product} chế biến theo công thức truyền thống của {village}, đóng gói hợp vệ sinh, ghi rõ hạn dùng.",
    G.MACHINERY: "{product} do thợ cơ khí {village} chế tạo, bền, dễ sửa chữa, phụ tùng thay thế sẵn có.",
    G.OTHER: "{product} của {village}, làm từ nguyên liệu tự nhiên sẵn có ở địa phương.",
}


@dataclass(frozen=True)
class BulkProducer:
    tax_code: str
    name: str
    legal_form: str
    province: str
    commune: str
    representative: str
    village: Village


@dataclass(frozen=True)
class BulkProduct:
    producer: BulkProducer
    name: str
    group: str
    shape: str
    materials: str
    description: str
    price_range: str
    production_capacity: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _producer_name(form: str, village: Village, person: str) -> str:
    return {
        F.COOPERATIVE: f"Hợp tác xã {village.craft} {village.name}",
        F.SME: f"Công ty TNHH {village.craft} {village.name}",
        F.HOUSEHOLD: f"Hộ kinh doanh {person}",
        F.COOPERATIVE_GROUP: f"Tổ hợp tác {village.craft} {village.name}",
    }[form]


def bulk_catalogue() -> list[BulkProduct]:
    """Every (kind, ending) of every village as one product, dealt round-robin to two producers per village.

    Deterministic: the RNG is seeded, and tax codes are numbered in list order (prefix 89, which the
    hand-written demo does not use)."""
    rng = random.Random(2026)
    products = []
    for v_index, village in enumerate(VILLAGES):
        producers = []
        for p_index in range(2):
            form = FORMS[(v_index + p_index) % len(FORMS)]
            person = _person(rng)
            producers.append(BulkProducer(
                tax_code=f"89{v_index:04d}{p_index:04d}", name=_producer_name(form, village, person),
                legal_form=form, province=village.province, commune=village.commune, representative=person,
                village=village,
            ))
        n = 0
        for kind in village.kinds:
            for ending in kind.endings:
                product = f"{kind.base} {ending}"
                products.append(BulkProduct(
                    producer=producers[n % 2], name=product, group=village.group, shape=kind.shape,
                    materials=kind.materials,
                    description=DESCRIPTIONS[village.group].format(product=product, village=village.name),
                    price_range=kind.price, production_capacity=kind.capacity,
                ))
                n += 1
    return products

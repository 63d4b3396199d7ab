"""Load the regions, the 63 provinces before 1 July 2025, the 34 since, and who belongs to which region.

Sources: Nghị quyết 202/2025/QH15 (the 2025 merger of provinces) and the pre-2025 administrative codes
(Quyết định 124/2004/QĐ-TTg and amendments). The region lists for the 63 old units follow the programme's
three regions; for the 34 new units no official list was found, so the default derivation documented in
/work/shared/domain.md is used (North 18, Central 8, South 8; the new Lâm Đồng absorbed Bình Thuận, formerly
South, and counts as Central). All of it is data with validity dates: later changes are new rows, not code.

Historical models have no custom save(), so `name_ascii` is filled here with the same `fold` the model uses.
"""

import datetime

from django.db import migrations

from catalog.text import fold

OLD_FROM = datetime.date(2008, 8, 1)  # Hà Tây joined Hà Nội: the 63-unit map starts here.
OLD_TO = datetime.date(2025, 6, 30)
NEW_FROM = datetime.date(2025, 7, 1)
OLD_CODE_PREFIX = "cu-"  # "cũ": old codes reuse numbers the new units also use, so they get a prefix.

# (code, name, English name)
REGIONS = (
    ("north", "Phía Bắc", "North"),
    ("central", "Miền Trung – Tây Nguyên", "Central and Central Highlands"),
    ("south", "Phía Nam", "South"),
)

# The 34 units in force since 1 July 2025: (official code, name, kind, region).
NEW_UNITS = (
    ("01", "Hà Nội", "city", "north"),
    ("04", "Cao Bằng", "province", "north"),
    ("08", "Tuyên Quang", "province", "north"),
    ("11", "Điện Biên", "province", "north"),
    ("12", "Lai Châu", "province", "north"),
    ("14", "Sơn La", "province", "north"),
    ("15", "Lào Cai", "province", "north"),
    ("19", "Thái Nguyên", "province", "north"),
    ("20", "Lạng Sơn", "province", "north"),
    ("22", "Quảng Ninh", "province", "north"),
    ("24", "Bắc Ninh", "province", "north"),
    ("25", "Phú Thọ", "province", "north"),
    ("31", "Hải Phòng", "city", "north"),
    ("33", "Hưng Yên", "province", "north"),
    ("37", "Ninh Bình", "province", "north"),
    ("38", "Thanh Hóa", "province", "north"),
    ("40", "Nghệ An", "province", "north"),
    ("42", "Hà Tĩnh", "province", "north"),
    ("44", "Quảng Trị", "province", "central"),
    ("46", "Huế", "city", "central"),
    ("48", "Đà Nẵng", "city", "central"),
    ("51", "Quảng Ngãi", "province", "central"),
    ("52", "Gia Lai", "province", "central"),
    ("56", "Khánh Hòa", "province", "central"),
    ("66", "Đắk Lắk", "province", "central"),
    ("68", "Lâm Đồng", "province", "central"),
    ("75", "Đồng Nai", "province", "south"),
    ("79", "Thành phố Hồ Chí Minh", "city", "south"),
    ("80", "Tây Ninh", "province", "south"),
    ("82", "Đồng Tháp", "province", "south"),
    ("86", "Vĩnh Long", "province", "south"),
    ("91", "An Giang", "province", "south"),
    ("92", "Cần Thơ", "city", "south"),
    ("96", "Cà Mau", "province", "south"),
)

# The 63 units before 1 July 2025: (old code, name, kind, region, code of the new unit it became part of).
OLD_UNITS = (
    ("01", "Hà Nội", "city", "north", "01"),
    ("02", "Hà Giang", "province", "north", "08"),
    ("04", "Cao Bằng", "province", "north", "04"),
    ("06", "Bắc Kạn", "province", "north", "19"),
    ("08", "Tuyên Quang", "province", "north", "08"),
    ("10", "Lào Cai", "province", "north", "15"),
    ("11", "Điện Biên", "province", "north", "11"),
    ("12", "Lai Châu", "province", "north", "12"),
    ("14", "Sơn La", "province", "north", "14"),
    ("15", "Yên Bái", "province", "north", "15"),
    ("17", "Hòa Bình", "province", "north", "25"),
    ("19", "Thái Nguyên", "province", "north", "19"),
    ("20", "Lạng Sơn", "province", "north", "20"),
    ("22", "Quảng Ninh", "province", "north", "22"),
    ("24", "Bắc Giang", "province", "north", "24"),
    ("25", "Phú Thọ", "province", "north", "25"),
    ("26", "Vĩnh Phúc", "province", "north", "25"),
    ("27", "Bắc Ninh", "province", "north", "24"),
    ("30", "Hải Dương", "province", "north", "31"),
    ("31", "Hải Phòng", "city", "north", "31"),
    ("33", "Hưng Yên", "province", "north", "33"),
    ("34", "Thái Bình", "province", "north", "33"),
    ("35", "Hà Nam", "province", "north", "37"),
    ("36", "Nam Định", "province", "north", "37"),
    ("37", "Ninh Bình", "province", "north", "37"),
    ("38", "Thanh Hóa", "province", "north", "38"),
    ("40", "Nghệ An", "province", "north", "40"),
    ("42", "Hà Tĩnh", "province", "north", "42"),
    ("44", "Quảng Bình", "province", "central", "44"),
    ("45", "Quảng Trị", "province", "central", "44"),
    ("46", "Thừa Thiên Huế", "province", "central", "46"),
    ("48", "Đà Nẵng", "city", "central", "48"),
    ("49", "Quảng Nam", "province", "central", "48"),
    ("51", "Quảng Ngãi", "province", "central", "51"),
    ("52", "Bình Định", "province", "central", "52"),
    ("54", "Phú Yên", "province", "central", "66"),
    ("56", "Khánh Hòa", "province", "central", "56"),
    ("58", "Ninh Thuận", "province", "central", "56"),
    ("60", "Bình Thuận", "province", "south", "68"),
    ("62", "Kon Tum", "province", "central", "51"),
    ("64", "Gia Lai", "province", "central", "52"),
    ("66", "Đắk Lắk", "province", "central", "66"),
    ("67", "Đắk Nông", "province", "central", "68"),
    ("68", "Lâm Đồng", "province", "central", "68"),
    ("70", "Bình Phước", "province", "south", "75"),
    ("72", "Tây Ninh", "province", "south", "80"),
    ("74", "Bình Dương", "province", "south", "79"),
    ("75", "Đồng Nai", "province", "south", "75"),
    ("77", "Bà Rịa – Vũng Tàu", "province", "south", "79"),
    ("79", "Thành phố Hồ Chí Minh", "city", "south", "79"),
    ("80", "Long An", "province", "south", "80"),
    ("82", "Tiền Giang", "province", "south", "82"),
    ("83", "Bến Tre", "province", "south", "86"),
    ("84", "Trà Vinh", "province", "south", "86"),
    ("86", "Vĩnh Long", "province", "south", "86"),
    ("87", "Đồng Tháp", "province", "south", "82"),
    ("89", "An Giang", "province", "south", "91"),
    ("91", "Kiên Giang", "province", "south", "91"),
    ("92", "Cần Thơ", "city", "south", "92"),
    ("93", "Hậu Giang", "province", "south", "92"),
    ("94", "Sóc Trăng", "province", "south", "92"),
    ("95", "Bạc Liêu", "province", "south", "96"),
    ("96", "Cà Mau", "province", "south", "96"),
)

NEW_CODES = [code for code, *_ in NEW_UNITS]
OLD_CODES = [OLD_CODE_PREFIX + code for code, *_ in OLD_UNITS]


def load_geography(apps, schema_editor):
    Region = apps.get_model("catalog", "Region")
    Province = apps.get_model("catalog", "Province")
    RegionMembership = apps.get_model("catalog", "RegionMembership")

    Region.objects.bulk_create(Region(code=code, name=name, name_en=name_en) for code, name, name_en in REGIONS)
    Province.objects.bulk_create(
        Province(code=code, name=name, name_ascii=fold(name), kind=kind, valid_from=NEW_FROM, valid_to=None)
        for code, name, kind, _region in NEW_UNITS
    )
    new_by_code = Province.objects.in_bulk(NEW_CODES, field_name="code")
    Province.objects.bulk_create(
        Province(code=OLD_CODE_PREFIX + code, name=name, name_ascii=fold(name), kind=kind, valid_from=OLD_FROM,
                 valid_to=OLD_TO, successor=new_by_code[successor])
        for code, name, kind, _region, successor in OLD_UNITS
    )
    old_by_code = Province.objects.in_bulk(OLD_CODES, field_name="code")

    regions = Region.objects.in_bulk([code for code, *_ in REGIONS], field_name="code")
    memberships = [
        RegionMembership(region=regions[region], province=new_by_code[code], valid_from=NEW_FROM, valid_to=None)
        for code, _name, _kind, region in NEW_UNITS
    ] + [
        RegionMembership(region=regions[region], province=old_by_code[OLD_CODE_PREFIX + code],
                         valid_from=OLD_FROM, valid_to=OLD_TO)
        for code, _name, _kind, region, _successor in OLD_UNITS
    ]
    RegionMembership.objects.bulk_create(memberships)


def unload_geography(apps, schema_editor):
    Region = apps.get_model("catalog", "Region")
    Province = apps.get_model("catalog", "Province")
    RegionMembership = apps.get_model("catalog", "RegionMembership")

    RegionMembership.objects.filter(province__code__in=NEW_CODES + OLD_CODES).delete()
    # Old units first: their `successor` protects the new ones.
    Province.objects.filter(code__in=OLD_CODES).delete()
    Province.objects.filter(code__in=NEW_CODES).delete()
    Region.objects.filter(code__in=[code for code, *_ in REGIONS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_geography, unload_geography),
    ]

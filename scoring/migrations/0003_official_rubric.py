"""The official 100-point rubric (Phụ lục 4, Thông tư 26/2014/TT-BCT) as the default grid.

Phụ lục 4 fixes the four group maxima (40/40/10/10); Phụ lục 3 names the sub-criteria without points. The split
below is a starting point the jury head may refine with point bands for a round (a new version, approved by the
council chair). The data is written out here, not imported, so the migration never changes with the code.
"""

from decimal import Decimal

from django.db import migrations

NAME = "Phụ lục 4 – Thông tư 26/2014/TT-BCT"
BANDS_NOTE = (" Trưởng ban giám khảo có thể đề xuất khung điểm chi tiết hơn cho từng đợt, "
              "trình Chủ tịch hội đồng phê duyệt.")
GROUPS = [
    ("1", "Đáp ứng nhu cầu thị trường, khả năng phát triển sản xuất",
     "Market fit and production potential", "40", [
         ("1.1", "Đáp ứng nhu cầu thị trường", "Market demand", "20",
          "Nhu cầu tiêu dùng trong nước, khả năng xuất khẩu, thay thế hàng nhập khẩu."),
         ("1.2", "Khả năng phát triển sản xuất", "Production potential", "20",
          "Quy mô, sản lượng; ứng dụng công nghệ hiện đại; khả năng nhân rộng; sử dụng nguyên liệu trong nước; "
          "tham gia chuỗi giá trị."),
     ]),
    ("2", "Hiệu quả kinh tế – kỹ thuật – xã hội – môi trường",
     "Economic, technical, social and environmental", "40", [
         ("2.1", "Hiệu quả kinh tế", "Economic efficiency", "10", "Doanh thu, lợi nhuận, hiệu quả kinh tế."),
         ("2.2", "Kỹ thuật", "Technical", "15",
          "Trình độ công nghệ; chất lượng và kiểu dáng; tiêu chuẩn áp dụng; hệ thống quản lý; tay nghề lao động."),
         ("2.3", "Xã hội", "Social", "10", "Tạo việc làm, tăng thu nhập cho người lao động."),
         ("2.4", "Môi trường", "Environmental", "5", "Bảo vệ môi trường, sử dụng tài nguyên tiết kiệm."),
     ]),
    ("3", "Tính văn hóa, thẩm mỹ", "Cultural and aesthetic value", "10", [
        ("3", "Tính văn hóa, thẩm mỹ", "Cultural and aesthetic value", "10",
         "Thể hiện bản sắc văn hóa dân tộc, truyền thống địa phương; tính thẩm mỹ của sản phẩm."),
    ]),
    ("4", "Tiêu chí khác", "Other criteria", "10", [
        ("4", "Tiêu chí khác", "Other criteria", "10",
         "Thành tích, giải thưởng, chứng nhận; đóng góp cho cộng đồng; các điểm nổi bật khác."),
    ]),
]


def create(apps, schema_editor):
    Rubric = apps.get_model("scoring", "Rubric")
    CriterionGroup = apps.get_model("scoring", "CriterionGroup")
    Criterion = apps.get_model("scoring", "Criterion")
    rubric, _created = Rubric.objects.get_or_create(name=NAME, version="1", defaults={"total": Decimal("100")})
    if rubric.groups.exists():
        return
    rubric.description = "Thang điểm 100 theo Phụ lục 4; tiêu chí con theo Phụ lục 3."
    rubric.save()
    for gpos, (gcode, gname, gname_en, gmax, criteria) in enumerate(GROUPS):
        group = CriterionGroup.objects.create(rubric=rubric, code=gcode, name_vi=gname, name_en=gname_en,
                                              max=Decimal(gmax), position=gpos)
        for cpos, (code, name, name_en, cmax, guidance) in enumerate(criteria):
            Criterion.objects.create(group=group, code=code, name_vi=name, name_en=name_en,
                                     guidance=guidance + BANDS_NOTE, max=Decimal(cmax), step=Decimal("0.5"),
                                     position=cpos)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0002_judging")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

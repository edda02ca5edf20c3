"""The overview's starting texts named numbers typed by hand ("nearly 90 cooperation
agreements", "35 programs", "nearly 100 conferences"); they now come from the records through
placeholders. Texts the office has not changed since they were loaded get the new wording;
edited ones stay as the office wrote them."""

from django.db import migrations

# (key, field, the starting wording, the wording with placeholders)
REWORDED = [
    ('partners', 'text_zh', '湘潭大学目前拥有{partners}所国际合作伙伴，已与日本、韩国、泰国、澳大利亚、俄罗斯、乌克兰、英国、西班牙、法国、德国、葡萄牙、比利时、捷克、乌干达、加纳、美国、加拿大、墨西哥、古巴等{countries}个国家的高等院校签订了近90项合作协议，涉及众多学科领域。学校已开展中外合作办学项目35个，并在海外合作建设了两所孔子学院。', '湘潭大学目前拥有{partners}所国际合作伙伴，已与日本、韩国、泰国、澳大利亚、俄罗斯、乌克兰、英国、西班牙、法国、德国、葡萄牙、比利时、捷克、乌干达、加纳、美国、加拿大、墨西哥、古巴等{countries}个国家的高等院校签订了{agreements}项有效的合作协议，涉及众多学科领域。学校正在开展中外合作办学项目{programs}个，并在海外合作建设了{confucius}所孔子学院。'),
    ('partners', 'text_en', 'Xiangtan University currently has {partners} global partners. It has established nearly 90 cooperation agreements, involving various academic fields, with higher education institutions in {countries} countries, including Japan, South Korea, Thailand, Australia, Russia, Ukraine, UK, Spain, France, Germany, Portugal, Belgium, Czech Republic, Uganda, Ghana, USA, Canada, Mexico, and Cuba. Thirty-five cooperative international educational programs have been launched, and two Confucius Institutes have been built overseas.', 'Xiangtan University currently has {partners} global partners. It has {agreements} cooperation agreements in force, involving various academic fields, with higher education institutions in {countries} countries, including Japan, South Korea, Thailand, Australia, Russia, Ukraine, UK, Spain, France, Germany, Portugal, Belgium, Czech Republic, Uganda, Ghana, USA, Canada, Mexico, and Cuba. {programs} cooperative international educational programs are running, and {confucius} Confucius Institutes have been built overseas.'),
    ('conferences', 'text_zh', '学校秉持开放包容的学术理念，每年主办或承办全国性和国际性学术会议近百场，学术氛围浓厚。', '学校秉持开放包容的学术理念，每年主办或承办多场全国性和国际性学术会议，学术氛围浓厚。'),
    ('conferences', 'text_en', 'Being open and inclusive in academic studies, the University sponsors or organizes nearly 100 academic conferences at national and international level every year, creating a strong academic atmosphere.', 'Being open and inclusive in academic studies, the University sponsors or organizes academic conferences at national and international level every year, creating a strong academic atmosphere.'),
]


def reword(apps, schema_editor):
    PageText = apps.get_model("public", "PageText")
    for key, field, before, after in REWORDED:
        PageText.objects.filter(key=key, **{field: before}).update(**{field: after})


def unreword(apps, schema_editor):
    PageText = apps.get_model("public", "PageText")
    for key, field, before, after in REWORDED:
        PageText.objects.filter(key=key, **{field: after}).update(**{field: before})


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]

    operations = [migrations.RunPython(reword, unreword)]

"""Countries and units are listed in the order of the name shown: pinyin on Chinese pages,
A to Z on English ones (issue 13: English pages were sorted by the Chinese names)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from waishi.core.models import Unit
from waishi.core.names import name_sort_key
from waishi.core.tests.factories import UnitFactory
from waishi.people.forms import PersonForm
from waishi.travel.forms import DestinationForm

pytestmark = pytest.mark.django_db


def _labels(field):
    return [str(label) for value, label in field.choices if value != ""]


def test_pinyin_order_reads_syllable_by_syllable():
    names = ["中国", "不丹", "阿根廷", "澳大利亚", "阿富汗", "东帝汶", "重庆大学", "长沙学院"]
    assert sorted(names, key=name_sort_key) == [
        "阿富汗",  # a1 fu4
        "阿根廷",  # a1 gen1
        "澳大利亚",  # ao4
        "不丹",  # bu4
        "长沙学院",  # chang2 (not zhang)
        "重庆大学",  # chong2 (not zhong)
        "东帝汶",  # dong1
        "中国",  # zhong1
    ]
    assert sorted(["Zambia", "Åland Islands", "albania"], key=name_sort_key) == [
        "Åland Islands",
        "albania",
        "Zambia",
    ]


def test_destination_countries_follow_the_page_language():
    with translation.override("en"):
        english = _labels(DestinationForm().fields["country"])
    with translation.override("zh-hans"):
        chinese = _labels(DestinationForm().fields["country"])

    assert english[:4] == ["Afghanistan", "Åland Islands", "Albania", "Algeria"]
    assert (
        english.index("Bhutan") < english.index("China") < english.index("Svalbard and Jan Mayen")
    )
    assert english.index("Svalbard and Jan Mayen") < english.index("Timor-Leste")
    assert english.index("Nauru") < english.index("Nepal")
    assert chinese[:3] == ["阿尔巴尼亚", "阿尔及利亚", "阿富汗"]
    assert chinese.index("澳大利亚") < chinese.index("不丹") < chinese.index("中国")
    assert name_sort_key(chinese[-1])[0].startswith("z")


def test_units_in_choices_and_on_the_units_page_follow_the_page_language(client, personas):
    UnitFactory(name_zh="外国语学院", name_en="School of Foreign Languages", code="FL")
    UnitFactory(name_zh="土木工程学院", name_en="College of Civil Engineering", code="CE")

    with translation.override("en"):
        english = _labels(PersonForm(user=personas.office_staff).fields["unit"])
    with translation.override("zh-hans"):
        chinese = _labels(PersonForm(user=personas.office_staff).fields["unit"])
    assert english == [
        "College of Chemistry",
        "College of Civil Engineering",
        "International Office",
        "School of Foreign Languages",
        "School of Mathematics",
    ]
    # hua4 xue2, guo2 ji4, shu4 xue2, tu3 mu4, wai4 guo2
    assert chinese == ["国际交流合作处", "化学学院", "数学学院", "土木工程学院", "外国语学院"]

    client.force_login(personas.office_staff)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("core:unit.list")).content.decode()
    shown = re.findall(
        r"(College of Chemistry|College of Civil Engineering|International "
        r"Office|School of Foreign Languages|School of Mathematics)",
        page,
    )
    assert list(dict.fromkeys(shown)) == english


def _unit_page(client, page, language):
    client.cookies["django_language"] = language
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        content = client.get(reverse("core:unit.list"), {"page": page}).content.decode()
    # The name shown is the link of each row (the other language is beneath it).
    names = re.findall(r'<a href="/staff/units/\d+/">([^<]+)</a>', content)
    # The rows of the page are read sorted and cut by the database, never all of them.
    sort_key = "sort_zh" if language.startswith("zh") else "sort_en"
    (rows,) = [q["sql"] for q in queries if 'FROM "core_unit"' in q["sql"] and "LIMIT" in q["sql"]]
    order = rf'ORDER BY "core_unit"."{sort_key}" COLLATE "\w+" ASC, .*LIMIT \d+ OFFSET 25'
    assert re.search(order, rows)
    return names, len(queries)


def test_the_units_page_is_sorted_and_cut_into_pages_by_the_database(client, personas):
    """Page 2 of the units list holds the 26th to 50th names in the order shown, and reading it
    costs the same queries with 30 units as with 300: the database sorts and pages them."""
    client.force_login(personas.office_staff)
    digits = "零一二三四五六七八九"

    def make(count):
        Unit.objects.bulk_create(
            Unit(name_en=f"Unit {n:03d}", name_zh="单位" + "".join(digits[int(d)] for d in str(n)))
            for n in range(len(made), len(made) + count)
        )
        made.extend(range(len(made), len(made) + count))

    def shown(language):
        with translation.override(language):
            return sorted((u.name for u in Unit.objects.all()), key=name_sort_key)

    made = []
    make(30)
    english_small, small = _unit_page(client, 2, "en")
    assert english_small == shown("en")[25:50]  # the last 8 of 33 (the personas' 3 units)
    make(270)
    english, large = _unit_page(client, 2, "en")
    chinese, _ = _unit_page(client, 2, "zh-hans")

    assert large == small
    assert english == shown("en")[25:50]
    assert chinese == shown("zh-hans")[25:50]


def test_a_renamed_unit_moves_to_its_new_place():
    unit = UnitFactory(name_zh="阿拉伯语系", name_en="Department of Arabic")
    first = Unit.objects.by_shown_name
    with translation.override("zh-hans"):
        assert first().first() == unit
    unit.name_zh = "资源学院"
    unit.save(update_fields=["name_zh"])
    with translation.override("zh-hans"):
        assert first().last() == unit
    with translation.override("en"):
        assert first().first() == unit

    Unit.objects.filter(pk=unit.pk).update(name_en="Zoology")  # a bulk update without keys...
    unit.refresh_from_db()
    unit.name_en = "Zoology"
    Unit.objects.bulk_update([unit], ["name_en"])  # ...and one through the model's manager
    with translation.override("en"):
        assert first().last() == unit

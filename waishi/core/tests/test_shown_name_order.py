"""Countries and units are listed in the order of the name shown: pinyin on Chinese pages,
A to Z on English ones (issue 13: English pages were sorted by the Chinese names)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

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

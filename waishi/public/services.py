"""Writes of the public site: its texts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waishi.core.history import history_by
from waishi.core.models import User
from waishi.public.models import PageText
from waishi.public.queries import FIGURE_KEYS, unknown_placeholders

# The office's own page (the seed), in English as published and in Chinese.
STARTING_TEXTS: list[dict[str, Any]] = [
    {
        "key": "introduction",
        "heading_zh": "",
        "heading_en": "",
        "text_zh": "湘潭大学的国际交流与合作工作包括以下方面：",
        "text_en": "The international exchange and cooperation work of Xiangtan University "
        "consists of the following:",
    },
    {
        "key": "areas-of-work",
        "heading_zh": "工作领域",
        "heading_en": "Areas of work",
        "as_list": True,
        "text_zh": "中外合作办学；\n"
        "外国留学生招生与培养；\n"
        "海外高层次人才引进，以及教师出国（境）培训与继续教育；\n"
        "“中非高校20+20合作计划”；\n"
        "依托孔子学院推广汉语；\n"
        "因公出国（境）管理；\n"
        "外事接待与礼宾服务。",
        "text_en": "Cooperative international educational programs;\n"
        "Foreign student enrollment and education;\n"
        "International skilled personnel introduction, and teacher training and continuing "
        "education outside of China;\n"
        "The 20 Plus 20 Cooperation Plan for Chinese and African Institutions of Higher "
        "Education;\n"
        "Chinese language promotion via Confucius Institute;\n"
        "Exit administration; and,\n"
        "Foreign affairs concerning reception and protocol service.",
    },
    {
        "key": "partners",
        "heading_zh": "全球合作伙伴",
        "heading_en": "Global partners",
        "text_zh": "湘潭大学目前拥有{partners}所国际合作伙伴，已与日本、韩国、泰国、澳大利亚、"
        "俄罗斯、乌克兰、英国、西班牙、法国、德国、葡萄牙、比利时、捷克、乌干达、加纳、美国、"
        "加拿大、墨西哥、古巴等{countries}个国家的高等院校签订了{agreements}项有效的合作协议，涉及众多"
        "学科领域。学校正在开展中外合作办学项目{programs}个，并在海外合作建设了{confucius}所孔子学院。",
        "text_en": "Xiangtan University currently has {partners} global partners. It has "
        "{agreements} cooperation agreements in force, involving various academic fields, with "
        "higher education institutions in {countries} countries, including Japan, South Korea, "
        "Thailand, Australia, Russia, Ukraine, UK, Spain, France, Germany, Portugal, Belgium, "
        "Czech Republic, Uganda, Ghana, USA, Canada, Mexico, and Cuba. {programs} cooperative "
        "international educational programs are running, and {confucius} Confucius Institutes "
        "have been built overseas.",
    },
    {
        "key": "students-and-scholarships",
        "heading_zh": "中非合作与留学生",
        "heading_en": "Africa, students and scholarships",
        "text_zh": "学校积极参与“中非高校20+20合作计划”，是湖南省首批同时招收外国留学生和"
        "港澳台学生的高校之一，也是中国政府奖学金和孔子学院奖学金的接收院校。",
        "text_en": "The University has been involved in the \u201c20 Plus 20 Cooperation Plan "
        "for Chinese and African Institutions of Higher Education\u201d, and was in the first "
        "group of Hunan institutions of higher education to enroll both international students "
        "and students from Hong Kong SAR, Macao SAR and Taiwan. It is a host university for "
        "Chinese Government and the Confucius Institute Scholarships.",
    },
    {
        "key": "conferences",
        "heading_zh": "学术会议",
        "heading_en": "Academic conferences",
        # No register of conferences yet, so the text names no number of them.
        "text_zh": "学校秉持开放包容的学术理念，每年主办或承办多场全国性和国际性学术会议，"
        "学术氛围浓厚。",
        "text_en": "Being open and inclusive in academic studies, the University sponsors or "
        "organizes academic conferences at national and international level every year, "
        "creating a strong academic atmosphere.",
    },
]

TEXT_FIELDS = ("heading_zh", "heading_en", "text_zh", "text_en", "as_list", "position")


def page_text_check(values: dict[str, Any]) -> None:
    """Refuse a text with no words in either language, or a placeholder no figure fills.
    Raises ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    if not (values.get("text_zh") or "").strip() and not (values.get("text_en") or "").strip():
        errors["text_zh"] = [_("Write the text in at least one language.")]
    for field in ("text_zh", "text_en", "heading_zh", "heading_en"):
        unknown = unknown_placeholders(values.get(field) or "")
        if unknown:
            errors.setdefault(field, []).append(
                _("Unknown placeholder %(unknown)s; these are filled with live figures: %(known)s.")
                % {
                    "unknown": ", ".join(f"{{{k}}}" for k in unknown),
                    "known": ", ".join(f"{{{k}}}" for k in FIGURE_KEYS),
                }
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def page_text_update(text: PageText, *, by: User | None = None, **values: Any) -> PageText:
    """Change a text of the public site. Side effects: a history entry; the public pages'
    cache is renewed (by the save signal)."""
    values = {k: v for k, v in values.items() if k in TEXT_FIELDS}
    merged = {f: getattr(text, f) for f in TEXT_FIELDS} | values
    page_text_check(merged)
    for key, value in values.items():
        setattr(text, key, value.strip() if isinstance(value, str) else value)
    history_by(text, by)
    text.save()
    return text


@transaction.atomic
def page_texts_load_starting() -> tuple[int, int]:
    """Create the overview's texts that are missing, from the office's page; never change a
    text that exists (the office may have edited it). Returns (created, already there)."""
    existing = set(PageText.objects.values_list("key", flat=True))
    created = 0
    for position, values in enumerate(STARTING_TEXTS, start=1):
        if values["key"] in existing:
            continue
        PageText.objects.create(position=position * 10, **values)
        created += 1
    return created, len(existing)

"""Reads of the public pages: the overview's live figures and texts, the office's list of
texts. Figures are counted at request time, never typed (the pages are cached, see
`OverviewView`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import django_filters
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from waishi.agreements.queries import agreements_in_force_count
from waishi.confucius.queries import institutes_count
from waishi.core.models import AnyUser
from waishi.core.permissions import is_administrator, is_office
from waishi.partners.directory import partner_figures
from waishi.programs.queries import programs_running_count
from waishi.public.models import PageText


@dataclass(frozen=True)
class Figure:
    key: str  # also the placeholder `{key}` in page texts
    label: StrOrPromise
    value: int
    url: str = ""


# Placeholders a page text may hold, and what each stands for.
FIGURE_KEYS: dict[str, StrOrPromise] = {
    "partners": _("partner institutions"),
    "countries": _("countries with partners"),
    # Hong Kong, Macao and Taiwan are never counted among countries (core/geography.py).
    "regions": _("Hong Kong, Macao and Taiwan regions with partners"),
    "agreements": _("cooperation agreements in force"),
    "programs": _("cooperative programs running"),
    "confucius": _("Confucius Institutes"),
}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def figures() -> list[Figure]:
    """The overview's figures, from the data as it is now."""
    institutions, places = partner_figures()
    return [
        Figure("partners", FIGURE_KEYS["partners"], institutions, reverse("public:partners")),
        Figure("countries", FIGURE_KEYS["countries"], places.countries, reverse("public:partners")),
        Figure(
            "regions",
            FIGURE_KEYS["regions"],
            places.regions_of_china,
            reverse("public:partners"),
        ),
        Figure("agreements", FIGURE_KEYS["agreements"], agreements_in_force_count()),
        Figure(
            "programs",
            FIGURE_KEYS["programs"],
            programs_running_count(),
            reverse("programs:public.list"),
        ),
        Figure(
            "confucius",
            FIGURE_KEYS["confucius"],
            institutes_count(),
            reverse("confucius:public.list"),
        ),
    ]


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in `text` that no figure fills (shown to the office as an error)."""
    return sorted({key for key in PLACEHOLDER.findall(text or "") if key not in FIGURE_KEYS})


def page_text_fill(text: str, values: dict[str, int]) -> str:
    """`text` with each known placeholder replaced by its figure."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        return str(values[key]) if key in values else match.group(0)

    return PLACEHOLDER.sub(replace, text or "")


def page_texts() -> list[PageText]:
    return list(PageText.objects.all())


def page_texts_for_user(user: AnyUser) -> QuerySet[PageText]:
    """The texts a user may edit: all of them for the office and the administrator."""
    if is_office(user) or is_administrator(user):
        return PageText.objects.all()
    return PageText.objects.none()


class PageTextFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = PageText
        fields = ["q"]

    def search(self, queryset: QuerySet[PageText], name: str, value: str) -> QuerySet[PageText]:
        return queryset.filter(
            Q(key__icontains=value)
            | Q(heading_zh__icontains=value)
            | Q(heading_en__icontains=value)
            | Q(text_zh__icontains=value)
            | Q(text_en__icontains=value)
        )

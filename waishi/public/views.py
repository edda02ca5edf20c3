import re
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView, UpdateView

from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin
from waishi.core.page_cache import CachedPage
from waishi.core.permissions import acting_user
from waishi.partners import directory as partner_directory
from waishi.public import queries, services
from waishi.public.forms import PageTextForm
from waishi.public.models import PageText

SEARCH_MAX = 100
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
WORLD_MAP_MAX_AGE = 7 * 24 * 3600  # seconds; the outlines change only with the package


def _directory_context(query: str = "", country: str = "") -> dict[str, Any]:
    found = partner_directory.directory_build(query, country)
    return {
        "directory": found,
        "world_map": partner_directory.world_map_svg(found, reverse("public:world_map")),
        "legend": partner_directory.legend(),
        "not_on_map": partner_directory.countries_not_on_map(found),
    }


class PartnersView(CachedPage, TemplateView):
    """The Global Partners table and map, from the data; cached per language until a partner
    changes. Each country lists its first names and links to its own page (?country=XX, also
    cached), which lists them all. A search (?q=) is answered fresh, for visitors without
    JavaScript."""

    template_name = "public/partners/directory.html"
    shows = ("partners.Institution", "core.Country")
    cached_params = ("country",)

    def cache_key(self, request: HttpRequest) -> str | None:
        # Only real country codes: any other value would take a place in the cache of its own.
        if not COUNTRY_CODE.fullmatch(request.GET.get("country", "XX")):
            return None
        return super().cache_key(request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = " ".join(self.request.GET.get("q", "").split())[:SEARCH_MAX]
        country = self.request.GET.get("country", "").strip().upper()
        if not COUNTRY_CODE.fullmatch(country):
            country = ""
        context["query"] = query
        context["country"] = country
        context["directory_html"] = render_to_string(
            "public/partners/_directory.html", _directory_context(query, country)
        )
        return context


@cache_control(public=True, max_age=WORLD_MAP_MAX_AGE)
def world_map(request: HttpRequest) -> HttpResponse:
    """The map's unshaded world (the same whatever the data), cached by browsers."""
    return HttpResponse(partner_directory.world_base_svg(), content_type="image/svg+xml")


def _overview_html() -> str:
    figures = queries.figures()
    values = {figure.key: figure.value for figure in figures}
    sections = []
    for text in queries.page_texts():
        body = queries.page_text_fill(text.text, values)
        sections.append(
            {
                "key": text.key,
                "heading": queries.page_text_fill(text.heading, values),
                "items": [line.strip() for line in body.splitlines() if line.strip()]
                if text.as_list
                else [],
                "paragraphs": [p.strip() for p in body.split("\n\n") if p.strip()]
                if not text.as_list
                else [],
            }
        )
    # A figure of nothing says nothing to a visitor (a module not in use yet): leave it out.
    shown = [figure for figure in figures if figure.value]
    continents = partner_directory.continent_counts()
    largest = max((count for _v, _l, count in continents), default=0)
    return render_to_string(
        "public/overview/_body.html",
        {
            "figures": shown,
            "sections": sections,
            # (continent, label, count, bar width in tenths of the largest) for the side panel.
            "continents": [
                (value, label, count, max(1, round(10 * count / largest)))
                for value, label, count in continents
            ],
        },
    )


class OverviewView(CachedPage, TemplateView):
    """The office's public overview: its texts (kept by the office) and live figures."""

    template_name = "public/overview.html"
    shows = (
        "public.PageText",
        "partners.Institution",
        "core.Country",
        "agreements.Agreement",
        "programs.Program",
        "confucius.Institute",
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["overview_html"] = _overview_html()
        return context


# Staff: the texts of the public site ----------------------------------------------------------


class PageTextListView(RulePermissionMixin, FilteredListView[PageText]):
    permission_required = "public.view_pagetext"
    template_name = "public/pagetext/list.html"
    partial_template_name = "public/pagetext/_results.html"
    filterset_class = queries.PageTextFilter
    sort_options = {
        "position": (_("Place on the page"), ["position", "key"]),
        "key": (_("Key"), ["key"]),
        "updated": (_("Last changed"), ["-updated_at", "key"]),
    }

    def get_base_queryset(self) -> QuerySet[PageText]:
        return queries.page_texts_for_user(self.request.user)


class PageTextUpdateView(RulePermissionMixin, UpdateView[PageText, PageTextForm]):
    permission_required = "public.change_pagetext"
    template_name = "public/pagetext/form.html"
    form_class = PageTextForm
    context_object_name = "text"

    def get_queryset(self) -> QuerySet[PageText]:
        return queries.page_texts_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history"] = history_entries(self.object)
        context["placeholders"] = list(queries.FIGURE_KEYS.items())
        return context

    def form_valid(self, form: PageTextForm) -> HttpResponse:
        services.page_text_update(self.object, by=acting_user(self.request), **form.cleaned_data)
        messages.success(self.request, _("The text has been saved; the public page shows it now."))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return reverse("public:pagetext.list")

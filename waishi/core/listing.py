"""Lists as the office expects them: search, filters, sorting, pagination, and a partial
response for htmx so the table updates as you type.

Every filter's input is checked before it reaches the database (`bound_numbers`): a list page
ignores a bad value and says so, the API answers 400 (`waishi.core.api_filters.FilterBackend`)."""

from __future__ import annotations

import datetime
from typing import IO, Any, TypeVar

import django_filters
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, View
from django.views.generic.base import ContextMixin, TemplateResponseMixin
from django_stubs_ext import StrOrPromise

from waishi.core import clock
from waishi.core.excel import workbook_response
from waishi.core.mixins import RulePermissionMixin
from waishi.core.names import shown_name_order
from waishi.core.pagination import SEARCH_COUNT_CAP, CountingPaginator
from waishi.core.widgets import quick_selects

# A year lookup (`departure__year`) takes only the years Python's dates hold.
YEARS = (datetime.MINYEAR, datetime.MAXYEAR)
# No count, number of days or amount the office filters on comes near this; a larger number
# would overflow a date or a database integer.
NUMBER_LIMIT = 1_000_000_000
# Parameters of a list that are not filters.
NOT_FILTERS = ("page", "sort", "page_size", "ordering", "format")


FS = TypeVar("FS", bound=django_filters.FilterSet)
M = TypeVar("M", bound=Model)


def bound_numbers(filterset: FS) -> FS:
    """Give every number filter of `filterset` the bounds its lookup can take (a year, or
    ±`NUMBER_LIMIT`) unless it declares its own, so a bad number is a form error, never a
    server error."""
    for name, found in filterset.filters.items():
        if not isinstance(found, django_filters.NumberFilter):
            continue
        if name.endswith("year") or (found.field_name or "").endswith("year"):
            low, high = YEARS
            message = _("Enter a year from %(min)d to %(max)d.") % {"min": low, "max": high}
            errors = found.extra.setdefault("error_messages", {})
            errors.setdefault("min_value", message)
            errors.setdefault("max_value", message)
        else:
            low, high = -NUMBER_LIMIT, NUMBER_LIMIT
        found.extra.setdefault("min_value", low)
        found.extra.setdefault("max_value", high)
        found.__dict__.pop("_field", None)  # a field built before the bounds is built again
    return filterset


def year_param(request: HttpRequest, default: int, name: str = "year") -> int:
    """The year a page is asked for (`?year=`); a value that is not a year is ignored, and
    the page says so."""
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    low, high = YEARS
    try:
        year = int(value)
    except ValueError:
        year = 0
    if low <= year <= high:
        return year
    messages.warning(
        request,
        _("The filter “%(filter)s” was ignored: %(error)s")
        % {
            "filter": _("Year"),
            "error": _("Enter a year from %(min)d to %(max)d.") % {"min": low, "max": high},
        },
    )
    return default


class FilteredListView(ListView[M]):
    """A list page. Subclasses set `filterset_class`, `sort_options` and implement
    `get_base_queryset()` by calling their app's `..._for_user(user)` query."""

    filterset_class: type[django_filters.FilterSet] | None = None
    # key -> (label, ordering fields); the first key is the default. Fields None: by the name
    # shown now (pinyin order in Chinese, A to Z in English), for rows with stored sort keys
    # (units, countries: `names.shown_name_order`).
    sort_options: dict[str, tuple[StrOrPromise, list[str] | None]] = {}
    paginate_by = 25
    paginator_class = CountingPaginator
    partial_template_name: str | None = None

    def get_base_queryset(self) -> QuerySet[M]:
        raise NotImplementedError

    @cached_property
    def filterset(self) -> django_filters.FilterSet | None:
        """The filters of the address; a value that fails its check is left out (and the
        page says so, see `get`), the others still apply."""
        if self.filterset_class is None:
            return None
        data = self.request.GET or None
        found = self._filterset(data)
        self.ignored_filters: dict[str, list[str]] = {}
        if data is not None and not found.is_valid():
            self.ignored_filters = {
                str(found.filters[name].label or name) if name in found.filters else name: errors
                for name, errors in found.errors.items()
            }
            kept = data.copy()
            for name in found.errors:
                kept.pop(name, None)
            found = self._filterset(kept)
        quick_selects(found.form)
        return found

    def _filterset(self, data: QueryDict | None) -> django_filters.FilterSet:
        if self.filterset_class is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no filterset_class")
        return bound_numbers(
            self.filterset_class(data, queryset=self.get_base_queryset(), request=self.request)
        )

    def _is_filtered(self) -> bool:
        return any(v for k, v in self.request.GET.items() if k not in NOT_FILTERS)

    @cached_property
    def sort_key(self) -> str:
        key = self.request.GET.get("sort", "")
        if key not in self.sort_options and self.sort_options:
            key = next(iter(self.sort_options))
        return key

    def get_queryset(self) -> QuerySet[M]:
        found = self.filterset
        if found is not None and found.is_bound and found.is_valid():
            queryset = found.qs
        elif found is not None and found.queryset is not None:
            queryset = found.queryset
        else:
            queryset = self.get_base_queryset()
        if self.sort_options:
            fields = self.sort_options[self.sort_key][1]
            queryset = queryset.order_by(*(shown_name_order() if fields is None else fields))
        return queryset

    def count_cap(self) -> int | None:
        """A text search counts its matches only up to a cap (the pages say "more than")."""
        return SEARCH_COUNT_CAP if self.request.GET.get("q", "").strip() else None

    def get_paginator(
        self,
        queryset: Any,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        **kwargs: Any,
    ) -> CountingPaginator:
        return CountingPaginator(
            queryset, per_page, orphans, allow_empty_first_page, cap=self.count_cap(), **kwargs
        )

    def prepare_rows(self, rows: list[M]) -> list[M]:
        """The page's rows, when first read; a subclass may add what the table shows."""
        return rows

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Checked now (not when the rows are read) so that the page says what it left out.
        # (Not for the results alone that htmx asks for as one types: they show no messages.)
        if (
            self._is_filtered()
            and not getattr(request, "htmx", False)
            and self.filterset is not None
            and self.filterset.is_bound
        ):
            for label, errors in self.ignored_filters.items():
                messages.warning(
                    request,
                    _("The filter “%(filter)s” was ignored: %(error)s")
                    % {"filter": label, "error": " ".join(errors)},
                )
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and self.partial_template_name:
            return ["core/components/results.html"]
        # Not ListView's guess from the rows' model, which would build the rows.
        return TemplateResponseMixin.get_template_names(self)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        paginator, page, rows_page, is_paginated = self.paginate_queryset(
            self.object_list, self.paginate_by
        )
        rows = self.prepare_rows(list(rows_page))
        context: dict[str, Any] = {
            "paginator": paginator,
            "page_obj": page,
            "is_paginated": is_paginated,
            "object_list": rows,
            "results_template": self.partial_template_name,
            "filter": self.filterset,
            "sort_key": self.sort_key,
            "sort_choices": [(k, v[0]) for k, v in self.sort_options.items()],
            "is_filtered": self.filterset_class is not None and self._is_filtered(),
        }
        if self.context_object_name:
            context[self.context_object_name] = rows
        context.update(kwargs)
        return ContextMixin.get_context_data(self, **context)


class YearFiguresView(RulePermissionMixin, View):
    """A register's figures of a year (`?year=`, this year by default): the page, or with
    `export=True` (in the URL's `as_view`) the same figures as a workbook. A register gives
    `count` (its figures, from its `for_user` query: each reader counts what they may see) and
    `workbook`."""

    template_name = ""
    # The workbook's file name; `{year}` is the year shown.
    filename = ""
    export = False

    def count(self, request: HttpRequest, year: int) -> Any:
        raise ImproperlyConfigured(f"{type(self).__name__} must count its figures.")

    def workbook(self, figures: Any) -> IO[bytes]:
        raise ImproperlyConfigured(f"{type(self).__name__} must write its workbook.")

    def get(self, request: HttpRequest) -> HttpResponse | FileResponse:
        year = year_param(request, clock.today().year)
        found = self.count(request, year)
        if self.export:
            return workbook_response(self.workbook(found), self.filename.format(year=year))
        return render(request, self.template_name, {"figures": found, "year": year})

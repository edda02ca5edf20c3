"""Lists as the office expects them: search, filters, sorting, pagination, and a partial
response for htmx so the table updates as you type."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from django.views.generic import ListView
from django.views.generic.base import ContextMixin, TemplateResponseMixin

from waishi.core.fragments import WholePageForStaffMixin, deferred


class FilteredListView(WholePageForStaffMixin, ListView):
    """A list page. Subclasses set `filterset_class`, `sort_options` and implement
    `get_base_queryset()` by calling their app's `..._for_user(user)` query. Shown again
    whole from the cache until the data changes (`waishi.core.fragments`)."""

    filterset_class: Any = None
    # key -> (label, ordering fields); the first key is the default.
    sort_options: dict[str, tuple[Any, list[str]]] = {}
    paginate_by = 25
    partial_template_name: str | None = None

    def get_base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    @cached_property
    def filterset(self) -> Any:
        if self.filterset_class is None:
            return None
        return self.filterset_class(
            self.request.GET or None, queryset=self.get_base_queryset(), request=self.request
        )

    @cached_property
    def sort_key(self) -> str:
        key = self.request.GET.get("sort", "")
        if key not in self.sort_options and self.sort_options:
            key = next(iter(self.sort_options))
        return key

    def get_queryset(self) -> QuerySet[Any]:
        if self.filterset is None:
            queryset = self.get_base_queryset()
        elif self.filterset.is_bound and self.filterset.is_valid():
            queryset = self.filterset.qs
        else:
            queryset = self.filterset.queryset
        if self.sort_options:
            queryset = queryset.order_by(*self.sort_options[self.sort_key][1])
        return queryset

    def prepare_rows(self, rows: list[Any]) -> list[Any]:
        """The page's rows, when first read; a subclass may add what the table shows."""
        return rows

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Built when first read: a cached results region and toolbar need neither the rows
        # nor the filter form (see get_context_data).
        self.object_list = deferred(self.get_queryset)
        return self.render_to_response(self.get_context_data())

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and self.partial_template_name:
            return ["core/components/results.html"]
        # Not ListView's guess from the rows' model, which would build the rows.
        return TemplateResponseMixin.get_template_names(self)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The page is counted and fetched only when the template reads it: the results region
        # is a cached fragment (core/components/results.html), and a hit costs no query.
        rows_query = self.object_list
        pages = deferred(lambda: self.paginate_queryset(rows_query, self.paginate_by))
        rows = deferred(lambda: self.prepare_rows(list(pages[2])))
        context: dict[str, Any] = {
            "paginator": deferred(lambda: pages[0]),
            "page_obj": deferred(lambda: pages[1]),
            "is_paginated": deferred(lambda: pages[3]),
            "object_list": rows,
            "results_template": self.partial_template_name,
            "filter": deferred(lambda: self.filterset),
            "sort_key": self.sort_key,
            "sort_choices": [(k, v[0]) for k, v in self.sort_options.items()],
            "is_filtered": self.filterset_class is not None
            and any(v for k, v in self.request.GET.items() if k not in ("page", "sort")),
        }
        if self.context_object_name:
            context[self.context_object_name] = rows
        context.update(kwargs)
        return ContextMixin.get_context_data(self, **context)

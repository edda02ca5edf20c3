"""Lists as the office expects them: search, filters, sorting, pagination, and a partial
response for htmx so the table updates as you type."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.views.generic import ListView


class FilteredListView(ListView):
    """A list page. Subclasses set `filterset_class`, `sort_options` and implement
    `get_base_queryset()` by calling their app's `..._for_user(user)` query."""

    filterset_class: Any = None
    # key -> (label, ordering fields); the first key is the default.
    sort_options: dict[str, tuple[Any, list[str]]] = {}
    paginate_by = 25
    partial_template_name: str | None = None

    def get_base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.get_base_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request
            )
            if self.filterset.is_bound and self.filterset.is_valid():
                queryset = self.filterset.qs
        self.sort_key = self.request.GET.get("sort", "")
        if self.sort_key not in self.sort_options and self.sort_options:
            self.sort_key = next(iter(self.sort_options))
        if self.sort_options:
            queryset = queryset.order_by(*self.sort_options[self.sort_key][1])
        return queryset

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["sort_key"] = self.sort_key
        context["sort_choices"] = [(k, v[0]) for k, v in self.sort_options.items()]
        context["is_filtered"] = bool(
            self.filterset is not None
            and any(v for k, v in self.request.GET.items() if k not in ("page", "sort"))
        )
        return context

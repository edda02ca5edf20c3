from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from waishi.core.row_counts import row_count

# A text search of a list page counts its matches up to this many: past it the page says
# "more than 1,000" (refine the search) rather than count every match of a common word.
SEARCH_COUNT_CAP = 1000


class CountingPaginator(Paginator[Any]):
    """A paginator whose count of a whole large register comes from the count its table
    keeps (`core/row_counts.py`, PostgreSQL), exact as COUNT(*) but without reading the rows.
    `counted`: the same rows as a cheaper queryset to count (without a join the pages are read
    through), when there is one. `cap`: count only up to this many (`capped` says the rows
    are more; the pages end there)."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        *,
        counted: QuerySet[Any] | None = None,
        cap: int | None = None,
    ) -> None:
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.counted = counted
        self.cap = cap

    @cached_property
    def _found(self) -> int:
        rows = self.object_list if self.counted is None else self.counted
        if not isinstance(rows, QuerySet):
            return super().count
        if self.cap is not None:
            # One more than the cap, to know whether there are more.
            return rows.order_by()[: self.cap + 1].count()
        return row_count(rows)

    @cached_property
    def count(self) -> int:
        return self._found if self.cap is None else min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self.cap is not None and self._found > self.cap


class Pagination(PageNumberPagination):
    """Every API list: 25 rows a page, up to 500 with ?page_size=."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CountingPaginator

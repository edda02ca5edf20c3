from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from waishi.core.row_counts import row_count


class CountingPaginator(Paginator[Any]):
    """A paginator whose count of a whole large register comes from the count its table
    keeps (`core/row_counts.py`, PostgreSQL), exact as COUNT(*) but without reading the rows.
    `counted`: the same rows as a cheaper queryset to count (without a join the pages are read
    through), when there is one."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        *,
        counted: QuerySet[Any] | None = None,
    ) -> None:
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        rows = self.object_list if self.counted is None else self.counted
        if isinstance(rows, QuerySet):
            return row_count(rows)
        return super().count


class Pagination(PageNumberPagination):
    """Every API list: 25 rows a page, up to 500 with ?page_size=."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CountingPaginator

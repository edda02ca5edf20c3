from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from waishi.core.row_counts import row_count


class CountingPaginator(Paginator[Any]):
    """A paginator whose count of a whole large register comes from the count its table
    keeps (`core/row_counts.py`, PostgreSQL), exact as COUNT(*) but without reading the rows."""

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return row_count(rows)
        return super().count


class Pagination(PageNumberPagination):
    """Every API list: 25 rows a page, up to 500 with ?page_size=."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CountingPaginator

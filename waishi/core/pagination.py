from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Every API list: 25 rows a page, up to 500 with ?page_size=."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 500

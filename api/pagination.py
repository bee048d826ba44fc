"""Pages of at most API_PAGE_SIZE_MAX rows: ``?page=2&page_size=100``; a larger page_size is cut to the maximum."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

ERR_PAGE = _("There is no such page: the pages run from 1 to the last one the answer gives.")


class Pagination(PageNumberPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_PAGE_SIZE_MAX
    invalid_page_message = ERR_PAGE

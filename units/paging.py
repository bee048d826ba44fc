"""Pages of long lists: whatever page number a link or a hand-typed URL asks for, the nearest page that exists."""

import re
from dataclasses import dataclass

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

PER_PAGE = 50
SEARCH_MAX_CHARS = 100  # the search boxes' maxlength


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def search_text(text) -> str:
    """What a list's search box asked for: spaces folded, control characters (a NUL, which PostgreSQL cannot hold in
    a query) taken as spaces, at most SEARCH_MAX_CHARS characters."""
    return " ".join(_CONTROL.sub(" ", str(text or "")).split())[:SEARCH_MAX_CHARS]


ERR_UNKNOWN_FILTER = _("The page asked for a filter it does not know; all units are shown.")


def nearest_page(paginator: Paginator, page) -> int:
    """The page asked for, or the nearest that exists: not a number is the first, below the first the first, past
    the last the last."""
    try:
        number = int(str(page).strip())
    except ValueError:
        number = 1
    return max(1, min(number, paginator.num_pages))


def page_of(rows, page, per_page: int = PER_PAGE, count: int | None = None) -> Page:
    """One page of ``rows`` (a queryset: two queries, the count and the page; one when the caller knows the
    ``count`` already)."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count  # the cached property, set: no COUNT query
    return paginator.page(nearest_page(paginator, page))


class NearestPaginator(Paginator):
    """A paginator whose page out of range (or not a number) is the nearest page, for django-tables2's
    ``table.paginate(paginator_class=NearestPaginator, per_page=PER_PAGE, page=...)``."""

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except (PageNotAnInteger, EmptyPage):
            return nearest_page(self, number)


def table_paginate(request, table, per_page: int = PER_PAGE) -> None:
    """A django-tables2 table in the order the request asks, ``per_page`` rows a page whatever ``per_page`` the URL
    asks, the nearest page to the one asked for."""
    RequestConfig(request, paginate=False).configure(table)
    table.paginate(paginator_class=NearestPaginator, per_page=per_page, page=request.GET.get("page", 1))


@dataclass(kw_only=True)
class FilteredPage:
    """One page of a list searched by ``text`` and filtered by ``status`` (one of ``filters``); ``problem`` says the
    page ignored a filter it did not know. Lists add their own counters."""

    page: Page
    text: str = ""
    status: str = ""
    problem: str = ""
    filters: tuple = ()

    @property
    def rows(self) -> list:
        return self.page.object_list

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.status)

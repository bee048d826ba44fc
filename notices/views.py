"""My notices: the list (unread first), mark all read, open one (marked read, then its page). A user sees only their
own notices: another user's is 404. Nothing changes on a GET."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View

from notices import services
from notices.models import Notice
from notices.todo import tasks_total, user_tasks

PER_PAGE = 50
MSG_ALL_READ = gettext_noop("All notices are marked as read.")


class NoticeListView(LoginRequiredMixin, View):
    def get(self, request):
        notices = (
            Notice.objects.filter(user=request.user)
            .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
            .order_by("-unread", "-created", "-pk")
        )
        page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
        unread = Notice.objects.filter(user=request.user, read_at__isnull=True).count()
        # Also the navbar badge's count: the context processor's lazy count then never runs.
        return render(request, "notices/list.html", {"page": page, "unread": unread, "unread_notices": unread})


class NoticeReadAllView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        services.notice_mark_read(user=request.user)
        messages.success(request, _(MSG_ALL_READ))
        return redirect("notice_list")


class NoticeOpenView(LoginRequiredMixin, View):
    """Open a notice (POST, from the list): mark it read and go to its page (only a page of this site)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notice = get_object_or_404(Notice, pk=pk, user=request.user)
        services.notice_mark_read(user=request.user, notice=notice)
        if notice.url and url_has_allowed_host_and_scheme(
            notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(notice.url)
        return redirect("notice_list")


class BellView(LoginRequiredMixin, View):
    """/notices/bell/: the navbar's bell, fetched by htmx once the page has loaded (so that no page pays for the
    counts): the unread notices and the user's tasks (notices.todo), each with its count and a link."""

    def get(self, request):
        tasks = [task for task in user_tasks(request.user) if task.count]
        unread = Notice.objects.filter(user=request.user, read_at__isnull=True).count()
        return render(
            request,
            "notices/_bell.html",
            {"tasks": tasks, "unread": unread, "total": unread + tasks_total(tasks), "unread_notices": unread},
        )

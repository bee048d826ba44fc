"""Unit browser, search, villages and agencies, clusters. Views are thin: scope through ScopedViewMixin, writes
through units.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from notices.todo import tasks_total, user_tasks
from units import services
from units.filtersets import ChildFilter, ClusterFilter
from units.forms import ClusterForm, ClusterMemberFormSet, UnitChildForm, UnitSearchForm
from units.models import Cluster, Edition, Unit, UnitKind
from units.paging import ERR_UNKNOWN_FILTER, table_paginate
from units.scope import ScopedViewMixin, ServiceFormView, add_service_errors
from units.successions import successions_of
from units.tables import ClusterTable, UnitSearchTable, UnitTable


def healthz(request):
    """For load balancers and docker-compose: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def breadcrumbs(user, unit: Unit) -> list[tuple[Unit, bool]]:
    """The path from the root to the unit; each step says whether the user may open it."""
    visible = set(
        Unit.objects.restrict(user)
        .filter(pk__in=[u.pk for u in Unit.objects.get_ancestors(unit)])
        .values_list("pk", flat=True)
    )
    return [(u, u.pk in visible) for u in Unit.objects.get_ancestors(unit)] + [(unit, True)]


class HomeView(ScopedViewMixin, View):
    """The start page: the user's tasks by role (notices.todo), each with its count and a link to its list; then
    the units they act for."""

    def get(self, request):
        tasks = user_tasks(request.user)
        return render(
            request,
            "units/home.html",
            {"units": _top_units(request), "tasks": tasks, "tasks_total": tasks_total(tasks)},
        )


def _top_units(request):
    """The units a user starts browsing from: the ones they act for, or every province for a superuser."""
    user = request.user
    if user.is_superuser:
        edition = request.GET.get("edition") or Edition.E2025_01
        return Unit.objects.filter(depth=1, edition=edition).order_by("code")
    return Unit.objects.filter(pk__in=[m.unit_id for m in user.memberships_list]).order_by("path")


class UnitBrowserView(ScopedViewMixin, View):
    def get(self, request):
        units = _top_units(request)
        table = UnitTable(units)
        table_paginate(request, table)
        return render(
            request,
            "units/browser.html",
            {
                "table": table,
                "editions": Edition.choices,
                "edition": request.GET.get("edition") or Edition.E2025_01,
                "search_form": UnitSearchForm(),
            },
        )


class UnitDetailView(ScopedViewMixin, View):
    def get(self, request, pk):
        unit = self.get_scoped_object(Unit, pk)
        children = ChildFilter(request.GET, queryset=Unit.objects.get_children(unit))
        table = UnitTable(children.qs)  # an unknown kind is left out of the filter, and said so
        table_paginate(request, table)
        organised = self.scoped(Cluster).filter(organiser=unit).annotate(member_count=Count("members"))
        member_of = unit.cluster_memberships.select_related("cluster")
        successors, predecessors = successions_of(unit)
        paths = None if request.user.is_superuser else request.user.scope_paths()
        linked = {
            other.pk
            for other in [s.new for s in successors] + [p.old for p in predecessors]
            if paths is None or any(other.path.startswith(path) for path in paths)
        }
        return render(
            request,
            "units/unit_detail.html",
            {
                "unit": unit,
                "crumbs": breadcrumbs(request.user, unit),
                "table": table,
                "filter": children,
                "problem": ERR_UNKNOWN_FILTER if children.errors else "",
                "organised_clusters": organised,
                "member_of": member_of,
                "successors": successors,
                "predecessors": predecessors,
                "linked": linked,  # the units on either side the user may open (others would be 404)
                "can_add": request.user.can("unit.edit", unit) and unit.kind != UnitKind.VILLAGE,
                "can_edit": request.user.can("unit.edit", unit) and not unit.official,
                "can_organise": request.user.can("cluster.edit", unit) and unit.kind != UnitKind.VILLAGE,
                "can_documents": request.user.can("unit.documents", unit) and unit.kind != UnitKind.VILLAGE,
            },
        )


class UnitSearchView(ScopedViewMixin, View):
    def get(self, request):
        form = UnitSearchForm(request.GET)
        units = Unit.objects.none()
        if form.is_valid() and form.cleaned_data["q"]:
            units = self.scoped(Unit).search(form.cleaned_data["q"]).order_by("edition", "path")
        table = UnitSearchTable(units)
        table_paginate(request, table)
        _annotate_parent_names(table.page.object_list if table.page else [])
        return render(request, "units/search.html", {"form": form, "table": table})


def _annotate_parent_names(rows) -> None:
    """Name the ancestors of each row of one page in a single query (paths hold them)."""
    records = [row.record for row in rows]
    steplen = Unit.steplen
    wanted = {r.path[:i] for r in records for i in range(steplen, len(r.path), steplen)}
    names = dict(Unit.objects.filter(path__in=wanted).values_list("path", "short_name"))
    for record in records:
        parts = [names.get(record.path[:i], "") for i in range(steplen, len(record.path), steplen)]
        record.parent_names = " › ".join(p for p in parts if p)


class UnitAddChildView(ServiceFormView):
    action = "unit.edit"
    template_name = "units/unit_form.html"

    def load_scoped(self, pk):
        self.parent = self.get_scoped_object(Unit, pk)
        return self.parent

    def get_form(self, data=None):
        return UnitChildForm(data, parent=self.parent)

    def perform(self, form):
        unit = services.unit_add_child(parent=self.parent, **form.cleaned_data)
        message = _("Added %(name)s under %(parent)s.") % {"name": unit.name, "parent": self.parent.name}
        return message, reverse("unit_detail", kwargs={"pk": self.parent.pk})

    def get_context(self):
        return {
            "parent": self.parent,
            "crumbs": breadcrumbs(self.request.user, self.parent),
            "title": _("Add a village or agency under %(parent)s") % {"parent": self.parent.name},
        }


class UnitEditView(ServiceFormView):
    action = "unit.edit"
    template_name = "units/unit_form.html"

    def load_scoped(self, pk):
        self.unit = self.get_scoped_object(Unit, pk, official=False)
        self.parent = Unit.objects.get_parent(self.unit)
        return self.unit

    def get_form(self, data=None):
        return UnitChildForm(data, parent=self.parent, instance=self.unit)

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        services.unit_update(unit=self.unit, **data)
        return _("Saved %(name)s.") % {"name": data["name"]}, reverse("unit_detail", kwargs={"pk": self.unit.pk})

    def get_context(self):
        return {
            "parent": self.parent,
            "crumbs": breadcrumbs(self.request.user, self.unit),
            "title": _("Edit %(name)s") % {"name": self.unit.name},
        }


class ClusterListView(ScopedViewMixin, View):
    def get(self, request):
        clusters = self.scoped(Cluster).select_related("organiser").annotate(member_count=Count("members"))
        filterset = ClusterFilter(request.GET, queryset=clusters)
        table = ClusterTable(filterset.qs)
        table_paginate(request, table)
        return render(request, "units/cluster_list.html", {"table": table, "filter": filterset})


class ClusterDetailView(ScopedViewMixin, View):
    def get(self, request, pk):
        cluster = self.get_scoped_object(Cluster, pk)
        members = cluster.members.select_related("unit").order_by("unit__code")
        return render(
            request,
            "units/cluster_detail.html",
            {
                "cluster": cluster,
                "members": members,
                "crumbs": breadcrumbs(request.user, cluster.organiser),
                "can_edit": request.user.can("cluster.edit", cluster.organiser),
                "history": cluster.history.select_related("history_user")[:20],
            },
        )


class ClusterEditView(ScopedViewMixin, View):
    """Create (``unit_pk``: the organiser) or edit (``pk``) a cluster with its members in one form."""

    action = "cluster.edit"

    def load_scoped(self, **kwargs):
        if "pk" in kwargs:
            self.cluster = self.get_scoped_object(Cluster, kwargs["pk"])
            self.organiser = self.cluster.organiser
        else:
            self.cluster = None
            self.organiser = self.get_scoped_object(Unit, kwargs["unit_pk"])
            if self.organiser.kind == UnitKind.VILLAGE:
                raise Http404
        self.candidates = Unit.objects.get_children(self.organiser).exclude(kind=UnitKind.VILLAGE).order_by("code")
        return self.organiser

    def get(self, request, **kwargs):
        initial = []
        if self.cluster:
            initial = [{"unit": m.unit, "role": m.role} for m in self.cluster.members.select_related("unit")]
        form = ClusterForm(instance=self.cluster)
        formset = ClusterMemberFormSet(initial=initial, prefix="m", form_kwargs={"candidates": self.candidates})
        return self._render(form, formset)

    def post(self, request, **kwargs):
        form = ClusterForm(request.POST, instance=self.cluster or Cluster(organiser=self.organiser))
        formset = ClusterMemberFormSet(request.POST, prefix="m", form_kwargs={"candidates": self.candidates})
        if form.is_valid() and formset.is_valid():
            members = [
                services.MemberSpec(unit=f.cleaned_data["unit"], role=f.cleaned_data["role"])
                for f in formset.forms
                if f.cleaned_data.get("unit") and not f.cleaned_data.get("DELETE")
            ]
            try:
                cluster = services.cluster_save(
                    cluster=self.cluster,
                    organiser=self.organiser,
                    members=members,
                    **{k: form.cleaned_data[k] for k in ("year", "kind", "name", "note")},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved the cluster %(name)s.") % {"name": cluster.name})
                return redirect("cluster_detail", pk=cluster.pk)
        return self._render(form, formset, status=400)

    def _render(self, form, formset, status=200):
        title = (
            _("Edit %(name)s") % {"name": self.cluster.name}
            if self.cluster
            else _("New cluster organised by %(unit)s") % {"unit": self.organiser.name}
        )
        return render(
            self.request,
            "units/cluster_form.html",
            {
                "form": form,
                "formset": formset,
                "organiser": self.organiser,
                "cluster": self.cluster,
                "title": title,
                "crumbs": breadcrumbs(self.request.user, self.organiser),
            },
            status=status,
        )

"""The roll-up page: a unit's figures for a period, added up from the reports below it, with the drill-down to its
children, completeness and lateness, and the same table as an Excel workbook. Thin: reports.rollup computes."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views import View

from campaigns.models import Campaign
from reports import rollup
from reports.excel import rollup_workbook
from reports.models import Period
from reports.selectors_rollup import progress_page, rollup_page, rollup_table
from reports.services import campaign_figures
from units.models import Unit
from units.scope import ScopedViewMixin
from units.views import breadcrumbs


def rollup_context(*, period, unit) -> dict:
    """What the workbook shows: the whole table, every child and every reporting unit; a fixed number of queries
    whatever the number of units."""
    figures = campaign_figures(period.campaign)
    own = rollup.rollup_unit(period=period, unit=unit, figures=figures)
    children = rollup.rollup_children(period=period, unit=unit, figures=figures)
    progress = rollup.completeness(period=period, unit=unit)
    return {
        "period": period,
        "campaign": period.campaign,
        "unit": unit,
        "own": own,
        **rollup_table(figures=figures, own=own, children=children),
        "progress": progress,
    }


class RollupView(ScopedViewMixin, View):
    def load_scoped(self, period_pk, unit_pk):
        """The unit ``0`` is the whole country (rollup.Country), for a campaign over several provinces to a user who
        sees every participant of it; anyone else gets 404, as for a unit outside their scope."""
        self.period = Period.objects.select_related("campaign", "campaign__doc_type").filter(pk=period_pk).first()
        if self.period is None or not self.scoped(Campaign).filter(pk=self.period.campaign_id).exists():
            raise Http404
        if unit_pk == rollup.Country.pk:
            if not rollup.sees_country(user=self.request.user, campaign=self.period.campaign):
                raise Http404
            self.unit = rollup.country_of(self.period.campaign)
        else:
            self.unit = self.get_scoped_object(Unit, unit_pk)

    def get(self, request, period_pk, unit_pk):
        if request.GET.get("format") == "xlsx":
            context = rollup_context(period=self.period, unit=self.unit)
            response = HttpResponse(
                rollup_workbook(**context),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="tong-hop-{period_pk}-{unit_pk}.xlsx"'
            return response
        return self.page(request)

    def page(self, request):
        """The page: 50 children and 50 units of progress at a time, whatever the size of the subtree."""
        context = rollup_page(
            period=self.period,
            unit=self.unit,
            children_text=request.GET.get("cq", ""),
            children_page_number=request.GET.get("cpage", 1),
            text=request.GET.get("q", ""),
            status=request.GET.get("status", ""),
            page=request.GET.get("page", 1),
        )
        context["crumbs"] = [] if isinstance(self.unit, rollup.Country) else breadcrumbs(request.user, self.unit)
        return render(request, "reports/rollup.html", context)


class RollupProgressView(RollupView):
    """/reports/period/<p>/rollup/<u>/progress/: a page of the reporting units' progress, searched and filtered: the
    list alone for htmx, else the whole roll-up page at that list (links work without JavaScript)."""

    def get(self, request, period_pk, unit_pk):
        if not request.headers.get("HX-Request"):
            return self.page(request)
        progress = progress_page(
            period=self.period,
            unit=self.unit,
            text=request.GET.get("q", ""),
            status=request.GET.get("status", ""),
            page=request.GET.get("page", 1),
        )
        return render(
            request,
            "reports/_rollup_progress_rows.html",
            {"period": self.period, "unit": self.unit, "progress": progress},
        )

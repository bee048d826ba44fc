"""The roll-up page: a unit's figures for a period, added up from the reports below it, with the drill-down to its
children, completeness and lateness, and the same table as an Excel workbook. Thin: reports.rollup computes."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views import View

from campaigns.models import Campaign
from reports import rollup
from reports.excel import rollup_workbook
from reports.models import Period
from reports.services import campaign_figures
from units.models import Unit
from units.scope import ScopedViewMixin
from units.views import breadcrumbs


def rollup_context(*, period, unit) -> dict:
    """What the page and the workbook show; a fixed number of queries whatever the number of units."""
    figures = campaign_figures(period.campaign)
    own = rollup.rollup_unit(period=period, unit=unit, figures=figures)
    children = rollup.rollup_children(period=period, unit=unit, figures=figures)
    progress = rollup.completeness(period=period, unit=unit)
    rows = [
        {"figure": f, "cell": own.cells.get(f.pk), "children": [child.cells.get(f.pk) for child in children]}
        for f in figures
    ]

    def number(value):
        return float(value) if value is not None else None

    chart = {
        "units": [child.unit.name for child in children],
        "figures": [
            {
                "name": row["figure"].name,
                "unit": row["figure"].unit_of_measure,
                "values": [number(c.value) if c else None for c in row["children"]],
                # each child's own target (registered, else assigned), which the roll-up has read already
                "targets": [number(c.target) if c else None for c in row["children"]],
            }
            for row in rows
        ],
    }
    return {
        "period": period,
        "campaign": period.campaign,
        "unit": unit,
        "own": own,
        "rows": rows,
        "children": children,
        "child_rows": [(child, [row["children"][i] for row in rows]) for i, child in enumerate(children)],
        "chart": chart,
        "progress": progress,
        "submitted": sum(1 for p in progress if p.status in ("submitted", "approved")),
        "late": sum(1 for p in progress if p.late),
    }


class RollupView(ScopedViewMixin, View):
    def load_scoped(self, period_pk, unit_pk):
        self.unit = self.get_scoped_object(Unit, unit_pk)
        self.period = Period.objects.select_related("campaign", "campaign__doc_type").filter(pk=period_pk).first()
        if self.period is None or not self.scoped(Campaign).filter(pk=self.period.campaign_id).exists():
            raise Http404

    def get(self, request, period_pk, unit_pk):
        context = rollup_context(period=self.period, unit=self.unit)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                rollup_workbook(**context),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="tong-hop-{period_pk}-{unit_pk}.xlsx"'
            return response
        context["crumbs"] = breadcrumbs(request.user, self.unit)
        return render(request, "reports/rollup.html", context)

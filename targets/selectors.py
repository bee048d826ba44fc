"""Reads for the target grids: a fixed number of queries whatever the number of indicators and units."""

from dataclasses import dataclass, field
from decimal import Decimal

from campaigns.models import Campaign
from campaigns.selectors import campaign_document
from targets.models import Aggregation, Figure, Target
from targets.services import NUMERIC_FORMS
from units.models import Unit


@dataclass
class GridRow:
    figure: Figure
    indicator_label: str
    indicator_sentence: str
    first_of_indicator: bool
    target: Target | None
    editable: bool


def _figures_in_order(campaign: Campaign) -> list[tuple[Figure, object, bool]]:
    """(figure, indicator, first figure of its indicator) in document order."""
    document = campaign_document(campaign=campaign)
    result = []

    def walk(nodes):
        for node in nodes:
            for indicator in node.indicators:
                for position, figure in enumerate(indicator.figure_list):
                    result.append((figure, indicator, position == 0))
            walk(node.children)

    walk(document.sections)
    return result


def target_grid_rows(*, campaign: Campaign, unit: Unit) -> list[GridRow]:
    figures = _figures_in_order(campaign)
    targets = {
        t.figure_id: t
        for t in Target.objects.filter(figure__indicator__section__campaign=campaign, unit=unit).select_related(
            "updated_by"
        )
    }
    return [
        GridRow(
            figure=figure,
            indicator_label=indicator.label,
            indicator_sentence=indicator.sentence,
            first_of_indicator=first,
            target=targets.get(figure.pk),
            editable=figure.form in NUMERIC_FORMS,
        )
        for figure, indicator, first in figures
    ]


@dataclass
class AssignColumn:
    figure: Figure
    indicator_label: str
    indicator_sentence: str = ""
    cells: list[Target | None] = field(default_factory=list)
    total: Decimal | None = None
    total_high: Decimal | None = None
    adds_up: bool = False

    @property
    def shortfall(self) -> Decimal | None:
        """How much the units' assigned targets fall short of the upper level's own (sum figures only)."""
        if not self.adds_up or self.figure.value is None or self.total is None:
            return None
        return self.figure.value - self.total


def assignment_grid(*, campaign: Campaign) -> tuple[list[Unit], list[AssignColumn]]:
    """Participating units (rows) × numeric figures (columns), with each column's sum against the campaign's own
    figure (for figures that add up by sum)."""
    units = list(Unit.objects.filter(campaign_participations__campaign=campaign).order_by("path"))
    targets = {
        (t.figure_id, t.unit_id): t
        for t in Target.objects.filter(figure__indicator__section__campaign=campaign, unit__in=units)
    }
    columns = []
    for figure, indicator, _first in _figures_in_order(campaign):
        if figure.form not in NUMERIC_FORMS:
            continue
        column = AssignColumn(
            figure=figure,
            indicator_label=indicator.label,
            indicator_sentence=indicator.sentence,
            adds_up=figure.aggregation == Aggregation.SUM,
        )
        column.cells = [targets.get((figure.pk, u.pk)) for u in units]
        values = [c.assigned_value for c in column.cells if c and c.assigned_value is not None]
        if column.adds_up and values:
            column.total = sum(values, Decimal(0))
        columns.append(column)
    return units, columns

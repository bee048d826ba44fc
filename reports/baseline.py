""" "So với năm 2024" for a unit formed by a merger: the previous year's value of a change figure, when the unit has
none of its own, is what its predecessors reported for that year, added up.

Xã Ba Sơn (06202) was formed on 1/7/2025 from Xã Cao Lâu, Xã Xuất Lễ and Xã Mẫu Sơn; in a 2025 campaign its
"Tổng sản lượng lương thực tăng 3%" is compared with the three communes' 2024 output. The rules:

- the predecessors are the units whose main successor the unit is (units.lineage), that existed in the previous
  year; a unit that itself existed all through that year inherits nothing;
- a predecessor's value is its actual in the **approved** year-end report (a period of kind "year") of a campaign of
  the previous year, for the figure of the same name (without case and diacritics) and the same unit of measure —
  unless the change is in percent ("tăng 3%": the values are levels in the unit the earlier figure names);
- every predecessor must have one, or there is no baseline (a partial sum would flatter the change);
- several values add up only for a figure that adds up (roll-up "sum"); a rate of one predecessor passes as it is.
"""

import datetime
from decimal import Decimal

from django.db.models import Q

from reports.models import PeriodKind, ReportStatus, ReportValue
from targets.models import Aggregation, Figure, FigureForm
from units.lineage import main_predecessor_ids
from units.models import Unit
from units.text import search_key

__all__ = ("predecessors_previous", "predecessors_sum")


PERCENT = "%"


def _key(name: str, unit_of_measure: str) -> tuple[str, str]:
    return search_key(name), search_key(unit_of_measure)


def predecessors_previous(*, campaign, unit: Unit) -> dict[int, Decimal]:
    """{figure id: the predecessors' previous-year value} for the campaign's change figures; {} for a unit that
    took over nothing (no query for a unit that existed all through the previous year)."""
    year = campaign.year - 1
    if not _formed_after(unit, year):
        return {}
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign, form=FigureForm.CHANGE))
    return _predecessors_values(unit=unit, year=year, figures=figures)


def predecessors_sum(*, unit: Unit, figure: Figure, year: int) -> Decimal | None:
    """The predecessors' value of the figure (an indicator of a later campaign) for ``year``, by the rules above:
    "so với năm 2024" for any year; None when there is none."""
    if not _formed_after(unit, year):
        return None
    return _predecessors_values(unit=unit, year=year, figures=[figure]).get(figure.pk)


def _formed_after(unit: Unit, year: int) -> bool:
    return unit.valid_from is not None and unit.valid_from > datetime.date(year, 1, 1)


def _predecessors_values(*, unit: Unit, year: int, figures: list[Figure]) -> dict[int, Decimal]:
    first_day, last_day = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if not figures:
        return {}
    ids = main_predecessor_ids(unit)
    if not ids:
        return {}
    existed = Q(valid_until__isnull=True) | Q(valid_until__gte=first_day)
    existed &= Q(valid_from__isnull=True) | Q(valid_from__lte=last_day)
    predecessors = list(Unit.objects.filter(existed, pk__in=ids).values_list("pk", flat=True))
    if not predecessors:
        return {}
    rows = (
        ReportValue.objects.filter(
            report__unit_id__in=predecessors,
            report__status=ReportStatus.APPROVED,
            report__period__kind=PeriodKind.YEAR,
            report__period__campaign__year=year,
            value__isnull=False,
        )
        .order_by("report__period__ends_on", "pk")
        .values_list("report__unit_id", "figure__name", "figure__unit_of_measure", "value")
    )
    found: dict[tuple[str, str], dict[int, Decimal]] = {}
    by_name: dict[str, dict[int, Decimal]] = {}
    for unit_id, name, unit_of_measure, value in rows:  # the latest year-end report wins
        found.setdefault(_key(name, unit_of_measure), {})[unit_id] = value
        by_name.setdefault(search_key(name), {})[unit_id] = value
    result = {}
    for figure in figures:
        if figure.unit_of_measure.strip() == PERCENT:
            values = by_name.get(search_key(figure.name), {})
        else:
            values = found.get(_key(figure.name, figure.unit_of_measure), {})
        if len(values) < len(predecessors):
            continue
        if len(values) == 1:
            result[figure.pk] = next(iter(values.values()))
        elif figure.aggregation == Aggregation.SUM:
            result[figure.pk] = sum(values.values(), Decimal(0))
    return result

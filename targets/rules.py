"""What a figure is, for the judgement and the roll-up (issue #19): the rules are decided here once, from the
figure's fields, and read by reports.achievement (the report page, the review page, print, scoring) and by
reports.rollup. Pure Python over a Figure's attributes (or any object that has them).

Reach: whom the campaign's figure is a target of.
    ``each`` — every unit: a rate, a level, a status ("tỷ lệ … đạt 95%", "đạt loại khá", "duy trì chuẩn"). A unit
    with no target of its own is judged against the campaign's figure.
    ``total`` — a total of the issuing unit: an absolute count or amount ("4.060 nghìn lượt khách", "7.485 tỷ
    đồng"). Only the issuing unit is judged against it; a lower unit needs a target assigned or registered, else it
    is shown "không giao chỉ tiêu" with its value.
    Left blank, it follows from the figure: a percentage, a rate ("bác sĩ/vạn dân"), a level, a status, a grade, a
    qualitative figure, one relative to what is assigned, or one that does not add up by a sum is for every unit;
    an absolute count or amount that adds up by a sum is the issuer's total.

Change measure: how a change figure ("tăng", "giảm") compares.
    ``points`` — percentage points: the figure is a rate and the change is actual − previous in points ("giảm tỷ lệ
    hộ nghèo 2 - 3%": 3,1 → 2,3 is a fall of 0,8 points).
    ``percent`` — percent of the previous year's value: (actual − previous) / previous × 100.
    ``growth`` — the reported value is the growth rate itself ("kim ngạch xuất khẩu tăng 9,4%"), compared with the
    target as it is; no previous year's value is needed.
    Left blank: a figure in % that is a rate (weighted, a ratio, or its name says "tỷ lệ") changes in points; another
    figure in % in percent; a figure in any other unit by its own unit ("giảm 04 hộ").

Roll-up: a percentage or rate is never summed up the tree. A rate marked to add up by a sum is averaged over the
units that reported it; ratios and weighted averages keep their own rules, and fall back to that average when the
figures they name are not in the campaign (reports.rollup)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = (
    "Reach",
    "ChangeMeasure",
    "figure_reach",
    "change_measure",
    "is_rate",
    "rollup_aggregation",
    "needs_previous",
    "is_count",
    "lower_is_better",
)

PERCENT = "%"
RATE_NAMES = ("tỷ lệ", "ty le")
# Units of measure that count whole things: a value of them has no fraction ("1 xã", never "0,5 xã"). A unit in
# thousands ("nghìn lượt") or per something ("bác sĩ/vạn dân") is not one; "xã, thị trấn" counts by its first noun.
COUNT_UNITS = frozenset(
    {
        "bản",
        "cơ quan",
        "cơ sở",
        "con",
        "công trình",
        "dn",
        "doanh nghiệp",
        "điểm",
        "đơn vị",
        "gia đình",
        "htx",
        "hợp tác xã",
        "hộ",
        "huyện",
        "khu",
        "làng",
        "lượt",
        "mô hình",
        "người",
        "nhà",
        "phường",
        "sản phẩm",
        "thôn",
        "tiêu chí",
        "trường",
        "vụ",
        "xã",
    }
)


class Reach(models.TextChoices):
    EACH = "each", _("Every unit (a rate, level or status)")
    TOTAL = "total", _("A total of the issuing unit")


class ChangeMeasure(models.TextChoices):
    POINTS = "points", _("Percentage points")
    PERCENT = "percent", _("Percent of the previous year")
    GROWTH = "growth", _("The growth rate itself, as reported")


# The choices' values, once: ``Reach.values`` builds its list anew on every call, and the roll-up asks for every cell.
_REACHES = frozenset(Reach.values)
_MEASURES = frozenset(ChangeMeasure.values)


def _unit(figure) -> str:
    return (getattr(figure, "unit_of_measure", "") or "").strip()


def is_rate(figure) -> bool:
    """A percentage or a rate ("bác sĩ/vạn dân", "tạ/ha"), or a change typed as a rate: never summed. A change in
    percent of the previous year is not: its values are absolute quantities (accidents, exports), its target in %."""
    if getattr(figure, "form", "") == "change":
        measure = change_measure(figure)
        if measure in (ChangeMeasure.POINTS, ChangeMeasure.GROWTH):
            return True
        if measure == ChangeMeasure.PERCENT:
            return False
    unit = _unit(figure)
    return unit == PERCENT or "/" in unit


def is_count(figure) -> bool:
    """The figure counts whole things (its unit of measure is one of COUNT_UNITS): its values are whole numbers."""
    unit = _unit(figure).lower()
    if not unit or "/" in unit:
        return False
    return unit.split(",")[0].strip() in COUNT_UNITS


def figure_reach(figure) -> str:
    """Reach.EACH or Reach.TOTAL: the figure's own choice, else what follows from it (the module's docstring)."""
    chosen = getattr(figure, "reach", "") or ""
    if chosen in _REACHES:
        return chosen
    form = getattr(figure, "form", "")
    if form in ("status", "grade", "qualitative", "relative", "rank"):
        return Reach.EACH
    if _unit(figure) == PERCENT or "/" in _unit(figure):
        return Reach.EACH
    if getattr(figure, "aggregation", "sum") != "sum":
        return Reach.EACH
    return Reach.TOTAL


def change_measure(figure) -> str:
    """How a change figure compares: a ChangeMeasure, or "" for a change in the figure's own unit."""
    chosen = getattr(figure, "change_measure", "") or ""
    if chosen in _MEASURES:
        return chosen
    if _unit(figure) != PERCENT:
        return ""
    name = (getattr(figure, "name", "") or "").strip().casefold()
    if getattr(figure, "aggregation", "") in ("weighted", "ratio") or any(word in name for word in RATE_NAMES):
        return ChangeMeasure.POINTS
    return ChangeMeasure.PERCENT


def needs_previous(figure) -> bool:
    """A change figure needs the previous year's value, unless its reported value is the growth itself."""
    return getattr(figure, "form", "") == "change" and change_measure(figure) != ChangeMeasure.GROWTH


def lower_is_better(figure) -> bool:
    """A lower value is better: direction down, or a rank ("trong nhóm 15 tỉnh dẫn đầu": 12th is better than 15th)."""
    return getattr(figure, "form", "") == "rank" or getattr(figure, "direction", "up") == "down"


def rollup_aggregation(figure) -> str:
    """The roll-up rule the figure is added up by: its own, except that a rate is never summed (averaged) and a rank
    never adds up (its distribution is shown)."""
    aggregation = getattr(figure, "aggregation", "sum")
    if getattr(figure, "form", "") == "rank":
        return "none"
    if aggregation == "sum" and is_rate(figure):
        return "average"
    return aggregation

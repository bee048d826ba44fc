"""The achievement of one reported figure (domain.md §5, §6 step 5): vượt, đạt, không đạt or chưa có số liệu, and the
percentage of target, for every form of figure. Pure Python: it reads the attributes of a Figure and a Target (or of
any object that has them) and never queries the database, so the roll-up can judge thousands of cells in a loop.

The value judged against
    The unit's registered value when there is one (đăng ký), else the value assigned to it (giao), else the figure's
    own value (the issuing unit's target). A range takes its (low, high) pair the same way. A grade is always the
    figure's own grade, as a Target carries no grade.

The rules, form by form (the example figure is from the seeds in campaigns/seeds/):

at_least, planned — "Tổng sản lượng lương thực có hạt đạt 1.105 tấn" (000).
    Direction up: actual = target → đạt (100,0%); actual > target → vượt (strictly above: no tolerance); below →
    không đạt. percent = actual / target × 100.
    Direction down, lower is better — "Tỷ lệ hộ nghèo: 0,85% chỉ tiêu thị xã giao" (003): actual = target → đạt;
    actual < target → vượt; above → không đạt. percent = target / actual × 100; an actual of 0 is vượt with no
    percentage. A planned figure with an upper value — "Nông lâm nghiệp chiếm 23 - 24%" (002) — is judged as a range.
range — "GRDP: 7 - 7,5%" (002).
    Direction up: actual < low → không đạt; low ≤ actual ≤ high → đạt; actual > high → vượt; percent = actual / low
    × 100. Direction down is the mirror: actual > high → không đạt; actual < low → vượt; percent = high / actual × 100.
change — "Giảm tỷ lệ hộ nghèo: 5% trở lên" (004), "Kim ngạch xuất khẩu tăng 8 - 9%" (002).
    Needs the previous year's value; without it, or with a previous value of 0 for a change in %, chưa có số liệu.
    A target in % is a relative change: (actual − previous) / previous × 100, or (previous − actual) / previous × 100
    for direction down (the decrease). A target in any other unit is an absolute change in that unit — "giảm 04 hộ"
    (003), "mỗi xã tăng từ 3 tiêu chí" (004): actual − previous (or previous − actual). The change is then compared with
    the target as at_least (a range target low - high: vượt above high); percent = change / target × 100.
    A change without a value — "Số vụ khiếu kiện phức tạp ... giảm hơn so với năm 2023" (001) — asks for any
    change in its direction: đạt when the change is above 0, else không đạt, with no percentage.
relative — "Thu ngân sách vượt 10% so với chỉ tiêu huyện giao" (000, stored as value 110),
    "100% kế hoạch huyện giao" (001, value 100), "vượt dự toán huyện giao" (001, also stored as 100).
    The figure's value is the factor in percent of the value assigned from above (Target.assigned_value): required =
    assigned × factor / 100; without an assigned value, chưa có số liệu. A registered value replaces the required
    one only when it is stricter (a unit may promise more, never less). Then as at_least, in the figure's
    direction; percent = actual / required × 100.
out_of — "Duy trì 10/10 thôn văn hoá", "19/19 tiêu chí" (000: value 10, total 10).
    The target is the count (value); đạt when actual ≥ target; vượt only when target < total and actual > target;
    below → không đạt. percent = actual / target × 100.
status — "Duy trì chuẩn quốc gia về Y tế xã" (000).
    The reported flag: True → đạt (100%), False → không đạt (0%), None → chưa có số liệu.
grade — "huấn luyện dân quân đạt loại khá" (000, grade "khá"), "phổ cập giáo dục ... mức độ 3" (000).
    Both grades are matched on one of GRADE_SCALES (lowest first), ignoring case, Unicode composition and words such
    as "loại", "mức độ", "trở lên"; a level number (mức độ 1, 2, 3) compares as a number. Above the target's grade →
    vượt; equal → đạt; below → không đạt; a grade on no known scale → chưa có số liệu, naming it. No percentage.
qualitative — "Giữ vững an ninh chính trị, trật tự an toàn xã hội" (000).
    The reviewer's verdict: True → đạt, False → không đạt, None → chưa có số liệu. No percentage.
rank — "trong nhóm 15 tỉnh dẫn đầu" (value 15).
    The reported value is the unit's rank (1 is first): rank ≤ target → đạt, above → không đạt, whatever the
    direction (a lower rank number is better). No percentage and no vượt.
strict — "trên 85%" (at_least 85, strict), "dưới 5%" (direction down, strict): at_least and planned without an
    upper value. The target's own value does not reach it: actual = target → không đạt; beyond it in the good
    direction → đạt (meeting "more than" is meeting the target, never vượt). percent as for at_least.

Which target judges (targets.effective.judging_target, the one rule): the registered target, else the assigned one,
else the campaign's own figure — for a lower unit only when the figure is a target of every unit (targets.rules:
rates, levels, statuses). A lower unit with neither for an absolute total of the issuer is "không giao chỉ tiêu"
(NOT_ASSIGNED) with its value, never judged against the total. The explanation names the rule that judged.

Change figures in % (targets.rules.change_measure): in percentage points for a rate ("giảm tỷ lệ hộ nghèo 2 - 3%":
3,1 → 2,3 is 0,8 points), in percent of the previous year's value otherwise, or — a growth figure ("kim ngạch xuất
khẩu tăng 9,4%") — the reported growth itself against the target, with no previous year's value.

A part of the year (a quarter, six or nine months: ``share``, the period's share of the year, Period.year_share):
    a cumulative and additive figure (at_least, planned or range, added up by a sum, not a rate — tonnes, money,
    people trained) is judged against that share of the year's target (1.105 tấn over six months: 552,5 tấn; a count
    rounded half up to a whole number, and judged against the year's target when its share is less than one). Any other
    figure keeps the year's target, and falling short of it is "chỉ tiêu cả năm" (Status.ANNUAL), never "không đạt"
    just because part of the year has passed; a kept status, a grade or a verdict is judged as it is.

With nothing reported (actual None, or no flag, grade or verdict for the forms that take them) every form is chưa có
số liệu. Odd data (a missing target, a zero previous value, an unknown form) gives chưa có số liệu with an explanation,
never an exception. Every percentage (of target, or a change in % or in points) is shown with one decimal place,
rounded half up (format_percent)."""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from targets.effective import TargetRule, judging_target
from targets.models import Aggregation, Direction, FigureForm
from targets.numbers import format_number, format_range
from targets.rules import ChangeMeasure, change_measure, is_count, is_rate, rollup_aggregation

__all__ = (
    "Status",
    "Achievement",
    "GRADE_SCALES",
    "achievement",
    "unassigned",
    "not_assigned",
    "prorated",
    "summarise",
    "format_percent",
)


class Status(models.TextChoices):
    EXCEEDED = "exceeded", gettext_lazy("exceeded")
    ACHIEVED = "achieved", gettext_lazy("achieved")
    MISSED = "missed", gettext_lazy("missed")
    ANNUAL = "annual", gettext_lazy("annual target")  # part of the year: short of a target set for the whole year
    NOT_ASSIGNED = "not_assigned", gettext_lazy("no target assigned")
    NO_DATA = "no_data", gettext_lazy("no data")


@dataclass(frozen=True)
class Achievement:
    """The judgement (status, percent, the target judged against) and its wording, which is composed only when
    read: a roll-up judges thousands of cells and shows no sentence for most of them."""

    status: Status
    percent: Decimal | None = None
    target: Decimal | None = None
    target_high: Decimal | None = None
    wording: str | Callable[[], str] = ""
    rule: str = ""  # the TargetRule that judged it ("" when nothing was judged)
    share: Decimal | None = None  # judged against this share of the year's target (a part of the year)
    year_target: Decimal | None = None  # then the year's target (and the upper end of its range)
    year_target_high: Decimal | None = None

    @property
    def explanation(self) -> str:
        """In Vietnamese, as the report shows it: "1.106 tấn against at least 1.105 tấn: 100,1% (judged against the
        target assigned to the unit)"."""
        text = self.wording() if callable(self.wording) else self.wording
        if self.rule and self.status not in (Status.NO_DATA, Status.NOT_ASSIGNED):
            return _(EXPLAIN_RULE) % {"detail": text, "rule": TargetRule(self.rule).label}
        return text


# Ordered grade scales, lowest first, as written (normalised when matched).
GRADE_SCALES = (
    ("kém", "yếu", "trung bình", "khá", "giỏi", "xuất sắc"),
    ("không hoàn thành", "hoàn thành", "hoàn thành tốt", "hoàn thành xuất sắc"),
    ("không đạt", "đạt"),
)

EXPLAIN_AT_LEAST = gettext_noop("%(actual)s against at least %(target)s: %(percent)s")
EXPLAIN_AT_MOST = gettext_noop("%(actual)s against at most %(target)s: %(percent)s")
EXPLAIN_ABOVE = gettext_noop("%(actual)s against more than %(target)s: %(percent)s")
EXPLAIN_BELOW = gettext_noop("%(actual)s against less than %(target)s: %(percent)s")
EXPLAIN_RANK = gettext_noop("Ranked %(actual)s against within the leading %(target)s")
EXPLAIN_RANGE = gettext_noop("%(actual)s against the range %(target)s: %(percent)s")
EXPLAIN_INCREASE = gettext_noop("An increase of %(change)s (%(previous)s → %(actual)s) against %(target)s: %(percent)s")
EXPLAIN_DECREASE = gettext_noop("A decrease of %(change)s (%(previous)s → %(actual)s) against %(target)s: %(percent)s")
EXPLAIN_ANY_INCREASE = gettext_noop("An increase of %(change)s (%(previous)s → %(actual)s); any increase is wanted.")
EXPLAIN_ANY_DECREASE = gettext_noop("A decrease of %(change)s (%(previous)s → %(actual)s); any decrease is wanted.")
EXPLAIN_RELATIVE = gettext_noop(
    "%(actual)s against %(required)s (%(factor)s of the %(assigned)s assigned): %(percent)s"
)
EXPLAIN_OUT_OF = gettext_noop("%(actual)s/%(total)s against %(target)s/%(total)s: %(percent)s")
EXPLAIN_POINTS_UP = gettext_noop(
    "A rise of %(change)s points (%(previous)s → %(actual)s) against %(target)s points: %(percent)s"
)
EXPLAIN_POINTS_DOWN = gettext_noop(
    "A fall of %(change)s points (%(previous)s → %(actual)s) against %(target)s points: %(percent)s"
)
EXPLAIN_GROWTH = gettext_noop("A growth of %(actual)s against %(target)s: %(percent)s")
EXPLAIN_RULE = gettext_noop("%(detail)s (judged against %(rule)s)")
EXPLAIN_SHARE = gettext_noop("%(detail)s; the target for the period is %(share)s of the year's %(year)s")
EXPLAIN_ANNUAL = gettext_noop("%(detail)s; the target is for the whole year, which is not over yet")
NOT_ASSIGNED = gettext_noop(
    "No target was assigned to the unit: %(actual)s is shown, not judged against the issuing unit's total %(total)s."
)
NOT_ASSIGNED_NO_TOTAL = gettext_noop("No target was assigned to the unit: %(actual)s is shown, not judged.")
EXPLAIN_STATUS_KEPT = gettext_noop("The status is kept.")
EXPLAIN_STATUS_LOST = gettext_noop("The status is not kept.")
EXPLAIN_GRADE = gettext_noop("Grade “%(actual)s” against “%(target)s”.")
EXPLAIN_VERDICT_YES = gettext_noop("The reviewer judged it achieved.")
EXPLAIN_VERDICT_NO = gettext_noop("The reviewer judged it not achieved.")
NO_PERCENT = gettext_noop("no percentage")
NO_ACTUAL = gettext_noop("No figure has been reported.")
NO_TARGET = gettext_noop("The figure has no target value.")
NO_PREVIOUS = gettext_noop("The previous year's value is missing, so the change cannot be computed.")
ZERO_PREVIOUS = gettext_noop("The previous year's value is 0, so the change in percent cannot be computed.")
NO_ASSIGNED = gettext_noop("No target has been assigned from above, so %(factor)s of it cannot be computed.")
NO_FLAG = gettext_noop("Whether the status is kept has not been reported.")
NO_GRADE = gettext_noop("No grade has been reported.")
UNKNOWN_GRADE = gettext_noop("The grade “%(grade)s” is not on a known scale.")
OTHER_SCALE = gettext_noop("The grade “%(grade)s” is not on the same scale as “%(target)s”.")
NO_VERDICT = gettext_noop("The reviewer has not judged it yet.")
UNKNOWN_FORM = gettext_noop("A figure of the form “%(form)s” cannot be judged.")

PERCENT = "%"
HUNDRED = Decimal(100)
_ONE_PLACE = Decimal("0.1")
_GRADE_PREFIXES = ("xếp loại ", "loại ", "mức độ ", "mức ", "đạt ")
_GRADE_SUFFIXES = (" trở lên", " nhiệm vụ")
_SPACES = re.compile(r"\s+")


def _decimal(value) -> Decimal | None:
    """A Decimal from a Decimal, an int or a string ('1105', '7.5'); None for anything else."""
    if type(value) is Decimal:  # the usual case, first: a roll-up judges thousands of cells
        return value if value.is_finite() else None
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)


def _share(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator × 100, rounded; 100,0 for 0/0; None for anything else over 0."""
    if denominator == 0:
        return _round(HUNDRED) if numerator == 0 else None
    return _round(numerator * HUNDRED / denominator)


def _with_unit(text: str, unit: str) -> str:
    """'1.105' and 'tấn' -> '1.105 tấn'; '97' and '%' -> '97%'."""
    unit = (unit or "").strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == PERCENT else f"{text} {unit}"


def _quantity(value: Decimal | None, unit: str) -> str:
    return _with_unit(format_number(value), unit)


def _range_quantity(low: Decimal, high: Decimal | None, unit: str) -> str:
    return _with_unit(format_range(low, high if high is not None else low), unit)


def format_percent(value: Decimal | None) -> str:
    """The one way a percentage is shown: one decimal place, rounded half up ('25,8%', '100,0%'); '' for None."""
    return f"{format_number(_round(value), 1)}%" if value is not None else ""


def _percent_text(percent: Decimal | None) -> str:
    return format_percent(percent) if percent is not None else _(NO_PERCENT)


def _no_data(message: str, target=None, target_high=None) -> Achievement:
    return Achievement(status=Status.NO_DATA, target=target, target_high=target_high, wording=message)


def _target_pair(figure, target, issuer: bool = True) -> tuple[Decimal | None, Decimal | None, str]:
    """(low, high, rule) by the one rule (targets.effective), as Decimals."""
    low, high, rule = judging_target(target, figure, issuer=issuer)
    return _decimal(low), _decimal(high), rule


def _not_assigned(figure, actual) -> Achievement:
    """A lower unit without a target of its own for the issuer's total: its value, not judged."""
    unit = getattr(figure, "unit_of_measure", "")

    def wording():
        shown = _quantity(actual, unit) if actual is not None else "—"
        low = _decimal(getattr(figure, "value", None))
        if low is None:  # the campaign's figure has no value either
            return _(NOT_ASSIGNED_NO_TOTAL) % {"actual": shown}
        total = _range_quantity(low, _decimal(getattr(figure, "value_high", None)), unit)
        return _(NOT_ASSIGNED) % {"actual": shown, "total": total}

    return Achievement(status=Status.NOT_ASSIGNED, wording=wording, rule=TargetRule.NOT_ASSIGNED)


def _compare(actual: Decimal, low: Decimal, high: Decimal, *, down: bool) -> Status:
    """Within [low, high] is đạt; beyond it in the good direction vượt, in the other không đạt."""
    if down:
        return Status.MISSED if actual > high else Status.EXCEEDED if actual < low else Status.ACHIEVED
    return Status.MISSED if actual < low else Status.EXCEEDED if actual > high else Status.ACHIEVED


def _judge_value(figure, actual, low, high, *, use_range: bool, rule: str = "") -> Achievement:
    """at_least, planned and range: the actual against the target (or the range), in the figure's direction."""
    if rule == TargetRule.NOT_ASSIGNED:
        return _not_assigned(figure, actual)
    if low is None:
        return _no_data(_(NO_TARGET))
    high = high if use_range and high is not None and high > low else None
    if actual is None:
        return _no_data(_(NO_ACTUAL), low, high)
    down = getattr(figure, "direction", Direction.UP) == Direction.DOWN
    top = high if high is not None else low
    status = _compare(actual, low, top, down=down)
    percent = _share(top, actual) if down else _share(actual, low)
    unit = getattr(figure, "unit_of_measure", "")
    message = EXPLAIN_RANGE if high is not None else EXPLAIN_AT_MOST if down else EXPLAIN_AT_LEAST
    if high is None and getattr(figure, "strict", False):  # "trên 85%", "dưới 5%": the value itself falls short
        status = Status.ACHIEVED if status == Status.EXCEEDED else Status.MISSED
        message = EXPLAIN_BELOW if down else EXPLAIN_ABOVE

    def wording():
        return _(message) % {
            "actual": _quantity(actual, unit),
            "target": _range_quantity(low, high, unit),
            "percent": _percent_text(percent),
        }

    return Achievement(status=status, percent=percent, target=low, target_high=high, wording=wording, rule=rule)


def _judge_growth(figure, actual, low, high, rule) -> Achievement:
    """A growth figure: the reported value is the growth rate, compared with the target as it is."""
    if low is None:
        return _no_data(_(NO_TARGET))
    if actual is None:
        return _no_data(_(NO_ACTUAL), low, high)
    top = high if high is not None else low
    status = _compare(actual, low, top, down=False)  # a decrease is reported as its size, like the target
    percent = _share(actual, low)

    def wording():
        return _(EXPLAIN_GROWTH) % {
            "actual": _quantity(actual, PERCENT),
            "target": _range_quantity(low, high, PERCENT),
            "percent": _percent_text(percent),
        }

    return Achievement(status=status, percent=percent, target=low, target_high=high, wording=wording, rule=rule)


def _judge_change(figure, target, actual, previous, issuer: bool = True) -> Achievement:
    low, high, rule = _target_pair(figure, target, issuer)
    high = high if low is not None and high is not None and high > low else None
    if rule == TargetRule.NOT_ASSIGNED and getattr(figure, "value", None) is not None:
        return _not_assigned(figure, actual)
    measure = change_measure(figure)
    if measure == ChangeMeasure.GROWTH:
        return _judge_growth(figure, actual, low, high, rule)
    if actual is None:
        return _no_data(_(NO_ACTUAL), low, high)
    if previous is None:
        return _no_data(_(NO_PREVIOUS), low, high)
    unit = (getattr(figure, "unit_of_measure", "") or "").strip()
    down = getattr(figure, "direction", Direction.UP) == Direction.DOWN
    difference = previous - actual if down else actual - previous
    points = measure == ChangeMeasure.POINTS
    if points:  # a rate: the change is in percentage points, the values in %
        change, change_text, values_unit = difference, format_number(_round(difference), 1), PERCENT
    elif unit == PERCENT:
        if previous == 0:
            return _no_data(_(ZERO_PREVIOUS), low, high)
        change = difference * HUNDRED / previous
        change_text = format_percent(change)
        values_unit = ""  # the values are in the figure's own unit, which a change in % does not name
    else:
        change, change_text, values_unit = difference, _quantity(difference, unit), unit
    if low is None:  # "giảm hơn so với năm trước": any change in the figure's direction
        status, percent = (Status.ACHIEVED if change > 0 else Status.MISSED), None
    else:
        top = high if high is not None else low
        status = _compare(change, low, top, down=False)
        percent = _share(change, low)

    def wording():
        values = {
            "change": change_text,
            "previous": _quantity(previous, values_unit),
            "actual": _quantity(actual, values_unit),
            "percent": _percent_text(percent),
        }
        if low is None:
            return _(EXPLAIN_ANY_DECREASE if down else EXPLAIN_ANY_INCREASE) % values
        if points:
            values["target"] = format_range(low, high if high is not None else low)
            return _(EXPLAIN_POINTS_DOWN if down else EXPLAIN_POINTS_UP) % values
        values["target"] = _range_quantity(low, high, unit)
        return _(EXPLAIN_DECREASE if down else EXPLAIN_INCREASE) % values

    return Achievement(status=status, percent=percent, target=low, target_high=high, wording=wording, rule=rule)


def _judge_relative(figure, target, actual) -> Achievement:
    factor = _decimal(getattr(figure, "value", None))
    if factor is None:
        return _no_data(_(NO_TARGET))
    factor_text = _quantity(factor, PERCENT)
    assigned = _decimal(getattr(target, "assigned_value", None)) if target is not None else None
    if assigned is None:
        return _no_data(_(NO_ASSIGNED) % {"factor": factor_text})
    down = getattr(figure, "direction", Direction.UP) == Direction.DOWN
    required = assigned * factor / HUNDRED
    registered = _decimal(getattr(target, "registered_value", None))
    if registered is not None and (registered < required if down else registered > required):
        required = registered
    if actual is None:
        return _no_data(_(NO_ACTUAL), required)
    status = _compare(actual, required, required, down=down)
    percent = _share(required, actual) if down else _share(actual, required)

    def wording():
        return _(EXPLAIN_RELATIVE) % {
            "actual": format_number(actual),
            "required": format_number(required),
            "factor": factor_text,
            "assigned": format_number(assigned),
            "percent": _percent_text(percent),
        }

    rule = TargetRule.REGISTERED if required == registered else TargetRule.ASSIGNED
    return Achievement(status=status, percent=percent, target=required, wording=wording, rule=rule)


def _judge_out_of(figure, target, actual, issuer: bool = True) -> Achievement:
    count, _high, rule = _target_pair(figure, target, issuer)
    total = _decimal(getattr(figure, "total", None))
    if rule == TargetRule.NOT_ASSIGNED:
        return _not_assigned(figure, actual)
    if count is None or total is None:
        return _judge_value(figure, actual, count, None, use_range=False, rule=rule)
    if actual is None:
        return _no_data(_(NO_ACTUAL), count)
    if actual < count:
        status = Status.MISSED
    elif actual > count and count < total:
        status = Status.EXCEEDED
    else:
        status = Status.ACHIEVED
    percent = _share(actual, count)

    def wording():
        return _(EXPLAIN_OUT_OF) % {
            "actual": format_number(actual),
            "total": format_number(total),
            "target": format_number(count),
            "percent": _percent_text(percent),
        }

    return Achievement(status=status, percent=percent, target=count, wording=wording, rule=rule)


def _judge_status(flag) -> Achievement:
    if flag is None:
        return _no_data(_(NO_FLAG))
    if flag:
        return Achievement(status=Status.ACHIEVED, percent=_round(HUNDRED), wording=_(EXPLAIN_STATUS_KEPT))
    return Achievement(status=Status.MISSED, percent=_round(Decimal(0)), wording=_(EXPLAIN_STATUS_LOST))


def _normalise_grade(text: str) -> str:
    """'  Loại  KHÁ ' -> 'khá'; 'mức độ 3' -> '3'; 'hoàn thành tốt nhiệm vụ' -> 'hoàn thành tốt'."""
    grade = _SPACES.sub(" ", unicodedata.normalize("NFC", str(text or "")).casefold()).strip(" .;:")
    changed = True
    while changed:
        changed = False
        for prefix in _GRADE_PREFIXES:
            if grade.startswith(prefix) and grade[len(prefix) :].strip():
                grade, changed = grade[len(prefix) :].strip(), True
        for suffix in _GRADE_SUFFIXES:
            if grade.endswith(suffix) and grade[: -len(suffix)].strip():
                grade, changed = grade[: -len(suffix)].strip(), True
    return grade


def _grade_rank(grade: str, target: str) -> tuple[int, int] | None:
    """The ranks of two normalised grades on the first scale holding both; level numbers rank as numbers."""
    if grade.isdigit() and target.isdigit():
        return int(grade), int(target)
    for scale in GRADE_SCALES:
        names = [_normalise_grade(name) for name in scale]
        if grade in names and target in names:
            return names.index(grade), names.index(target)
    return None


def _on_a_scale(grade: str) -> bool:
    return grade.isdigit() or any(grade in map(_normalise_grade, scale) for scale in GRADE_SCALES)


def _judge_grade(figure, grade) -> Achievement:
    wanted_text = (getattr(figure, "grade", "") or "").strip()
    if not wanted_text:
        return _no_data(_(NO_TARGET))
    wanted = _normalise_grade(wanted_text)
    if not _on_a_scale(wanted):
        return _no_data(_(UNKNOWN_GRADE) % {"grade": wanted_text})
    reported_text = (grade or "").strip()
    if not reported_text:
        return _no_data(_(NO_GRADE))
    reported = _normalise_grade(reported_text)
    ranks = _grade_rank(reported, wanted)
    if ranks is None:
        message = OTHER_SCALE if _on_a_scale(reported) else UNKNOWN_GRADE
        return _no_data(_(message) % {"grade": reported_text, "target": wanted_text})
    status = _compare(Decimal(ranks[0]), Decimal(ranks[1]), Decimal(ranks[1]), down=False)
    explanation = _(EXPLAIN_GRADE) % {"actual": reported_text, "target": wanted_text}
    return Achievement(status=status, wording=explanation)


def _judge_rank(figure, target, actual, issuer: bool = True) -> Achievement:
    """A rank: the reported rank at or better (a lower number) than the target's; no percentage."""
    low, _high, rule = _target_pair(figure, target, issuer)
    if rule == TargetRule.NOT_ASSIGNED:
        return _not_assigned(figure, actual)
    if low is None:
        return _no_data(_(NO_TARGET))
    if actual is None:
        return _no_data(_(NO_ACTUAL), low)
    status = Status.ACHIEVED if actual <= low else Status.MISSED

    def wording():
        return _(EXPLAIN_RANK) % {"actual": format_number(actual), "target": format_number(low)}

    return Achievement(status=status, target=low, wording=wording, rule=rule)


def _judge_verdict(verdict) -> Achievement:
    if verdict is None:
        return _no_data(_(NO_VERDICT))
    if verdict:
        return Achievement(status=Status.ACHIEVED, wording=_(EXPLAIN_VERDICT_YES))
    return Achievement(status=Status.MISSED, wording=_(EXPLAIN_VERDICT_NO))


def prorated(figure) -> bool:
    """A cumulative and additive figure (at_least, planned or range, added up by a sum, not a rate): over part of the
    year it is judged against that share of the year's target."""
    return (
        getattr(figure, "form", "") in (FigureForm.AT_LEAST, FigureForm.PLANNED, FigureForm.RANGE)
        and rollup_aggregation(figure) == Aggregation.SUM
        and not is_rate(figure)
    )


def _part_of_year(value: Decimal | None, share: Decimal, count: bool) -> Decimal | None:
    if value is None:
        return None
    return (value * share).quantize(Decimal(1) if count else Decimal("0.01"), rounding=ROUND_HALF_UP)


def _judge_share(figure, actual, low, high, *, use_range: bool, rule: str, share: Decimal) -> Achievement | None:
    """A prorated figure against the period's share of the year's target; None when that share of a count is
    below one (judged against the year's target instead)."""
    count = is_count(figure)
    if count and low * share < 1:
        return None
    part_low, part_high = _part_of_year(low, share, count), _part_of_year(high, share, count)
    judged = _judge_value(figure, actual, part_low, part_high, use_range=use_range, rule=rule)
    if judged.status == Status.NO_DATA and judged.target is None:
        return judged
    unit = getattr(figure, "unit_of_measure", "")
    detail = judged.wording

    def wording():
        text = detail() if callable(detail) else detail
        year = _range_quantity(low, high if use_range else None, unit)
        return _(EXPLAIN_SHARE) % {"detail": text, "share": format_percent(share * HUNDRED), "year": year}

    return replace(judged, wording=wording, share=share, year_target=low, year_target_high=high if use_range else None)


def _year_target(judged: Achievement) -> Achievement:
    """Part of the year, against a target for the whole year: short of it is "chỉ tiêu cả năm", not "không đạt"."""
    if judged.status != Status.MISSED:
        return judged
    detail = judged.wording

    def wording():
        return _(EXPLAIN_ANNUAL) % {"detail": detail() if callable(detail) else detail}

    return replace(judged, status=Status.ANNUAL, wording=wording)


def achievement(
    *,
    figure,
    target=None,
    actual=None,
    flag=None,
    grade="",
    verdict=None,
    previous=None,
    issuer: bool = True,
    share: Decimal | None = None,
) -> Achievement:
    """The achievement of one reported figure: `figure` has the attributes of a Figure, `target` those of a Target
    (or None), `actual` is the reported number, `flag` a kept status, `grade` a reported grade, `verdict` the
    reviewer's đạt/không đạt for a qualitative figure and `previous` the previous year's value (for a change);
    `issuer`: the unit judged is the campaign's issuing unit (else a lower unit, which an issuer's total does not
    judge); `share`: the period's share of the year when it is a part of it (Period.year_share), else None. The
    rules are in the module's docstring."""
    judged = _achievement(figure, target, actual, flag, grade, verdict, previous, issuer, share)
    if share is not None and judged.share is None and getattr(figure, "form", "") in _YEAR_TARGET_FORMS:
        return _year_target(judged)
    return judged


_YEAR_TARGET_FORMS = (
    FigureForm.AT_LEAST,
    FigureForm.PLANNED,
    FigureForm.RANGE,
    FigureForm.CHANGE,
    FigureForm.RELATIVE,
    FigureForm.OUT_OF,
)


def _achievement(figure, target, actual, flag, grade, verdict, previous, issuer, share) -> Achievement:
    form = getattr(figure, "form", "")
    actual, previous = _decimal(actual), _decimal(previous)
    if form in (FigureForm.AT_LEAST, FigureForm.PLANNED, FigureForm.RANGE):
        low, high, rule = _target_pair(figure, target, issuer)
        use_range = form != FigureForm.AT_LEAST
        if share is not None and low is not None and rule != TargetRule.NOT_ASSIGNED and prorated(figure):
            judged = _judge_share(figure, actual, low, high, use_range=use_range, rule=rule, share=share)
            if judged is not None:
                return judged
        return _judge_value(figure, actual, low, high, use_range=use_range, rule=rule)
    if form == FigureForm.CHANGE:
        return _judge_change(figure, target, actual, previous, issuer)
    if form == FigureForm.RELATIVE:
        return _judge_relative(figure, target, actual)
    if form == FigureForm.OUT_OF:
        return _judge_out_of(figure, target, actual, issuer)
    if form == FigureForm.STATUS:
        return _judge_status(flag)
    if form == FigureForm.GRADE:
        return _judge_grade(figure, grade)
    if form == FigureForm.QUALITATIVE:
        return _judge_verdict(verdict)
    if form == FigureForm.RANK:
        return _judge_rank(figure, target, actual, issuer)
    return _no_data(_(UNKNOWN_FORM) % {"form": form})


# The forms judged against a target that say "không giao chỉ tiêu" for a unit the figure is no target of.
_UNASSIGNED_FORMS = (
    FigureForm.AT_LEAST,
    FigureForm.PLANNED,
    FigureForm.RANGE,
    FigureForm.OUT_OF,
    FigureForm.RANK,
    FigureForm.CHANGE,
)


def unassigned(figure, *, issuer: bool) -> bool:
    """Whether achievement() of a unit with no target of its own (``target=None``) is "không giao chỉ tiêu" whatever
    it reported: known once per figure, so the roll-up need not judge such a unit's cell by cell (``not_assigned``
    gives the same Achievement)."""
    form = getattr(figure, "form", "")
    if form not in _UNASSIGNED_FORMS:
        return False
    if form == FigureForm.CHANGE and getattr(figure, "value", None) is None:  # "giảm hơn": any change is judged
        return False
    return judging_target(None, figure, issuer=issuer)[2] == TargetRule.NOT_ASSIGNED


def not_assigned(figure, actual) -> Achievement:
    """What achievement() gives a unit without a target of its own for a figure that is ``unassigned`` for it."""
    return _not_assigned(figure, _decimal(actual))


def summarise(statuses: Iterable) -> dict[Status, int]:
    """How many of each status, in the order vượt, đạt, không đạt, chỉ tiêu cả năm, không giao chỉ tiêu, chưa có số
    liệu (absent ones count 0)."""
    counts = dict.fromkeys(Status, 0)
    for status in statuses:
        counts[Status(status)] += 1
    return counts

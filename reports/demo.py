"""Demo progress reports: Huyện Cao Lộc's Chỉ thị 02/CT-UBND gets its 2024 six-month and year periods, and each of
its communes a report with plausible figures around its target. All six-month reports are approved but Thạch Đạn's,
returned with a reason on one figure; for the year some are approved, some submitted, one still a draft and one not
started, so the roll-up shows completeness and lateness. Idempotent. The numbers are demo values."""

import datetime
import random
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from reports.frozen import targets_in_force
from reports.models import Period, PeriodKind, Report, ReportAction, ReportEvent, ReportStatus, ReportValue
from reports.services import campaign_figures, report_snapshot
from targets.models import Aggregation, FigureForm, Target
from targets.rules import ChangeMeasure, change_measure, is_count, needs_previous

# (kind, label, starts, ends, due, mode). APPROVED: every report approved; REVIEWED: every report approved but the
# returned unit's; MIXED: some approved, some submitted, one still a draft and one not started.
APPROVED, REVIEWED, MIXED = "approved", "reviewed", "mixed"
PERIODS = (
    (
        PeriodKind.HALF,
        "6 tháng đầu năm 2024",
        datetime.date(2024, 1, 1),
        datetime.date(2024, 6, 30),
        datetime.date(2024, 7, 5),
        REVIEWED,
    ),
    (
        PeriodKind.YEAR,
        "Năm 2024",
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
        datetime.date(2025, 1, 10),
        MIXED,
    ),
)
RETURNED_UNIT = "06199"  # Xã Thạch Đạn
RETURN_REASON = "Số liệu chưa khớp với báo cáo thống kê của xã; đề nghị kiểm tra lại và gửi lại."


def _at(day: datetime.date, hour: int = 9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


PART_OF_YEAR = {
    PeriodKind.QUARTER: Decimal("0.25"),
    PeriodKind.HALF: Decimal("0.5"),
    PeriodKind.NINE_MONTHS: Decimal("0.75"),
}


def _plausible(figure, target, share: Decimal, rng: random.Random, part: Decimal, carry: dict | None = None):
    """A value near the unit's target: its own target, else its share of the campaign's (sums) or the same rate; a
    whole number when the figure counts things: ``carry`` (figure id → the running sum of the period's exact values)
    rounds them in turn, so that small shares add up to about the total ("2 trường" over 22 communes) rather than
    all to 0."""
    base = None
    if target is not None:
        base = target.registered_value or target.assigned_value
    if base is None and figure.value is not None:
        summed = figure.aggregation == Aggregation.SUM and figure.unit_of_measure != "%"
        base = figure.value * share if summed else figure.value
    if base is None:
        base = Decimal(rng.randint(5, 50))
    factor = Decimal(rng.randint(85, 118)) / 100
    if figure.aggregation == Aggregation.SUM and figure.unit_of_measure != "%":
        factor *= part  # a sum of part of the year
    if is_count(figure):  # whole counts: "1 xã", never "0,5 xã"
        carry = {} if carry is None else carry
        before = carry.get(figure.pk, Decimal("0.5"))
        carry[figure.pk] = before + base * factor
        value = carry[figure.pk].to_integral_value(ROUND_FLOOR) - before.to_integral_value(ROUND_FLOOR)
    else:
        value = (base * factor).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if figure.unit_of_measure.strip() == "%":
        value = min(value, Decimal(100))
    return max(value, Decimal(0))


def _plausible_change(figure, rng: random.Random) -> tuple[Decimal, Decimal]:
    """(previous, actual) of a change figure near its target: a rate moves by about its target in points, a count
    in % by about its target in percent, anything else by about its target in its own unit."""
    wanted = figure.value if figure.value is not None else Decimal(1)
    step = wanted * Decimal(rng.randint(80, 125)) / 100
    sign = -1 if figure.direction == "down" else 1
    measure = change_measure(figure)
    if measure == ChangeMeasure.POINTS:
        previous = Decimal(rng.randint(30, 90)) / 10 + (wanted if sign < 0 else 0)
        actual = previous + sign * step
    elif measure == ChangeMeasure.PERCENT:
        previous = Decimal(rng.randint(20, 80))
        actual = previous * (1 + sign * step / 100)
    else:
        previous = Decimal(rng.randint(10, 40))
        actual = previous + sign * step.to_integral_value(rounding=ROUND_HALF_UP)
    places = Decimal(1) if is_count(figure) else Decimal("0.1")
    return previous.quantize(places, rounding=ROUND_HALF_UP), max(actual, Decimal(0)).quantize(places, ROUND_HALF_UP)


@transaction.atomic
def demo_load_reports(
    *, campaign, reviewer, officers: dict, periods=PERIODS, returned_unit: str = RETURNED_UNIT, seed: int = 2024
) -> int:
    """Periods and reports for ``campaign`` (Cao Lộc's, or the present's). ``officers``: unit code -> the user who
    reports for it. Returns the number of reports created (0 on a second run)."""
    if campaign.periods.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - repeatable demo figures, not a secret
    figures = campaign_figures(campaign)
    units = [p.unit for p in campaign.participations.select_related("unit").order_by("unit__code")]
    targets = {(t.figure_id, t.unit_id): t for t in Target.objects.filter(figure__in=figures)}
    share = Decimal(1) / max(len(units), 1)
    created = 0
    for kind, label, starts, ends, due, mode in periods:
        period = Period.objects.create(
            campaign=campaign, kind=kind, label=label, starts_on=starts, ends_on=ends, due_on=due, grace_days=5
        )
        part = PART_OF_YEAR.get(kind, Decimal(1))
        carry = {}  # the running sums that round the period's counts (_plausible)
        for index, unit in enumerate(units):
            if mode == MIXED and index == len(units) - 1:
                continue  # one unit has not started
            officer = officers.get(unit.code)
            status = ReportStatus.APPROVED
            if mode == REVIEWED and unit.code == returned_unit:
                status = ReportStatus.RETURNED
            elif mode == MIXED:
                status = (ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.APPROVED)[index % 3]
                if index == len(units) - 2:
                    status = ReportStatus.DRAFT
            late = index % 4 == 3
            submitted = _at(due + datetime.timedelta(days=3 if late else -2 - index % 3))
            reviewed = status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
            report = Report.objects.create(
                period=period,
                unit=unit,
                status=status,
                results=f"{unit.name} đã triển khai đồng bộ các nội dung thi đua; phần lớn chỉ tiêu đạt và vượt.",
                shortcomings="Một số chỉ tiêu về thu ngân sách, giảm nghèo còn chậm do giá nông sản giảm.",
                lessons="Phát huy vai trò người đứng đầu; kiểm tra, đôn đốc thường xuyên.",
                proposals="Đề nghị huyện hỗ trợ kinh phí làm đường giao thông nông thôn.",
                submitted_at=None if status == ReportStatus.DRAFT else submitted,
                submitted_by=None if status == ReportStatus.DRAFT else officer,
                reviewed_at=submitted + datetime.timedelta(days=4) if reviewed else None,
                reviewed_by=reviewer if reviewed else None,
                return_reason=RETURN_REASON if status == ReportStatus.RETURNED else "",
            )
            rows = []
            for figure in figures:
                row = ReportValue(report=report, figure=figure)
                if figure.form == FigureForm.STATUS:
                    row.flag = rng.random() < 0.85
                elif figure.form == FigureForm.GRADE:
                    row.grade = figure.grade or "khá"
                elif figure.form == FigureForm.QUALITATIVE:
                    row.verdict = True if status == ReportStatus.APPROVED else None
                elif needs_previous(figure):
                    row.previous, row.value = _plausible_change(figure, rng)
                else:
                    target = targets.get((figure.pk, unit.pk))
                    row.value = _plausible(figure, target, share, rng, part, carry)
                rows.append(row)
            if status == ReportStatus.RETURNED and rows:
                numeric = [r for r in rows if r.value is not None] or rows
                numeric[0].return_reason = "Số liệu không khớp với số liệu của Chi cục Thống kê."
            ReportValue.objects.bulk_create(rows)
            if status != ReportStatus.DRAFT:  # sent: the targets in force then are recorded, as on a real submission
                frozen = targets_in_force(figures=figures, unit=unit, targets=_unit_targets(targets, unit))
                Report.objects.filter(pk=report.pk).update(frozen_targets=frozen, targets_frozen_at=submitted)
            # The trail carries the demo's dates (``at`` is set on creation, so it is written after): the review
            # history says the report was sent when its header says it was.
            if status != ReportStatus.DRAFT:
                event = ReportEvent.objects.create(
                    report=report, action=ReportAction.SUBMIT, by=officer, snapshot=report_snapshot(report)
                )
                ReportEvent.objects.filter(pk=event.pk).update(at=report.submitted_at)
            if status == ReportStatus.RETURNED:
                event = ReportEvent.objects.create(
                    report=report, action=ReportAction.RETURN, by=reviewer, reason=RETURN_REASON
                )
                ReportEvent.objects.filter(pk=event.pk).update(at=report.reviewed_at)
            if status == ReportStatus.APPROVED:
                event = ReportEvent.objects.create(report=report, action=ReportAction.APPROVE, by=reviewer)
                ReportEvent.objects.filter(pk=event.pk).update(at=report.reviewed_at)
            created += 1
    return created


def _unit_targets(targets: dict, unit) -> dict:
    return {figure_id: t for (figure_id, unit_id), t in targets.items() if unit_id == unit.pk}


def district_campaign():
    """Huyện Cao Lộc's Chỉ thị 02/CT-UBND, made by the demo target chain (campaigns.demo), or None."""
    from campaigns.demo import CAO_LOC
    from campaigns.models import Campaign

    return Campaign.objects.filter(
        issuing_unit__code=CAO_LOC, issuing_unit__edition="2025-01", year=2024, higher_campaign__isnull=False
    ).first()


def demo_load_reports_for_seeds() -> int:
    """The reports of Huyện Cao Lộc's Chỉ thị 02/CT-UBND."""
    from accounts.models import User

    campaign = district_campaign()
    if campaign is None:
        return 0
    users = {
        u.username: u for u in User.objects.filter(username__in=["noivu.caoloc", "canbo.caolau", "canbo.thachdan"])
    }
    officers = {"06196": users.get("canbo.caolau"), "06199": users.get("canbo.thachdan")}
    return demo_load_reports(campaign=campaign, reviewer=users.get("noivu.caoloc"), officers=officers)

"""Synthetic load for measuring the roll-up: one campaign over N real communes with M indicators and P periods, every
commune's report approved with a value for every figure. Rows are bulk-inserted; nothing here is demo data."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from campaigns.doctypes import document_types_ensure
from campaigns.models import Campaign, CampaignStatus, DocumentType, Participation, Section, SectionRole
from reports.models import Period, PeriodKind, Report, ReportStatus, ReportValue
from targets.models import Aggregation, Figure, FigureForm, Indicator
from units.models import Edition, Unit, UnitKind

BATCH = 5000
LOAD_TITLE = "Tải thử tổng hợp số liệu (dữ liệu sinh tự động)"
# One indicator in ten is not a plain sum: a weighted average, a ratio, a count of communes achieving, a distribution.
SPECIAL = (Aggregation.WEIGHTED_AVERAGE, Aggregation.RATIO, Aggregation.COUNT_ACHIEVED, Aggregation.NONE)


@dataclass(frozen=True)
class Load:
    campaign: Campaign
    periods: list[Period]
    communes: int
    figures: int
    values: int


def _figure_spec(i: int) -> dict:
    """Figure i: mostly sums (tấn, ha, hộ…), every tenth one of the other rules, referring to figures 0 and 1."""
    if i >= 2 and i % 10 == 9:
        rule = SPECIAL[(i // 10) % len(SPECIAL)]
        spec = {"aggregation": rule, "unit_of_measure": "%", "form": FigureForm.AT_LEAST, "value": Decimal(50)}
        if rule == Aggregation.WEIGHTED_AVERAGE:
            spec["weight_name"] = "Chỉ tiêu 1"
        elif rule == Aggregation.RATIO:
            spec["weight_name"], spec["numerator_name"] = "Chỉ tiêu 1", "Chỉ tiêu 2"
        return spec
    return {"aggregation": Aggregation.SUM, "unit_of_measure": "tấn", "form": FigureForm.AT_LEAST, "value": 1000}


@transaction.atomic
def load_generate(*, communes: int, indicators: int, periods: int, seed: int = 2024) -> Load:
    """Build the campaign; ``communes`` of the 2025-01 edition (all of them when asked for more), in tree order."""
    document_types_ensure(DocumentType)
    rng = random.Random(seed)  # noqa: S311 - repeatable load data, not a secret
    units = list(Unit.objects.filter(edition=Edition.E2025_01, kind=UnitKind.COMMUNE).order_by("path")[:communes])
    issuer = Unit.objects.filter(edition=Edition.E2025_01, kind=UnitKind.PROVINCE).order_by("path").first()
    campaign = Campaign.objects.create(
        issuing_unit=issuer,
        issuing_body="ỦY BAN NHÂN DÂN (TẢI THỬ)",
        doc_type=DocumentType.objects.get(code="kh"),
        symbol="KH-UBND",
        place="Hà Nội",
        year=2024,
        title=LOAD_TITLE,
        status=CampaignStatus.ISSUED,
    )
    section = Section.objects.create(campaign=campaign, label="I.", heading="CHỈ TIÊU", role=SectionRole.TARGETS)
    Indicator.objects.bulk_create(
        [Indicator(section=section, position=i, sentence=f"Chỉ tiêu {i + 1}.") for i in range(indicators)]
    )
    figures = Figure.objects.bulk_create(
        [
            Figure(indicator=indicator, position=0, name=f"Chỉ tiêu {indicator.position + 1}", **_figure_spec(i))
            for i, indicator in enumerate(section.indicators.order_by("position"))
        ]
    )
    Participation.objects.bulk_create([Participation(campaign=campaign, unit=u) for u in units], batch_size=BATCH)
    kinds = [PeriodKind.QUARTER] * periods
    made = []
    for p in range(periods):
        end = datetime.date(2024, 3 * (p % 4) + 3, 28)
        made.append(
            Period.objects.create(
                campaign=campaign,
                kind=kinds[p],
                label=f"Kỳ {p + 1}",
                starts_on=end.replace(day=1),
                ends_on=end,
                due_on=end + datetime.timedelta(days=5),
            )
        )
    values = 0
    for period in made:
        reports = Report.objects.bulk_create(
            [Report(period=period, unit=u, status=ReportStatus.APPROVED) for u in units], batch_size=BATCH
        )
        rows = []
        for report in reports:
            for figure in figures:
                rows.append(ReportValue(report=report, figure=figure, value=Decimal(rng.randint(500, 1500)) / 10))
            if len(rows) >= BATCH:
                ReportValue.objects.bulk_create(rows, batch_size=BATCH)
                values += len(rows)
                rows = []
        ReportValue.objects.bulk_create(rows, batch_size=BATCH)
        values += len(rows)
    return Load(campaign=campaign, periods=made, communes=len(units), figures=len(figures), values=values)

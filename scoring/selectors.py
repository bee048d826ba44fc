"""Reads for the scoring pages: the sheets a user sees, and the board of a sheet (criteria tree, stages, every
visible member's entries, the points the reports give, totals and ranking) in a fixed number of queries, whatever the
number of members and criteria."""

from dataclasses import dataclass, field
from decimal import Decimal

from campaigns.models import Campaign
from reports.achievement import Achievement
from reports.models import Report, ReportStatus, ReportValue
from reports.selectors import judge_value
from scoring.access import SheetAccess
from scoring.models import (
    BASE_STAGE,
    STAGE_ORDER,
    CriterionKind,
    ScoreEntry,
    ScoreSheet,
    ScoreStage,
    StageKind,
    StageStatus,
)
from scoring.rules import Node, RankedRow, Totals, build_tree, formula_points, rank, totals
from targets.models import Target

__all__ = ("sheet_list", "Prefill", "Board", "sheet_board", "quantitative_prefill")

PREFILL_STATUSES = (ReportStatus.APPROVED, ReportStatus.SUBMITTED)


def sheet_list(*, user, cluster=None):
    sheets = ScoreSheet.objects.restrict(user).select_related(
        "cluster__organiser", "organiser", "campaign__doc_type", "period"
    )
    if cluster is not None:
        sheets = sheets.filter(cluster=cluster)
    return sheets.order_by("-campaign__year", "cluster__name", "-created", "pk")


@dataclass(frozen=True)
class Prefill:
    """What the unit's report gives a quantitative criterion: the achievement of its figure and the points."""

    points: Decimal | None
    achievement: Achievement | None = None
    report: Report | None = None

    @property
    def report_status(self) -> str:
        return self.report.get_status_display() if self.report else ""


def _reports(sheet: ScoreSheet, unit_ids) -> dict[int, Report]:
    """Each unit's report the points come from: the sheet's period, or else the latest period with one; approved
    or submitted only."""
    reports = Report.objects.filter(unit_id__in=unit_ids, status__in=PREFILL_STATUSES).select_related("period")
    if sheet.period_id:
        reports = reports.filter(period_id=sheet.period_id)
    else:
        reports = reports.filter(period__campaign_id=sheet.campaign_id)
    chosen: dict[int, Report] = {}
    for report in reports.order_by("period__ends_on", "period__starts_on", "period_id"):
        chosen[report.unit_id] = report  # the latest period wins
    return chosen


def quantitative_prefill(*, sheet: ScoreSheet, criteria, units) -> dict[tuple[int, int], Prefill]:
    """{(criterion id, unit id): Prefill} for the quantitative criteria linked to a figure."""
    quantitative = [c for c in criteria if c.kind == CriterionKind.QUANTITATIVE and c.figure_id]
    unit_ids = [u.pk for u in units]
    if not quantitative or not unit_ids:
        return {}
    figure_ids = {c.figure_id for c in quantitative}
    reports = _reports(sheet, unit_ids)
    issuing_id = Campaign.objects.filter(pk=sheet.campaign_id).values_list("issuing_unit_id", flat=True).first()
    values = {
        (v.report_id, v.figure_id): v
        for v in ReportValue.objects.filter(report__in=[r.pk for r in reports.values()], figure_id__in=figure_ids)
    }
    targets = {
        (t.figure_id, t.unit_id): t for t in Target.objects.filter(figure_id__in=figure_ids, unit_id__in=unit_ids)
    }
    result = {}
    for criterion in quantitative:
        for unit_id in unit_ids:
            report = reports.get(unit_id)
            if report is None:
                result[(criterion.pk, unit_id)] = Prefill(points=None)
                continue
            value = values.get((report.pk, criterion.figure_id))
            # against the targets frozen with the report, by the one rule (reports.selectors.judge_value)
            judged, _against = judge_value(
                report=report,
                figure=criterion.figure,
                target=targets.get((criterion.figure_id, unit_id)),
                value=value,
                issuer=unit_id == issuing_id,
            )
            points = formula_points(
                formula=criterion.formula,
                params=criterion.formula_params,
                max_points=criterion.max_points,
                status=judged.status,
                percent=judged.percent,
            )
            result[(criterion.pk, unit_id)] = Prefill(points=points, achievement=judged, report=report)
    return result


@dataclass
class Board:
    sheet: ScoreSheet
    access: SheetAccess
    stages: list[ScoreStage]
    roots: list[Node]
    nodes: list[Node]
    units: list  # the members the user sees, in code order
    entries: dict[tuple[str, int, int], ScoreEntry]  # (stage kind, criterion id, unit id)
    prefills: dict[tuple[int, int], Prefill]
    _effective: dict = field(default_factory=dict)

    @property
    def stage_by_kind(self) -> dict[str, ScoreStage]:
        return {s.kind: s for s in self.stages}

    @property
    def final_closed(self) -> bool:
        final = self.stage_by_kind.get(StageKind.FINAL)
        return final is not None and final.status == StageStatus.CLOSED

    @property
    def scored_nodes(self) -> list[Node]:
        return [n for n in self.nodes if n.kind != CriterionKind.GROUP]

    def entry(self, stage_kind: str, criterion_id: int, unit_id: int) -> ScoreEntry | None:
        return self.entries.get((stage_kind, criterion_id, unit_id))

    def scores(self, stage_kind: str, unit_id: int) -> dict[int, Decimal | None]:
        """{criterion id: points} at a stage: what was entered there, else what the stage it starts from holds."""
        key = (stage_kind, unit_id)
        if key not in self._effective:
            base = BASE_STAGE[stage_kind]
            below = self.scores(base, unit_id) if base else {}
            current = {}
            for node in self.scored_nodes:
                entry = self.entries.get((stage_kind, node.pk, unit_id))
                current[node.pk] = entry.score if entry is not None else below.get(node.pk)
            self._effective[key] = current
        return self._effective[key]

    def cases(self, stage_kind: str, criterion_id: int, unit_id: int) -> int | None:
        """The number of cases a criterion counted per case holds at a stage: entered there, else at the stage it
        starts from."""
        kind = stage_kind
        while kind is not None:
            entry = self.entries.get((kind, criterion_id, unit_id))
            if entry is not None:
                return entry.cases
            kind = BASE_STAGE[kind]
        return None

    def initial(self, stage_kind: str, criterion_id: int, unit_id: int) -> Decimal | None:
        """What the form of a stage shows before anything is entered there: the stage it starts from, else the
        points the report gives."""
        base = BASE_STAGE[stage_kind]
        value = self.scores(base, unit_id).get(criterion_id) if base else None
        if value is None:
            prefill = self.prefills.get((criterion_id, unit_id))
            value = prefill.points if prefill else None
        return value

    def totals(self, stage_kind: str, unit_id: int) -> Totals:
        return totals(self.roots, self.scores(stage_kind, unit_id), bonus_in_subtotals=self.sheet.bonus_in_subtotals)

    def ranking(self) -> list[RankedRow]:
        return rank((unit, self.totals(StageKind.FINAL, unit.pk)) for unit in self.units)

    @property
    def max_total(self) -> Decimal:
        return sum(
            (
                n.shown_max or Decimal(0)
                for n in self.roots
                if n.kind not in (CriterionKind.BONUS, CriterionKind.PENALTY)
            ),
            Decimal(0),
        )


def sheet_stages(sheet: ScoreSheet) -> list[ScoreStage]:
    stages = {s.kind: s for s in sheet.stages.select_related("opened_by", "closed_by")}
    return [stages[kind] for kind in STAGE_ORDER if kind in stages]


def sheet_board(*, sheet: ScoreSheet, access: SheetAccess, units=None, with_prefill: bool = True) -> Board:
    """Everything a page of the sheet shows, for the members the user sees (or ``units``, a subset of them)."""
    units = list(units if units is not None else access.visible_units())
    criteria = list(sheet.criteria.select_related("figure"))
    roots, nodes = build_tree(criteria)
    entries = {}
    if units and criteria:
        for entry in (
            ScoreEntry.objects.filter(stage__sheet=sheet, unit_id__in=[u.pk for u in units])
            .select_related("stage", "updated_by")
            .prefetch_related("evidence")
        ):
            entries[(entry.stage.kind, entry.criterion_id, entry.unit_id)] = entry
    prefills = quantitative_prefill(sheet=sheet, criteria=criteria, units=units) if with_prefill else {}
    return Board(
        sheet=sheet,
        access=access,
        stages=sheet_stages(sheet),
        roots=roots,
        nodes=nodes,
        units=units,
        entries=entries,
        prefills=prefills,
    )

"""Reads for the target grids: a fixed number of queries whatever the number of indicators and units."""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import Page
from django.db.models import Sum

from campaigns.models import Campaign, Participation
from campaigns.selectors import campaign_document
from targets.models import Aggregation, Figure, Target
from targets.rules import Reach, figure_reach, rollup_aggregation
from targets.services import NUMERIC_FORMS
from targets.whose import figure_owner
from units.models import Unit
from units.paging import page_of, search_text


@dataclass
class GridRow:
    figure: Figure
    indicator_label: str
    indicator_sentence: str
    first_of_indicator: bool
    target: Target | None
    editable: bool
    whose: str = ""  # whose the campaign's figure is (targets.whose.figure_owner)


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
            whose=figure_owner(figure, campaign.issuing_unit),
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
    every_unit: bool = False  # the campaign's figure is a target of every unit, not the issuer's total

    @property
    def shortfall(self) -> Decimal | None:
        """How much the units' assigned targets fall short of the upper level's own (sum figures only)."""
        if not self.adds_up or self.figure.value is None or self.total is None:
            return None
        return self.figure.value - self.total


# A page of the assignment grid holds at most this many units, and at most this many cells (units × figures shown):
# with many figures a page has fewer units, so that its HTML (about 170 B a cell, measured in
# tests/targets/test_assignment_grid.py) and its POST (two fields a cell) stay bounded whatever the campaign's size.
ASSIGN_ROWS_PER_PAGE = 20
ASSIGN_CELLS_PER_PAGE = 800
# What a cell of the grid reads of its target (templatetags.figures.assignment_rows, AssignmentGridForm).
GRID_CELL_FIELDS = (
    "figure_id",
    "unit_id",
    "assigned_value",
    "assigned_high",
    "registered_value",
    "registered_high",
    "version",
)


@dataclass
class AssignSection:
    """A group of the campaign's figures the grid can be shown by: a top-level section (or, when one section holds
    them all, its sub-sections)."""

    pk: int
    label: str


@dataclass
class AssignmentGrid:
    """One page of the assignment grid: the units of the page (searched by name), the figures of the chosen section,
    each column's sum over ALL the participating units against the campaign's own figure."""

    page: Page
    columns: list[AssignColumn]
    sections: list[AssignSection]
    section: int | None  # the section shown, None: all
    section_unknown: bool  # a section was asked for that the campaign does not have (all are shown)
    text: str
    total: int  # participating units, whatever the search

    @property
    def units(self) -> list[Unit]:
        return self.page.object_list

    @property
    def filtered(self) -> bool:
        return bool(self.text)

    def _query(self, page=None) -> str:
        values = {"q": self.text, "section": self.section or "", "page": page or ""}
        return urlencode({key: value for key, value in values.items() if value})

    @property
    def query(self) -> str:
        """The filters and the page number, for the form's action and the redirect after saving."""
        return self._query(self.page.number)

    @property
    def previous_query(self) -> str:
        return self._query(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_query(self) -> str:
        return self._query(self.page.next_page_number()) if self.page.has_next() else ""


def _has_numeric(node) -> bool:
    return _holds_numeric(node) or any(_has_numeric(child) for child in node.children)


def _holds_numeric(node) -> bool:
    return any(f.form in NUMERIC_FORMS for indicator in node.indicators for f in indicator.figure_list)


def _section_groups(document) -> list:
    """The section nodes the figures are grouped by: the top-level sections holding numeric figures; when only one
    does and its figures are all in its sub-sections, those sub-sections (and so on down)."""
    nodes = document.sections
    while True:
        holding = [node for node in nodes if _has_numeric(node)]
        if len(holding) == 1 and not _holds_numeric(holding[0]) and holding[0].children:
            nodes = holding[0].children
            continue
        return holding


def _section_label(section) -> str:
    text = " ".join(f"{section.label} {section.heading}".split())
    return text if len(text) <= 80 else text[:79] + "…"


def _walk(nodes):
    """(figure, indicator) of the numeric figures under ``nodes``, in document order."""
    for node in nodes:
        for indicator in node.indicators:
            for figure in indicator.figure_list:
                if figure.form in NUMERIC_FORMS:
                    yield figure, indicator
        yield from _walk(node.children)


def assignment_grid(
    *,
    campaign: Campaign,
    text: str = "",
    section="",
    page=1,
    rows_per_page: int = ASSIGN_ROWS_PER_PAGE,
    cells_per_page: int = ASSIGN_CELLS_PER_PAGE,
) -> AssignmentGrid:
    """A page of participating units (rows, by path; ``text`` searches their names with or without diacritics) ×
    the numeric figures of ``section`` (all when empty or unknown). Each column's sum over all the participating
    units is one aggregate query. A fixed number of queries whatever the number of units and indicators; a page out
    of range gives the nearest."""
    document = campaign_document(campaign=campaign)
    groups = _section_groups(document)
    sections = [AssignSection(pk=node.section.pk, label=_section_label(node.section)) for node in groups]
    chosen, unknown = None, False
    if str(section or "").strip():
        chosen = next((node for node in groups if str(node.section.pk) == str(section).strip()), None)
        unknown = chosen is None
    figures = list(_walk([chosen] if chosen else document.sections))

    participants = Unit.objects.filter(campaign_participations__campaign=campaign)
    text = search_text(text)
    units = participants.search(text) if text else participants
    per_page = max(1, min(rows_per_page, cells_per_page // max(1, len(figures))))
    current = page_of(units.order_by("path"), page, per_page)
    current.object_list = list(current.object_list)
    total = participants.count() if text else current.paginator.count

    targets = {  # up to ASSIGN_CELLS_PER_PAGE of them: only what a cell shows and posts back
        (t.figure_id, t.unit_id): t
        for t in Target.objects.filter(
            figure__indicator__section__campaign=campaign, unit__in=[u.pk for u in current.object_list]
        ).only(*GRID_CELL_FIELDS)
    }
    summed = [figure.pk for figure, _indicator in figures if rollup_aggregation(figure) == Aggregation.SUM]
    totals = {}
    if summed:
        totals = dict(
            Target.objects.filter(figure_id__in=summed, unit__campaign_participations__campaign=campaign)
            .order_by()
            .values("figure_id")
            .annotate(total=Sum("assigned_value"))
            .values_list("figure_id", "total")
        )
    columns = []
    for figure, indicator in figures:
        column = AssignColumn(
            figure=figure,
            indicator_label=indicator.label,
            indicator_sentence=indicator.sentence,
            adds_up=rollup_aggregation(figure) == Aggregation.SUM,  # a percentage is never added up
            every_unit=figure_reach(figure) == Reach.EACH,
        )
        column.cells = [targets.get((figure.pk, u.pk)) for u in current.object_list]
        if column.adds_up:
            column.total = totals.get(figure.pk)
        columns.append(column)
    return AssignmentGrid(
        page=current,
        columns=columns,
        sections=sections,
        section=chosen.section.pk if chosen else None,
        section_unknown=unknown,
        text=text,
        total=total,
    )


@dataclass
class AssignmentTable:
    """The whole assignment grid, for its Excel sheet: every participating unit × every numeric figure."""

    units: list[Unit]
    figures: list[tuple[Figure, object]]  # (figure, its indicator) in document order
    targets: dict[tuple[int, int], Target]  # by (figure id, unit id)


def assignment_table(*, campaign: Campaign) -> AssignmentTable:
    """Five queries whatever the size: the document (sections, indicators, figures), the units, the targets."""
    document = campaign_document(campaign=campaign)
    units = list(Unit.objects.filter(campaign_participations__campaign=campaign).order_by("path"))
    targets = {
        (t.figure_id, t.unit_id): t
        for t in Target.objects.filter(
            figure__indicator__section__campaign=campaign, unit__campaign_participations__campaign=campaign
        )
    }
    return AssignmentTable(units=units, figures=list(_walk(document.sections)), targets=targets)


@dataclass
class RegistrationLink:
    campaign: Campaign
    unit: Unit


def registration_links(*, user, campaign: Campaign) -> list[RegistrationLink]:
    """Where the user's own units register their targets, seen from a campaign page: the campaign itself when one of
    them takes part in it, else the higher campaign it implements (a commune's own plan is registered on the
    district's Chỉ thị) when the user sees it. Only the units the user is a member of and may register for."""
    own = {m.unit.pk: m.unit for m in user.memberships_list if user.can("target.register", m.unit)}
    if not own:
        return []
    chain = [campaign]
    if campaign.higher_campaign_id and Campaign.objects.restrict(user).filter(pk=campaign.higher_campaign_id).exists():
        chain.append(campaign.higher_campaign)
    taking_part = {}
    for part in Participation.objects.filter(campaign__in=chain, unit_id__in=own).values_list("campaign_id", "unit_id"):
        taking_part.setdefault(part[0], []).append(part[1])
    for candidate in chain:
        if candidate.pk in taking_part:
            units = sorted((own[u] for u in taking_part[candidate.pk]), key=lambda u: u.name)
            return [RegistrationLink(campaign=candidate, unit=u) for u in units]
    return []

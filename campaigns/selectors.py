"""Reads for campaign pages and documents: a fixed number of queries, whatever the number of parts and targets."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page

from campaigns.models import Campaign, CampaignStatus, Section
from targets.models import Figure, Indicator, Target
from targets.numbers import format_number
from units.models import Unit, UnitKind
from units.paging import PER_PAGE, page_of, search_text


@dataclass
class SectionNode:
    section: Section
    indicators: list[Indicator] = field(default_factory=list)
    children: list["SectionNode"] = field(default_factory=list)
    depth: int = 0


@dataclass
class CampaignDocument:
    campaign: Campaign
    sections: list[SectionNode]
    recipients: list[str]
    indicator_count: int
    figure_count: int
    legal_bases: list = field(default_factory=list)  # "Căn cứ …" lines, printed before the preamble
    appendices: list = field(default_factory=list)  # printed after the signature block


def campaign_document(*, campaign: Campaign) -> CampaignDocument:
    """The campaign's contents as a tree, with each indicator's figures attached (indicator.figure_list)."""
    sections = list(Section.objects.filter(campaign=campaign).order_by("position", "pk"))
    indicators = list(Indicator.objects.filter(section__campaign=campaign).order_by("position", "pk"))
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("position", "pk"))
    by_indicator = defaultdict(list)
    for figure in figures:
        by_indicator[figure.indicator_id].append(figure)
    by_section = defaultdict(list)
    for indicator in indicators:
        indicator.figure_list = by_indicator[indicator.pk]
        by_section[indicator.section_id].append(indicator)
    nodes = {s.pk: SectionNode(section=s, indicators=by_section[s.pk]) for s in sections}
    roots = []
    for section in sections:
        node = nodes[section.pk]
        (nodes[section.parent_id].children if section.parent_id else roots).append(node)

    def set_depth(items, depth):
        for item in items:
            item.depth = depth
            set_depth(item.children, depth + 1)

    set_depth(roots, 0)
    return CampaignDocument(
        campaign=campaign,
        sections=roots,
        recipients=list(campaign.recipients.order_by("position", "pk").values_list("text", flat=True)),
        indicator_count=len(indicators),
        figure_count=len(figures),
        legal_bases=list(campaign.legal_bases.order_by("position", "pk")),
        appendices=list(campaign.appendices.order_by("position", "pk")),
    )


@dataclass
class Change:
    when: object
    who: str
    kind: str  # "+", "~", "-"
    what: str  # the model's verbose name and the object
    fields: list[tuple[str, str, str]]  # (field label, old, new)


def _display(value) -> str:
    from decimal import Decimal

    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format_number(value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def campaign_changes(*, campaign: Campaign, limit: int = 30) -> list[Change]:
    """The latest changes to the campaign, its sections, indicators, figures and targets: who, when, old → new.
    A fixed number of queries: the history rows of each model, then their previous rows in one query each."""
    from django.db.models import Q

    histories = [
        (Campaign.history.model, Q(id=campaign.pk)),
        (Section.history.model, Q(campaign_id=campaign.pk)),
        (Indicator.history.model, Q(section_id__in=Section.history.filter(campaign_id=campaign.pk).values("id"))),
        (
            Figure.history.model,
            Q(
                indicator_id__in=Indicator.history.filter(
                    section_id__in=Section.history.filter(campaign_id=campaign.pk).values("id")
                ).values("id")
            ),
        ),
        (
            Target.history.model,
            Q(figure_id__in=Figure.objects.filter(indicator__section__campaign=campaign).values("id")),
        ),
    ]
    rows = []
    for model, condition in histories:
        rows += list(model.objects.filter(condition).select_related("history_user").order_by("-history_date")[:limit])
    rows.sort(key=lambda r: r.history_date, reverse=True)
    rows = rows[:limit]
    previous = {}
    for model in {type(r) for r in rows}:
        mine = [r for r in rows if isinstance(r, model)]
        candidates = model.objects.filter(
            id__in={r.id for r in mine}, history_date__lt=max(r.history_date for r in mine)
        )
        by_object = defaultdict(list)
        for candidate in candidates.order_by("history_date"):
            by_object[candidate.id].append(candidate)
        for r in mine:
            earlier = [c for c in by_object[r.id] if c.history_date < r.history_date]
            previous[r] = earlier[-1] if earlier else None
    changes = []
    for record in rows:
        fields = []
        before = previous.get(record)
        if record.history_type == "~" and before is not None:
            delta = record.diff_against(before)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                fields.append((str(field.verbose_name), _display(change.old), _display(change.new)))
        changes.append(
            Change(
                when=record.history_date,
                who=record.history_user.get_full_name() if record.history_user else "",
                kind=record.history_type,
                what=f"{record.instance_type._meta.verbose_name}: {_display(record.instance)}",
                fields=fields,
            )
        )
    return changes


# ------------------------------------------------------------------ participants, a page at a time

PARTICIPANTS_PER_PAGE = PER_PAGE


@dataclass
class ParticipantsPage:
    """One page of a campaign's participating units, searched and filtered, each unit marked for the user: whether
    they may open its targets (``visible``), adopt the campaign for it (``can_adopt``), and its adopted campaign."""

    page: Page
    total: int  # participants of the campaign, whatever the search
    text: str
    kind: str
    kinds: list[tuple[str, str]]  # the kinds among the participants, for the filter

    @property
    def units(self) -> list:
        return self.page.object_list

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.kind)


def participants_page(*, campaign: Campaign, user, text: str = "", kind: str = "", page=1) -> ParticipantsPage:
    """Five queries whatever the number of participants: the kinds present, the count, the page, the units of it the
    user sees, the campaigns adopted for them. A page number out of range gives the nearest page."""
    units = campaign.participants.order_by("path")
    present = set(units.values_list("kind", flat=True).distinct())
    kinds = [(value, label) for value, label in UnitKind.choices if value in present]
    kind = kind if kind in present else ""
    text = search_text(text)
    total = None
    if text or kind:
        total = units.count()
    if text:
        units = units.search(text)
    if kind:
        units = units.filter(kind=kind)
    current = page_of(units, page, PARTICIPANTS_PER_PAGE)
    rows = list(current.object_list)
    ids = [unit.pk for unit in rows]
    visible = set(Unit.objects.restrict(user).filter(pk__in=ids).values_list("pk", flat=True))
    adopted = dict(campaign.derived_campaigns.filter(issuing_unit_id__in=ids).values_list("issuing_unit_id", "pk"))
    issued = campaign.status != CampaignStatus.DRAFT
    for unit in rows:
        unit.visible = unit.pk in visible
        unit.can_adopt = issued and user.can("campaign.adopt", unit)
        unit.adopted_pk = adopted.get(unit.pk)
    current.object_list = rows
    return ParticipantsPage(
        page=current, total=current.paginator.count if total is None else total, text=text, kind=kind, kinds=kinds
    )

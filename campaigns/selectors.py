"""Reads for campaign pages and documents: a fixed number of queries, whatever the number of parts and targets."""

from collections import defaultdict
from dataclasses import dataclass, field

from campaigns.models import Campaign, Section
from targets.models import Figure, Indicator


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
    )

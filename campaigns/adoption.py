"""Adopting a higher campaign: a participating unit gets a draft campaign of its own with the higher campaign's
contents and indicators, its figures pre-filled with the targets assigned to that unit ("huyện giao"); a total of the
higher unit that was not assigned to it is left without a value for the unit to set (targets.rules: it is not the
unit's target), while a rate, level or status that applies to every unit keeps the higher campaign's value, given
by the higher unit ("tỉnh giao" on a district's campaign: targets.whose)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import permissions
from campaigns.models import Campaign, CampaignStatus, Section
from targets.models import Figure, Indicator, Source, Target
from targets.rules import Reach, figure_reach
from targets.whose import assigned_by
from units.models import Unit
from units.validity import parent_body_line

ERR_NOT_ISSUED = gettext_noop("Only an issued campaign can be adopted; this one is still a draft.")
ERR_NOT_PARTICIPANT = gettext_noop("%(unit)s does not take part in this campaign.")

# Who edits a unit's campaigns (and adopts a higher one for it): the same people.


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def higher_citation(campaign: Campaign) -> str:
    """'Chỉ thị số 02/CT-UBND ngày 16/01/2024 của Ủy ban nhân dân huyện Cao Lộc', as lower documents cite it."""
    parts = [campaign.doc_type.name]
    if campaign.number:
        parts.append(f"số {campaign.reference}")
    if campaign.issued_on:
        parts.append(f"ngày {campaign.issued_on:%d/%m/%Y}")
    parts.append(f"của Ủy ban nhân dân {_lower_first(campaign.issuing_unit.name)}")
    text = " ".join(parts)
    return f"{text} về {_lower_first(campaign.title)}" if campaign.title else text


def header_bodies(unit: Unit) -> tuple[str, str]:
    """The two header lines of a People's Committee's document: parent body (as the unit's setting says, see
    units.validity.parent_body_line) and issuing body."""
    return parent_body_line(unit), f"ỦY BAN NHÂN DÂN {unit.name.upper()}"


@transaction.atomic
def campaign_adopt(*, higher: Campaign, unit: Unit, user) -> tuple[Campaign, bool]:
    """The unit's own draft implementing the higher campaign; (campaign, created). Adopting twice returns the
    first one, so a double click creates nothing twice."""
    permissions.require(user, "campaign.adopt", unit)
    higher = Campaign.objects.select_for_update().select_related("issuing_unit", "doc_type").get(pk=higher.pk)
    if higher.status == CampaignStatus.DRAFT:
        raise ValidationError(_(ERR_NOT_ISSUED))
    if not higher.participations.filter(unit=unit).exists():
        raise ValidationError(_(ERR_NOT_PARTICIPANT) % {"unit": unit.name})
    existing = Campaign.objects.filter(higher_campaign=higher, issuing_unit=unit).first()
    if existing is not None:
        return existing, False
    parent_body, issuing_body = header_bodies(unit)
    abbreviation = higher.doc_type.abbreviation or higher.symbol.split("-", 1)[0]
    campaign = Campaign.objects.create(
        issuing_unit=unit,
        parent_body=parent_body,
        issuing_body=issuing_body,
        doc_type=higher.doc_type,
        symbol=f"{abbreviation}-UBND",
        place=unit.short_name,
        year=higher.year,
        title=higher.title,
        kind=higher.kind,
        status=CampaignStatus.DRAFT,
        higher_campaign=higher,
        higher_document=higher_citation(higher),
        theme=higher.theme,
        created_by=user,
    )
    source_body = assigned_by(higher.issuing_unit)
    assigned = {t.figure_id: t for t in Target.objects.filter(figure__indicator__section__campaign=higher, unit=unit)}
    sections = list(Section.objects.filter(campaign=higher).order_by("parent_id", "position", "pk"))
    indicators = list(Indicator.objects.filter(section__campaign=higher).order_by("position", "pk"))
    figures = list(Figure.objects.filter(indicator__section__campaign=higher).order_by("position", "pk"))
    copies: dict[int, Section] = {}
    pending = sections[:]
    while pending:  # parents before children
        section = next(s for s in pending if s.parent_id is None or s.parent_id in copies)
        pending.remove(section)
        copies[section.pk] = Section.objects.create(
            campaign=campaign,
            parent=copies.get(section.parent_id),
            position=section.position,
            **{name: getattr(section, name) for name in Section.CONTENT_FIELDS},
        )
    indicator_copies = {
        i.pk: Indicator.objects.create(
            section=copies[i.section_id],
            position=i.position,
            **{name: getattr(i, name) for name in Indicator.CONTENT_FIELDS},
        )
        for i in indicators
    }
    new_figures = []
    for figure in figures:
        target = assigned.get(figure.pk)
        copy = Figure(
            indicator=indicator_copies[figure.indicator_id],
            position=figure.position,
            **{name: getattr(figure, name) for name in Figure.CONTENT_FIELDS},
        )
        if target is not None and target.assigned_value is not None:
            copy.value, copy.value_high = target.assigned_value, target.assigned_high
            copy.source, copy.source_body = Source.ASSIGNED, source_body
        elif figure_reach(figure) == Reach.TOTAL:
            # The higher unit's own total, not assigned to this unit, is not its target (issue #19): the unit sets
            # its own in its draft. A rate, level or status applies to every unit and is kept.
            copy.value = copy.value_high = None
        else:
            # A rate, level or status of every unit, kept from the higher campaign: the higher unit gave it to this
            # one ("tỉnh giao" on the district's Chỉ thị), whatever the higher campaign wrote of its own source.
            copy.source, copy.source_body = Source.ASSIGNED, source_body
        new_figures.append(copy)
    Figure.objects.bulk_create(new_figures)
    return campaign, True

"""Consecutive-year chains across a merger: a collective that *is* a unit (the commune itself, a village) counts the
years its predecessors held the title (Xã Ba Sơn, formed on 1/7/2025 from Xã Cao Lâu, Xã Xuất Lễ and Xã Mẫu Sơn,
counts their 2024 titles). A person's or a department's chain needs nothing: their records move with them.

A year before the merger counts when every predecessor collective (of the same kind, linked to a unit whose main
successor is this collective's unit: units.lineage) held the title that year from a regular or campaign award: as if
the merged commune had been one all along. With no such collective, the merger changes nothing."""

from django.utils.translation import gettext as _

from awards.models import AwardRecord
from awards.models.catalogue import CHAIN_KINDS
from people.models import Collective
from units.lineage import main_predecessor_ids

__all__ = ("predecessor_collectives", "predecessors_hold")


def predecessor_collectives(collective: Collective) -> list[Collective]:
    """The collectives of the same kind linked to the units this collective's unit took over, nearest first."""
    if collective.linked_unit_id is None:
        return []
    ids = main_predecessor_ids(collective.linked_unit)
    if not ids:
        return []
    rows = Collective.objects.filter(kind=collective.kind, linked_unit_id__in=ids).exclude(pk=collective.pk)
    order = {pk: position for position, pk in enumerate(ids)}
    return sorted(rows.select_related("linked_unit"), key=lambda row: (order[row.linked_unit_id], row.pk))


def predecessors_hold(award_type, year: int, *, collective: Collective) -> tuple[bool, str] | None:
    """Whether the collective's predecessors held the title in ``year`` (and why), or None when it has none."""
    predecessors = predecessor_collectives(collective)
    if not predecessors:
        return None
    records = {
        record.collective_id: record
        for record in AwardRecord.objects.filter(award_type=award_type, year=year, collective__in=predecessors)
    }
    held = []
    for predecessor in predecessors:
        record = records.get(predecessor.pk)
        if record is None or record.award_kind not in CHAIN_KINDS:
            return False, _("%(unit)s, before the merger: not in the award history") % {"unit": predecessor.name}
        held.append(
            _("%(unit)s, before the merger: decision %(reference)s")
            % {"unit": predecessor.name, "reference": record.decision_reference}
        )
    return True, "; ".join(held)

"""Which units a unit took over: its main predecessors through every reorganisation (the 2025 merger, and any made
later with units/reorganise.py). What the award chains and the "so với năm 2024" baselines read.

Only predecessors whose *main* successor is the unit count (a commune split between two new ones hands its history
to the main one), and only of the unit's own kind: the new Tỉnh Lạng Sơn took over the old province, not also each
of its districts, whose figures the old province's already include."""

from units.models import Unit

__all__ = ("MAX_GENERATIONS", "main_predecessor_ids")

MAX_GENERATIONS = 10  # reorganisations followed back; a cycle in hand-entered data stops here


def main_predecessor_ids(unit: Unit) -> list[int]:
    """The ids of the units whose main successor is ``unit``, and of theirs, nearest first: one query per
    generation (Xã Ba Sơn: Xã Cao Lâu, Xã Xuất Lễ, Xã Mẫu Sơn)."""
    found: list[int] = []
    seen, frontier = {unit.pk}, [unit.pk]
    for _generation in range(MAX_GENERATIONS):
        rows = (
            Unit.objects.filter(successor_id__in=frontier, kind=unit.kind).order_by("code").values_list("pk", flat=True)
        )
        frontier = [pk for pk in rows if pk not in seen]
        if not frontier:
            break
        seen.update(frontier)
        found += frontier
    return found

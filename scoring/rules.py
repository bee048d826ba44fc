"""The arithmetic of a scoring sheet, in plain Python (no queries): a quantitative criterion's points from the
achievement of its figure, a member's totals at a stage, and the ranking.

Formulas (Criterion.formula, parameters in Criterion.formula_params)
    proportional  points = max × min(percent / 100, cap). A cap of 1 gives at most the maximum; 1,2 lets a unit that
                  exceeds its target earn up to 120% of the maximum. A negative percentage (a change the wrong way)
                  counts as 0.
    threshold     the maximum when the figure is achieved (đạt) or exceeded (vượt), else 0.
    steps         the points of the highest step whose percentage the unit reached ([[80, 5], [100, 10]]: 5 points
                  from 80%, 10 from 100%); below the first step, 0.
    The percentage is achievement()'s (reports.achievement). A figure judged without a percentage (a kept status,
    a grade, a reviewer's verdict) counts as 100% when achieved or exceeded and 0% when missed. With no data the
    formula gives no points at all (None): the scorer enters them.

Totals at a stage
    base     the quantitative, qualitative and direct criteria; a group scores the sum of what is under it, capped at
             the group's own maximum when it has one;
    bonus    the bonus criteria, each within its own maximum; a group with a bonus cap caps the sum of the bonus
             points under it (nested groups cap first, then the group above them);
    penalty  the penalty criteria, entered as negative numbers, each within its own maximum; a group with a penalty
             cap caps what is taken off under it in the same way;
    total    base + bonus + penalty, and never below 0.
    A group's subtotal is its capped base; on a sheet whose bonus counts in the subtotals (ScoreSheet.
    bonus_in_subtotals), plus the capped bonus and penalty under it ("chuẩn 3, cộng 4, đạt 7"). The total is the same
    either way. A criterion counted per case stores cases × points per case, capped at its maximum; one scored from
    levels stores the level chosen: both are ordinary points here.
    A disqualifying criterion holds 1 (yes) or 0 (no) and no points; a yes makes the unit disqualified.

Ranking (RANKING_RULE)
    By the total at the final stage, highest first; equal totals are separated by the number of criteria scored at
    their full points (more first), then by the unit's name in Vietnamese alphabetical order. Disqualified units come
    last, in alphabetical order, without a rank ("không xếp loại")."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from reports.achievement import Status
from scoring.models import BASE_KINDS, POINTS, CriterionKind, Formula

__all__ = (
    "RANKING_RULE",
    "formula_points",
    "Node",
    "build_tree",
    "Totals",
    "totals",
    "RankedRow",
    "rank",
    "vi_sort_key",
)

RANKING_RULE = gettext_noop(
    "Units are ranked by their total at the final stage, highest first. Equal totals are separated by the number of "
    "criteria scored at their full points (more first), then by the unit's name in alphabetical order. The total is "
    "the points of the criteria (a group never above its own maximum), plus bonus points, minus penalty points "
    "(each within the caps of the groups they stand under), and never below 0. A unit answering yes to a "
    "disqualifying criterion is not ranked, whatever its points, and is listed last."
)

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_GOOD = {Status.ACHIEVED, Status.EXCEEDED}


def _points(value: Decimal) -> Decimal:
    return value.quantize(POINTS, rounding=ROUND_HALF_UP)


def formula_points(*, formula: str, params: dict, max_points, status, percent) -> Decimal | None:
    """The points a quantitative criterion gives for an achievement (status, percent); None with no data or no
    target assigned to the unit."""
    if status is None or Status(status) in (Status.NO_DATA, Status.NOT_ASSIGNED) or max_points is None:
        return None
    good = Status(status) in _GOOD
    share = Decimal(percent) if percent is not None else (HUNDRED if good else ZERO)
    share = max(share, ZERO)
    top = Decimal(max_points)
    if formula == Formula.PROPORTIONAL:
        cap = Decimal(str((params or {}).get("cap", "1")))
        return _points(top * min(share / HUNDRED, cap))
    if formula == Formula.THRESHOLD:
        return _points(top if good else ZERO)
    if formula == Formula.STEPS:
        earned = ZERO
        for minimum, points in (params or {}).get("steps", []):
            if share >= Decimal(str(minimum)):
                earned = max(earned, Decimal(str(points)))
        return _points(earned)
    return None


@dataclass
class Node:
    """A criterion in the tree, with its depth and children (document order)."""

    criterion: object
    depth: int = 0
    children: list["Node"] = field(default_factory=list)

    @property
    def pk(self):
        return self.criterion.pk

    @property
    def kind(self):
        return self.criterion.kind

    @property
    def shown_max(self) -> Decimal | None:
        """A scored criterion's maximum; a group's own maximum, or the sum of the maxima under it."""
        if self.kind != CriterionKind.GROUP:
            return self.criterion.max_points
        if self.criterion.max_points is not None:
            return self.criterion.max_points
        return sum(
            (c.shown_max or ZERO for c in self.children if c.kind == CriterionKind.GROUP or c.kind in BASE_KINDS),
            ZERO,
        )


def build_tree(criteria: Iterable) -> tuple[list[Node], list[Node]]:
    """(the roots, every node in document order) from criteria of one sheet, in any order."""
    nodes = {c.pk: Node(criterion=c) for c in criteria}
    roots: list[Node] = []
    for node in sorted(nodes.values(), key=lambda n: (n.criterion.position, n.pk)):
        parent = nodes.get(node.criterion.parent_id)
        (parent.children if parent is not None else roots).append(node)
    flat: list[Node] = []

    def walk(level, depth):
        for node in level:
            node.depth = depth
            flat.append(node)
            walk(node.children, depth + 1)

    walk(roots, 0)
    return roots, flat


@dataclass(frozen=True)
class Totals:
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    total: Decimal = ZERO
    full: int = 0  # criteria (quantitative, qualitative, direct) scored at their full points
    scored: int = 0  # criteria with points
    missing: int = 0  # criteria without points
    groups: dict = field(default_factory=dict, compare=False, hash=False)  # {group id: its points}
    disqualifiers: tuple = ()  # the disqualifying criteria answered yes

    @property
    def disqualified(self) -> bool:
        return bool(self.disqualifiers)


def totals(roots: list[Node], scores: dict, *, bonus_in_subtotals: bool = False) -> Totals:
    """A member's totals at a stage from ``scores`` ({criterion id: points or None})."""
    counts = {"full": 0, "scored": 0, "missing": 0}
    disqualifiers: list = []
    groups: dict = {}

    def walk(level) -> tuple[Decimal, Decimal, Decimal]:
        """(base, bonus, penalty) of the criteria of ``level``, each group within its caps."""
        base = bonus = penalty = ZERO
        for node in level:
            if node.kind == CriterionKind.GROUP:
                b, plus, minus = group(node)
                base, bonus, penalty = base + b, bonus + plus, penalty + minus
                continue
            score = scores.get(node.pk)
            if score is None:
                counts["missing"] += 1
                continue
            counts["scored"] += 1
            if node.kind == CriterionKind.DISQUALIFIER:
                if score:
                    disqualifiers.append(node.criterion)
            elif node.kind == CriterionKind.BONUS:
                bonus += score
            elif node.kind == CriterionKind.PENALTY:
                penalty += score
            else:
                base += score
                if node.criterion.max_points and score >= node.criterion.max_points:
                    counts["full"] += 1
        return base, bonus, penalty

    def group(node) -> tuple[Decimal, Decimal, Decimal]:
        criterion = node.criterion
        base, bonus, penalty = walk(node.children)
        if criterion.max_points is not None:
            base = min(base, criterion.max_points)
        if criterion.bonus_cap is not None:
            bonus = min(bonus, criterion.bonus_cap)
        if criterion.penalty_cap is not None:
            penalty = max(penalty, -criterion.penalty_cap)
        groups[node.pk] = _points(base + bonus + penalty if bonus_in_subtotals else base)
        return base, bonus, penalty

    base, bonus, penalty = walk(roots)
    total = max(base + bonus + penalty, ZERO)
    return Totals(
        base=_points(base),
        bonus=_points(bonus),
        penalty=_points(penalty),
        total=_points(total),
        full=counts["full"],
        scored=counts["scored"],
        missing=counts["missing"],
        groups=groups,
        disqualifiers=tuple(disqualifiers),
    )


# Vietnamese alphabetical order: letters with a breve, circumflex or horn, and đ, are letters of their own; tones
# only break ties.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "'"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_ORDER = {letter: index for index, letter in enumerate(_ALPHABET)}


def vi_sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese names alphabetically: Bình < Đông < Hà, An < Ân < Ba."""
    decomposed = unicodedata.normalize("NFD", (text or "").casefold())
    primary, tones = [], []
    letters: list[list] = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            if letters and ch in _LETTER_MARKS:
                base = letters[-1][0]
                letters[-1][0] = {
                    ("a", "ă"): "ă",
                    ("a", "^"): "â",
                    ("e", "^"): "ê",
                    ("o", "^"): "ô",
                    ("o", "'"): "ơ",
                    ("u", "'"): "ư",
                }.get((base, _LETTER_MARKS[ch]), base)
            elif letters and ch in _TONES:
                letters[-1][1] = _TONES[ch]
            continue
        letters.append([ch, 0])
    for letter, tone in letters:
        primary.append(_ORDER.get(letter, 100 + ord(letter)))
        tones.append(tone)
    return tuple(primary), tuple(tones)


@dataclass(frozen=True)
class RankedRow:
    unit: object
    totals: Totals
    rank: int | None  # None: disqualified (không xếp loại)

    @property
    def disqualified(self) -> bool:
        return self.totals.disqualified


def rank(rows: Iterable[tuple[object, Totals]]) -> list[RankedRow]:
    """Members ranked by RANKING_RULE; ``rows`` are (unit, totals at the final stage). Disqualified members come
    last, by name, with no rank."""
    rows = list(rows)
    ranked = sorted(
        (r for r in rows if not r[1].disqualified), key=lambda r: (-r[1].total, -r[1].full, vi_sort_key(r[0].name))
    )
    out = sorted((r for r in rows if r[1].disqualified), key=lambda r: vi_sort_key(r[0].name))
    result = [RankedRow(unit=unit, totals=t, rank=position) for position, (unit, t) in enumerate(ranked, start=1)]
    return result + [RankedRow(unit=unit, totals=t, rank=None) for unit, t in out]

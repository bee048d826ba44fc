"""Reads of the register: a collective's members with their rating and titles for a year, and the shares the
collective titles' rules read (law-notes §1.5: ≥ 70 % of members with LĐTT, 100 % completing their tasks)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q

from awards.models import AwardRecord, AwardType
from people.models import Collective, Person, Rating, TaskRating

__all__ = (
    "LDTT_CODE",
    "COMPLETING",
    "MemberRow",
    "Shares",
    "ldtt_award_type",
    "collective_members",
    "collective_shares",
    "percent",
)

LDTT_CODE = "ldtt"
COMPLETING = (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED)


def ldtt_award_type():
    """The catalogue's Lao động tiên tiến (code "ldtt"; by its short name LĐTT if coded otherwise)."""
    return AwardType.objects.filter(Q(code__iexact=LDTT_CODE) | Q(short_name="LĐTT")).order_by("pk").first()


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, to one decimal (7.5); None when there is nobody to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MemberRow:
    person: Person
    rating: TaskRating | None
    awards: tuple  # the AwardRecords of the year

    @property
    def completing(self) -> bool:
        return self.rating is not None and self.rating.rating in COMPLETING

    def has(self, award_type) -> bool:
        return award_type is not None and any(a.award_type_id == award_type.pk for a in self.awards)


@dataclass(frozen=True)
class Shares:
    year: int
    members: int
    title: object | None  # the AwardType counted (LĐTT unless asked otherwise)
    with_title: int
    completing: int
    unrated: int

    @property
    def title_share(self) -> Decimal | None:
        return percent(self.with_title, self.members)

    @property
    def completing_share(self) -> Decimal | None:
        return percent(self.completing, self.members)

    @property
    def all_complete(self) -> bool:
        return self.members > 0 and self.completing == self.members


def collective_members(*, collective: Collective, year: int) -> list[MemberRow]:
    """The collective's active members, each with the year's task rating (or None) and the awards of the year."""
    people = (
        Person.objects.filter(collective=collective, active=True)
        .prefetch_related(
            Prefetch("ratings", queryset=TaskRating.objects.filter(year=year), to_attr="year_ratings"),
            Prefetch(
                "awards",
                queryset=AwardRecord.objects.filter(year=year).select_related("award_type"),
                to_attr="year_awards",
            ),
        )
        .order_by("full_name", "pk")
    )
    return [
        MemberRow(person=p, rating=p.year_ratings[0] if p.year_ratings else None, awards=tuple(p.year_awards))
        for p in people
    ]


def collective_shares(
    *, collective: Collective, year: int, title=None, members: list[MemberRow] | None = None
) -> Shares:
    """Who of the collective's active members hold ``title`` (LĐTT by default) for the year and who completed their
    tasks (hoàn thành nhiệm vụ or better); a member without a rating for the year has not completed them."""
    title = title if title is not None else ldtt_award_type()
    rows = members if members is not None else collective_members(collective=collective, year=year)
    return Shares(
        year=year,
        members=len(rows),
        title=title,
        with_title=sum(1 for row in rows if row.has(title)),
        completing=sum(1 for row in rows if row.completing),
        unrated=sum(1 for row in rows if row.rating is None),
    )

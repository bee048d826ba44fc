"""Reads for the nomination and council pages and for the minutes: lists with their filters, a session's
nominations grouped by award, the results table of the minutes."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards.eligibility import Check, Verdict
from nominations.models import Ballot, CouncilSession, MemberRole, Nomination, NominationStatus
from nominations.services import nominations_before
from targets.numbers import format_number

MSG_NOT_CHECKED = gettext_noop("Eligibility not checked yet.")

NOMINATIONS = Nomination.objects.select_related("unit", "award_type", "person", "collective", "campaign", "ballot")


def nomination_list(*, unit, year=None, award_type=None, status=None, eligible=None):
    """The nominations of the unit and the units under it, filtered."""
    queryset = NOMINATIONS.filter(unit__path__startswith=unit.path)
    if year:
        queryset = queryset.filter(year=year)
    if award_type:
        queryset = queryset.filter(award_type=award_type)
    if status:
        queryset = queryset.filter(status=status)
    if eligible in ("yes", "no"):
        queryset = queryset.filter(eligible=eligible == "yes")
    elif eligible == "unknown":
        queryset = queryset.filter(eligible__isnull=True)
    return queryset.order_by("-year", "award_type__rank", "unit__path", "pk")


def incoming_list(*, unit, year=None):
    """What reached the unit's council: the nominations sent to it by the unit and the units under it."""
    queryset = NOMINATIONS.filter(
        unit__path__startswith=unit.path,
        status__in=(NominationStatus.SUBMITTED, NominationStatus.PASSED, NominationStatus.FAILED),
    )
    if year:
        queryset = queryset.filter(year=year)
    return queryset.order_by("-year", "-award_type__rank", "award_type__name", "unit__path", "pk")


@dataclass
class AwardGroup:
    award_type: object
    nominations: list


def session_groups(session: CouncilSession) -> list[AwardGroup]:
    """The nominations before the session, grouped by award (higher ranks first), each with its ballot if any."""
    nominations = (
        nominations_before(session)
        .select_related("unit", "award_type", "person", "collective", "ballot")
        .order_by("-award_type__rank", "award_type__name", "unit__path", "pk")
    )
    groups: list[AwardGroup] = []
    for nomination in nominations:
        # The ballot or None: a template reading a missing one-to-one would get an error string, not nothing.
        nomination.vote = getattr(nomination, "ballot", None)
        if not groups or groups[-1].award_type.pk != nomination.award_type_id:
            groups.append(AwardGroup(nomination.award_type, []))
        groups[-1].nominations.append(nomination)
    return groups


def percent(votes: int, members: int) -> Decimal:
    if not members:
        return Decimal(0)
    return (Decimal(votes) * 100 / members).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class ResultRow:
    position: int
    name: str
    unit: str
    award: str
    votes_for: int
    votes_against: int
    members: int
    percent: str
    threshold: str
    passed: bool


@dataclass
class ResultGroup:
    award: str
    threshold: str
    rows: list


def minutes_results(session: CouncilSession) -> list[ResultGroup]:
    """The ballots of the session as the minutes print them: by award, numbered on, with the share of all members
    written the Vietnamese way ('80' , '79,17')."""
    ballots = (
        Ballot.objects.filter(session=session)
        .select_related("nomination__award_type", "nomination__person", "nomination__collective", "nomination__unit")
        .order_by("-nomination__award_type__rank", "nomination__award_type__name", "nomination__unit__path", "pk")
    )
    groups: list[ResultGroup] = []
    position = 0
    for ballot in ballots:
        award = ballot.nomination.award_type
        threshold = format_number(ballot.threshold)
        if not groups or groups[-1].award != award.name:
            groups.append(ResultGroup(award.name, threshold, []))
        position += 1
        groups[-1].rows.append(
            ResultRow(
                position=position,
                name=str(ballot.nomination.nominee),
                unit=ballot.nomination.unit.name,
                award=award.short_name,
                votes_for=ballot.votes_for,
                votes_against=ballot.votes_against,
                members=ballot.members_total,
                percent=format_number(percent(ballot.votes_for, ballot.members_total)),
                threshold=threshold,
                passed=ballot.passed,
            )
        )
    return groups


@dataclass
class CountRow:
    position: int
    name: str
    unit: str
    votes_for: int
    votes_against: int
    blank: int  # members present who voted neither for nor against
    members: int
    percent: str  # of all members
    passed: bool


def count_results(session: CouncilSession) -> list[ResultGroup]:
    """The count committee's table: per award, each candidate's votes for and against, the ballots that gave
    neither (of the members present), and the share of ALL members that voted for, against the threshold."""
    present = sum(1 for m in session.members.all() if m.present)
    groups = []
    for group in minutes_results(session):
        rows = [
            CountRow(
                position=row.position,
                name=row.name,
                unit=row.unit,
                votes_for=row.votes_for,
                votes_against=row.votes_against,
                blank=max(0, present - row.votes_for - row.votes_against),
                members=row.members,
                percent=row.percent,
                passed=row.passed,
            )
            for row in group.rows
        ]
        groups.append(ResultGroup(group.award, group.threshold, rows))
    return groups


def session_officers(session: CouncilSession) -> tuple:
    """The chair and the secretary of the session (None where there is none)."""
    members = list(session.members.all())
    chair = next((m for m in members if m.role == MemberRole.CHAIR), None)
    secretary = next((m for m in members if m.role == MemberRole.SECRETARY), None)
    return chair, secretary


def explanation_summary(nomination) -> str:
    """The one-line summary of the eligibility as last checked ("CSTĐCS: LĐTT 2024 ✓; … → đủ điều kiện"), from the
    explanation kept on the nomination."""
    if nomination.eligible is None:
        return _(MSG_NOT_CHECKED)
    checks = tuple(
        Check(label=c.get("label", ""), ok=bool(c.get("ok")), detail=c.get("detail", ""), group=c.get("group", ""))
        for c in nomination.explanation or []
    )
    return Verdict(bool(nomination.eligible), None, checks, nomination.award_type.short_name).summary()

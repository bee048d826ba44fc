"""Writes to nominations and to the emulation council's sessions: the rules live here, the views only call them.

A unit's officer nominates a person, collective, household or village of the unit for a title or form of award;
eligibility is judged by awards.eligibility (the rules in force for the year) and kept with the nomination. A
nomination that is not eligible may stay a draft but is not sent to the council. The council of a unit above (or of
the unit itself) holds a session with its members and records a ballot per nomination: the threshold is the share of
ALL members the rule in force on the day of the session asks; closing the session locks its ballots."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards import eligibility
from awards.models import AwardKind, RecipientKind
from nominations import naming
from nominations.models import (
    Ballot,
    CouncilMember,
    CouncilPaper,
    CouncilPaperKind,
    CouncilSession,
    MemberRole,
    Nomination,
    NominationStatus,
    SessionStatus,
)
from people.models import CollectiveKind
from units.models import Unit, UnitKind
from units.text import nfc
from units.versioning import VersionConflict, lock_for_update, version_conflict

__all__ = (
    "province_of",
    "failed_criteria",
    "nomination_create",
    "nomination_update",
    "nomination_draft_achievements",
    "nomination_recheck",
    "nomination_submit",
    "nomination_withdraw",
    "session_create",
    "session_update",
    "member_add",
    "member_update",
    "member_remove",
    "ballot_record",
    "session_close",
    "council_paper_for",
)


# Which collectives each recipient kind takes: a household title needs a household, a village title a village;
# a collective title any collective that is not a household.
RECIPIENT_COLLECTIVES = {
    RecipientKind.COLLECTIVE: (CollectiveKind.COLLECTIVE, CollectiveKind.VILLAGE, CollectiveKind.COMMUNE),
    RecipientKind.HOUSEHOLD: (CollectiveKind.HOUSEHOLD,),
    RecipientKind.VILLAGE: (CollectiveKind.VILLAGE,),
    RecipientKind.COMMUNE: (CollectiveKind.COMMUNE,),
}

ERR_NO_NOMINEE = gettext_noop("Choose the person or the collective nominated (one of them, not both).")
ERR_NEEDS_PERSON = gettext_noop("“%(award)s” is awarded to individuals: choose a person, not a collective.")
ERR_NEEDS_COLLECTIVE = gettext_noop("“%(award)s” is awarded to %(recipient)s: choose a collective of that kind.")
ERR_WRONG_COLLECTIVE = gettext_noop("“%(award)s” is awarded to %(recipient)s; “%(name)s” is a %(kind)s.")
ERR_OTHER_UNIT = gettext_noop(
    "“%(name)s” belongs to %(other)s, not to %(unit)s or a unit under it: a unit nominates only its own people and "
    "collectives."
)
ERR_INACTIVE = gettext_noop("“%(name)s” is no longer active in the register and cannot be nominated.")
ERR_NO_RULE = gettext_noop(
    "“%(award)s” has no rule in force for the achievements of %(year)s (judged on %(date)s): it cannot be "
    "proposed for that year."
)
ERR_DUPLICATE = gettext_noop(
    "“%(name)s” is already nominated for “%(award)s” for %(year)s (by %(unit)s, %(status)s). One person or "
    "collective is nominated once for a title and a year; withdraw the other nomination first."
)
ERR_CAMPAIGN_YEAR = gettext_noop("The campaign “%(campaign)s” is for %(campaign_year)s, not for %(year)s.")
ERR_YEAR = gettext_noop("The year of the achievement must be between 2000 and %(max)s.")
ERR_NOT_DRAFT = gettext_noop("This nomination is %(status)s: only a draft is changed.")
ERR_NOT_ELIGIBLE = gettext_noop(
    "The nomination is not eligible and is not sent to the council. Criteria not met: %(failed)s. Complete the "
    "record (ratings, initiatives, awards) and check again, or keep it as a draft."
)
ERR_NOT_WITHDRAWABLE = gettext_noop(
    "This nomination is %(status)s: the council has voted on it, so it is no longer withdrawn."
)
ERR_NOT_CHECKABLE = gettext_noop("This nomination is %(status)s: its eligibility is no longer checked again.")

ERR_VILLAGE_COUNCIL = gettext_noop("A village has no emulation council: hold the session at the commune.")
ERR_SESSION_CLOSED = gettext_noop("The session was closed on %(date)s: its members and ballots are locked.")
ERR_YEAR_AFTER_VOTES = gettext_noop(
    "Votes on the nominations of %(year)s are recorded in this session: its year is no longer changed."
)
ERR_ONE_ROLE = gettext_noop("The council already has a %(role)s (%(name)s): a session has one.")
ERR_NO_MEMBERS = gettext_noop("Add the council's members (and who is present) before recording votes.")
ERR_NEGATIVE = gettext_noop("The numbers of votes cannot be negative.")
ERR_MORE_THAN_MEMBERS = gettext_noop(
    "%(votes_for)s votes for and %(votes_against)s against make %(votes)s votes, more than the %(members)s members "
    "of the council."
)
ERR_MORE_THAN_PRESENT = gettext_noop(
    "%(votes_for)s votes for and %(votes_against)s against make %(votes)s votes, but only %(present)s of the "
    "%(members)s members are present."
)
ERR_NOT_FOR_SESSION = gettext_noop(
    "“%(nomination)s” is not before this session: the session reviews the nominations sent to the council by the "
    "units under %(unit)s for %(year)s."
)
ERR_NOT_SUBMITTED = gettext_noop("“%(nomination)s” is %(status)s: only a nomination sent to the council is voted on.")
ERR_OTHER_SESSION = gettext_noop("“%(nomination)s” was voted on in another session (%(session)s).")
BALLOT_RECORD = gettext_noop("the votes on “%(nomination)s”")
BALLOT_DETAIL = gettext_noop("They recorded %(votes_for)s votes for and %(votes_against)s against.")
ERR_TIMES_ORDER = gettext_noop("The meeting closes after it opens: %(closed)s is not after %(opened)s.")
ERR_NO_TIMES = gettext_noop(
    "Enter the times the meeting opened and closed (Edit) before closing the session: the minutes record them."
)
ERR_NO_TELLERS = gettext_noop(
    "Mark the members of the count committee (Ban kiểm phiếu) before closing the session: they sign the result "
    "of the secret vote."
)
ERR_MEMBERS_AFTER_VOTES = gettext_noop(
    "With this change a recorded ballot would have more votes than members present: %(nomination)s "
    "(%(votes)s votes, %(present)s present). Correct that ballot first."
)


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on a field that keeps its code (a dict of plain messages would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def province_of(unit: Unit) -> Unit | None:
    """The province a unit lies in: the level whose settings (the vote thresholds) apply."""
    return eligibility.province_of(unit)


def failed_criteria(verdict) -> list[str]:
    """The criteria that make a verdict "not eligible": failed checks, except alternatives whose group is met."""
    out = []
    for check in verdict.checks:
        if check.ok or (check.group and any(o.ok for o in verdict.checks if o.group == check.group)):
            continue
        out.append(f"{check.label} ({check.detail})" if check.detail else check.label)
    return out


LOCKED_RELATED = ("unit", "award_type", "person__unit", "collective__unit", "campaign")  # what the rules read


def _under(unit: Unit, other: Unit) -> bool:
    return other.path.startswith(unit.path)


def _status_text(nomination: Nomination) -> str:
    return nomination.get_status_display().lower()


def _check_draft(nomination: Nomination) -> None:
    if nomination.status != NominationStatus.DRAFT:
        raise ValidationError(_(ERR_NOT_DRAFT) % {"status": _status_text(nomination)}, code="not_draft")


# ------------------------------------------------------------------ nominations


def _check_nominee(*, unit, award_type, person, collective) -> None:
    if (person is None) == (collective is None):
        raise ValidationError(_(ERR_NO_NOMINEE), code="nominee")
    award = award_type.name
    if award_type.recipient == RecipientKind.INDIVIDUAL:
        if person is None:
            raise _field_error("collective", _(ERR_NEEDS_PERSON) % {"award": award}, "recipient")
    else:
        recipient = award_type.get_recipient_display().lower()
        if collective is None:
            raise _field_error(
                "person", _(ERR_NEEDS_COLLECTIVE) % {"award": award, "recipient": recipient}, "recipient"
            )
        if collective.kind not in RECIPIENT_COLLECTIVES.get(award_type.recipient, ()):
            raise _field_error(
                "collective",
                _(ERR_WRONG_COLLECTIVE)
                % {
                    "award": award,
                    "recipient": recipient,
                    "name": collective.name,
                    "kind": collective.get_kind_display().lower(),
                },
                "recipient",
            )
    nominee = person or collective
    field = "person" if person is not None else "collective"
    if not _under(unit, nominee.unit):
        raise _field_error(
            field, _(ERR_OTHER_UNIT) % {"name": nominee, "other": nominee.unit.name, "unit": unit.name}, "other_unit"
        )
    if not nominee.active:
        raise _field_error(field, _(ERR_INACTIVE) % {"name": nominee}, "inactive")


def _duplicate_error(*, person, collective, award_type, year) -> ValidationError | None:
    nominee = {"person": person} if person is not None else {"collective": collective}
    other = (
        Nomination.objects.filter(award_type=award_type, year=year, **nominee)
        .exclude(status=NominationStatus.WITHDRAWN)
        .select_related("unit")
        .first()
    )
    if other is None:
        return None
    return ValidationError(
        _(ERR_DUPLICATE)
        % {
            "name": person or collective,
            "award": award_type.name,
            "year": year,
            "unit": other.unit.name,
            "status": _status_text(other),
        },
        code="duplicate",
    )


@transaction.atomic
def nomination_create(
    *,
    unit: Unit,
    user,
    year: int,
    award_type,
    person=None,
    collective=None,
    campaign=None,
    award_kind: str | None = None,
    achievements: str = "",
) -> Nomination:
    """A draft nomination of the unit's person or collective for an award and a year. The achievement report is
    drafted from the record when none is given; eligibility is judged at once (``nomination.explanation``)."""
    if not 2000 <= int(year) <= timezone.localdate().year + 1:
        raise _field_error("year", _(ERR_YEAR) % {"max": timezone.localdate().year + 1}, "year")
    _check_nominee(unit=unit, award_type=award_type, person=person, collective=collective)
    on = eligibility.judgement_date(year)
    if eligibility.rule_for(award_type, on=on) is None:
        raise _field_error(
            "award_type",
            _(ERR_NO_RULE) % {"award": award_type.name, "year": year, "date": on.strftime("%d/%m/%Y")},
            "no_rule",
        )
    if campaign is not None and campaign.year != year:
        raise _field_error(
            "campaign",
            _(ERR_CAMPAIGN_YEAR) % {"campaign": campaign.title[:80], "campaign_year": campaign.year, "year": year},
            "campaign_year",
        )
    duplicate = _duplicate_error(person=person, collective=collective, award_type=award_type, year=year)
    if duplicate is not None:
        raise duplicate
    nomination = Nomination(
        unit=unit,
        year=year,
        campaign=campaign,
        award_type=award_type,
        award_kind=award_kind or (AwardKind.CAMPAIGN if campaign is not None else AwardKind.REGULAR),
        person=person,
        collective=collective,
        achievements=nfc(achievements or ""),
        created_by=user,
    )
    nomination.full_clean(exclude=["explanation", "achievements"], validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the unique constraint of a twin created meanwhile
            nomination.save()
    except IntegrityError:
        raise _duplicate_error(
            person=person, collective=collective, award_type=award_type, year=year
        ) or ValidationError(
            _(ERR_DUPLICATE)
            % {
                "name": person or collective,
                "award": award_type.name,
                "year": year,
                "unit": unit.name,
                "status": str(NominationStatus.DRAFT.label).lower(),
            },
            code="duplicate",
        ) from None
    if not nomination.achievements:
        from nominations.drafting import achievements_text

        nomination.achievements = achievements_text(nomination)
        nomination.save(update_fields=["achievements"])
    eligibility.nomination_check(nomination)
    return nomination


@transaction.atomic
def nomination_update(*, nomination: Nomination, user, expected_version: int, achievements: str) -> Nomination:
    """Save the edited achievement report of a draft."""
    locked = lock_for_update(Nomination, nomination.pk, expected_version, related=LOCKED_RELATED, of=("self",))
    _check_draft(locked)
    locked.achievements = nfc(achievements or "")
    locked.bump(update_fields=["achievements"])
    return locked


@transaction.atomic
def nomination_draft_achievements(*, nomination: Nomination, user, expected_version: int) -> Nomination:
    """Write the achievement report again from the record (the text typed before is replaced)."""
    from nominations.drafting import achievements_text

    locked = lock_for_update(Nomination, nomination.pk, expected_version, related=LOCKED_RELATED, of=("self",))
    _check_draft(locked)
    locked.achievements = achievements_text(locked)
    locked.bump(update_fields=["achievements"])
    return locked


@transaction.atomic
def nomination_recheck(*, nomination: Nomination, user):
    """Judge the nomination again by the record as it is now (Kiểm tra lại); returns the Verdict."""
    locked = lock_for_update(Nomination, nomination.pk, related=LOCKED_RELATED, of=("self",))
    if locked.status not in (NominationStatus.DRAFT, NominationStatus.SUBMITTED):
        raise ValidationError(_(ERR_NOT_CHECKABLE) % {"status": _status_text(locked)}, code="not_checkable")
    return eligibility.nomination_check(locked)


@transaction.atomic
def nomination_submit(*, nomination: Nomination, user, expected_version: int) -> Nomination:
    """Send a draft to the council. It is judged again first; one that is not eligible stays a draft and the
    message names the criteria it fails."""
    locked = lock_for_update(Nomination, nomination.pk, expected_version, related=LOCKED_RELATED, of=("self",))
    _check_draft(locked)
    verdict = eligibility.nomination_check(locked)
    if not verdict.eligible:
        failed = "; ".join(failed_criteria(verdict))
        if not failed and verdict.rule is None:
            on = eligibility.judgement_date(locked.year)
            failed = _(ERR_NO_RULE) % {
                "award": locked.award_type.name,
                "year": locked.year,
                "date": on.strftime("%d/%m/%Y"),
            }
        raise ValidationError(_(ERR_NOT_ELIGIBLE) % {"failed": failed}, code="not_eligible")
    locked.status = NominationStatus.SUBMITTED
    locked.bump(update_fields=["status"])
    return locked


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, user, expected_version: int) -> Nomination:
    """Withdraw a draft or a nomination the council has not voted on; the person or collective may then be
    nominated again for that title and year, and the initiatives it used are free again."""
    locked = lock_for_update(Nomination, nomination.pk, expected_version, related=LOCKED_RELATED, of=("self",))
    if locked.status not in (NominationStatus.DRAFT, NominationStatus.SUBMITTED):
        raise ValidationError(_(ERR_NOT_WITHDRAWABLE) % {"status": _status_text(locked)}, code="not_withdrawable")
    locked.status = NominationStatus.WITHDRAWN
    locked.bump(update_fields=["status"])
    locked.initiatives.update(used_by=None)
    return locked


# ------------------------------------------------------------------ council sessions


def _check_open(session: CouncilSession) -> None:
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_(ERR_SESSION_CLOSED) % {"date": session.held_on.strftime("%d/%m/%Y")}, code="closed")


SESSION_FIELDS = ("year", "title", "held_on", "place", "opened_at", "closed_at", "notes")


def _check_times(session: CouncilSession) -> None:
    if session.opened_at and session.closed_at and session.closed_at <= session.opened_at:
        raise _field_error(
            "closed_at",
            _(ERR_TIMES_ORDER)
            % {"closed": session.closed_at.strftime("%H:%M"), "opened": session.opened_at.strftime("%H:%M")},
            "times_order",
        )


@transaction.atomic
def session_create(
    *,
    unit: Unit,
    user,
    year: int,
    title: str,
    held_on,
    place: str = "",
    notes: str = "",
    opened_at=None,
    closed_at=None,
) -> CouncilSession:
    """A session of the unit's emulation council reviewing the year's nominations of the units under it."""
    if unit.kind == UnitKind.VILLAGE:
        raise ValidationError(_(ERR_VILLAGE_COUNCIL), code="village")
    session = CouncilSession(
        unit=unit,
        year=year,
        title=nfc(title),
        held_on=held_on,
        place=nfc(place or ""),
        opened_at=opened_at,
        closed_at=closed_at,
        notes=nfc(notes or ""),
        created_by=user,
    )
    session.full_clean()
    _check_times(session)
    session.save()
    return session


@transaction.atomic
def session_update(*, session: CouncilSession, user, expected_version: int, **fields) -> CouncilSession:
    """Change the title, date, place or notes of an open session; the recorded ballots are counted again (the
    threshold is the one in force on the session's date)."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    locked = lock_for_update(CouncilSession, session.pk, expected_version, related=("unit",), of=("self",))
    _check_open(locked)
    if "year" in fields and fields["year"] != locked.year and locked.ballots.exists():
        raise _field_error("year", _(ERR_YEAR_AFTER_VOTES) % {"year": locked.year}, "year_after_votes")
    for name, value in fields.items():
        setattr(locked, name, nfc(value) if isinstance(value, str) else value)
    locked.full_clean()
    _check_times(locked)
    locked.bump()
    _recount(locked)
    return locked


def _check_single_roles(session: CouncilSession, role: str, exclude_pk=None) -> None:
    if role not in (MemberRole.CHAIR, MemberRole.SECRETARY):
        return
    other = session.members.filter(role=role).exclude(pk=exclude_pk).first()
    if other is not None:
        raise _field_error(
            "role", _(ERR_ONE_ROLE) % {"role": MemberRole(role).label.lower(), "name": other.name}, "role"
        )


@transaction.atomic
def member_add(
    *,
    session: CouncilSession,
    user,
    name: str,
    role: str = MemberRole.MEMBER,
    position: str = "",
    present=True,
    counts_votes: bool = False,
) -> CouncilMember:
    """A member of the council at this session (one chair, one secretary)."""
    locked = lock_for_update(CouncilSession, session.pk, related=("unit",), of=("self",))
    _check_open(locked)
    _check_single_roles(locked, role)
    last = locked.members.order_by("-position_order").values_list("position_order", flat=True).first() or 0
    member = CouncilMember(
        session=locked,
        name=nfc(name),
        position=nfc(position or ""),
        role=role,
        present=present,
        counts_votes=counts_votes,
        position_order=last + 1,
    )
    member.full_clean()
    member.save()
    _recount(locked)
    return member


@transaction.atomic
def member_update(
    *,
    member: CouncilMember,
    user,
    name: str,
    role: str,
    position: str = "",
    present: bool = True,
    counts_votes: bool = False,
) -> CouncilMember:
    locked = lock_for_update(CouncilSession, member.session_id, related=("unit",), of=("self",))
    _check_open(locked)
    member = CouncilMember.objects.get(pk=member.pk, session=locked)
    _check_single_roles(locked, role, exclude_pk=member.pk)
    member.name, member.position, member.role, member.present = nfc(name), nfc(position or ""), role, present
    member.counts_votes = counts_votes
    member.full_clean()
    member.save()
    _recount(locked)
    return member


@transaction.atomic
def member_remove(*, member: CouncilMember, user) -> None:
    locked = lock_for_update(CouncilSession, member.session_id, related=("unit",), of=("self",))
    _check_open(locked)
    CouncilMember.objects.filter(pk=member.pk, session=locked).delete()
    _recount(locked)


def _counts(session: CouncilSession) -> tuple[int, int]:
    members = list(session.members.values_list("present", flat=True))
    return len(members), sum(1 for present in members if present)


def _check_votes(*, votes_for: int, votes_against: int, members: int, present: int) -> None:
    if votes_for < 0 or votes_against < 0:
        raise ValidationError(_(ERR_NEGATIVE), code="negative")
    if members == 0:
        raise ValidationError(_(ERR_NO_MEMBERS), code="no_members")
    values = {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes": votes_for + votes_against,
        "members": members,
        "present": present,
    }
    if votes_for + votes_against > members:
        raise ValidationError(_(ERR_MORE_THAN_MEMBERS) % values, code="more_than_members")
    if votes_for + votes_against > present:
        raise ValidationError(_(ERR_MORE_THAN_PRESENT) % values, code="more_than_present")


def _judge_ballot(ballot: Ballot, *, session: CouncilSession, members: int, recorded: bool = False) -> None:
    """Count the ballot and set the nomination's result. ``recorded``: the votes were just entered, so the
    nomination's version moves even when its result stays, and a page built before them is refused."""
    nomination = ballot.nomination
    ballot.members_total = members
    ballot.threshold = eligibility.vote_threshold(
        award_type=nomination.award_type, on=session.held_on, province=province_of(session.unit)
    )
    ballot.passed = eligibility.ballot_passes(
        votes_for=ballot.votes_for, members_total=members, threshold=ballot.threshold
    )
    status = NominationStatus.PASSED if ballot.passed else NominationStatus.FAILED
    if nomination.status != status or recorded:
        nomination.status = status
        nomination.bump(update_fields=["status"])


def _ballot_conflict(nomination: Nomination, existing: Ballot | None) -> VersionConflict:
    if existing is None:
        return version_conflict(nomination)
    return version_conflict(
        nomination,
        record=_(BALLOT_RECORD) % {"nomination": nomination},
        user=existing.recorded_by,
        time=existing.recorded_at,
        detail=_(BALLOT_DETAIL) % {"votes_for": existing.votes_for, "votes_against": existing.votes_against},
    )


def _recount(session: CouncilSession) -> None:
    """After a change to the members or the date: every recorded ballot is checked and counted again."""
    members, present = _counts(session)
    for ballot in session.ballots.select_related("nomination__award_type").select_for_update(of=("self",)):
        if ballot.votes_for + ballot.votes_against > present:
            raise ValidationError(
                _(ERR_MEMBERS_AFTER_VOTES)
                % {
                    "nomination": ballot.nomination,
                    "votes": ballot.votes_for + ballot.votes_against,
                    "present": present,
                },
                code="members_after_votes",
            )
        _judge_ballot(ballot, session=session, members=members)
        ballot.save()


def nominations_before(session: CouncilSession):
    """The nominations a session reviews: sent to the council by the units under its unit for its year, or
    already voted on in it."""
    from django.db.models import Q

    return Nomination.objects.filter(
        Q(unit__path__startswith=session.unit.path, year=session.year, status=NominationStatus.SUBMITTED)
        | Q(ballot__session=session)
    )


@transaction.atomic
def ballot_record(
    *,
    session: CouncilSession,
    nomination: Nomination,
    user,
    votes_for: int,
    votes_against: int = 0,
    expected_version: int | None = None,
) -> Ballot:
    """Record (or correct, while the session is open) the council's vote on a nomination. The ballot keeps the
    number of members, the threshold in force on the session's date (% of ALL members) and whether it passed; the
    nomination becomes passed or failed. ``expected_version``: the nomination's version on the page the votes were
    typed in; votes recorded since (by a second click, or another secretary) refuse it, nothing is written twice."""
    locked = lock_for_update(CouncilSession, session.pk, related=("unit",), of=("self",))
    _check_open(locked)
    nomination = lock_for_update(Nomination, nomination.pk, related=LOCKED_RELATED, of=("self",))
    existing = Ballot.objects.filter(nomination=nomination).select_related("session", "recorded_by").first()
    if existing is not None and existing.session_id != locked.pk:
        raise ValidationError(
            _(ERR_OTHER_SESSION) % {"nomination": nomination, "session": existing.session}, code="other_session"
        )
    if expected_version is not None and nomination.version != expected_version:
        raise _ballot_conflict(nomination, existing)
    if existing is None:
        if nomination.year != locked.year or not _under(locked.unit, nomination.unit):
            raise ValidationError(
                _(ERR_NOT_FOR_SESSION) % {"nomination": nomination, "unit": locked.unit.name, "year": locked.year},
                code="not_for_session",
            )
        if nomination.status != NominationStatus.SUBMITTED:
            raise ValidationError(
                _(ERR_NOT_SUBMITTED) % {"nomination": nomination, "status": _status_text(nomination)},
                code="not_submitted",
            )
    votes_for, votes_against = int(votes_for), int(votes_against or 0)
    members, present = _counts(locked)
    _check_votes(votes_for=votes_for, votes_against=votes_against, members=members, present=present)
    ballot = existing or Ballot(session=locked, nomination=nomination)
    ballot.nomination = nomination
    ballot.votes_for, ballot.votes_against, ballot.recorded_by = votes_for, votes_against, user
    _judge_ballot(ballot, session=locked, members=members, recorded=True)
    ballot.save()
    return ballot


@transaction.atomic
def session_close(*, session: CouncilSession, user, expected_version: int | None = None) -> CouncilSession:
    """Close the session: its members and ballots are locked from then on, and its minutes and the count
    committee's minutes are drafted from them, to be issued from the unit's register. The times the meeting opened
    and closed are needed first."""
    locked = lock_for_update(CouncilSession, session.pk, expected_version, related=("unit",), of=("self",))
    _check_open(locked)
    if locked.opened_at is None or locked.closed_at is None:
        raise ValidationError(_(ERR_NO_TIMES), code="no_times")
    if locked.ballots.exists() and not locked.members.filter(counts_votes=True).exists():
        raise ValidationError(_(ERR_NO_TELLERS), code="no_tellers")
    locked.status = SessionStatus.CLOSED
    locked.bump(update_fields=["status"])
    for kind in CouncilPaperKind.values:
        council_paper_for(session=locked, kind=kind, user=user)
    return locked


def _paper_fields(session: CouncilSession, kind: str) -> dict:
    """What a council paper reads from the session, at the moment it is drafted (the session is closed: its
    members do not change any more)."""
    members = list(session.members.all())
    if kind == CouncilPaperKind.MINUTES:
        signer = next((m for m in members if m.role == MemberRole.CHAIR), None)
        title, signer_title = naming.minutes_subject(session), naming.MINUTES_SIGNER
    else:
        signer = next((m for m in members if m.counts_votes), None)
        title, signer_title = naming.count_subject(session), naming.COUNT_SIGNER
    return {
        "parent_body": naming.council_parent_body(session.unit),
        "issuing_body": naming.COUNCIL_BODY,
        "place": session.unit.short_name,
        "title": title,
        "signer_title": signer_title,
        "signer_name": signer.name if signer else "",
    }


def council_paper_for(*, session: CouncilSession, kind: str, user=None) -> CouncilPaper:
    """The session's paper of that kind, drafted from the session when it has none yet (at its closing)."""
    paper = CouncilPaper.objects.filter(session=session, kind=kind).first()
    if paper is None:
        paper = CouncilPaper(
            session=session, kind=kind, unit=session.unit, created_by=user, **_paper_fields(session, kind)
        )
        paper.save()
    paper.session = session
    return paper

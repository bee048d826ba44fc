"""Helpers of the award decision tests: a council session whose ballots passed, a draft decision and its issue."""

import datetime

from django.utils import timezone

from awards import services
from awards.models import AwardKind
from documents import issuing
from nominations.models import Ballot, CouncilSession, Nomination, NominationStatus, SessionStatus

YEAR = 2024
TODAY = timezone.localdate()


def _nomination(unit, award_type, *, person=None, collective=None, passed=True, session=None, year=YEAR):
    nomination = Nomination.objects.create(
        unit=unit,
        year=year,
        award_type=award_type,
        award_kind=AwardKind.REGULAR,
        person=person,
        collective=collective,
        status=NominationStatus.PASSED if passed else NominationStatus.FAILED,
        eligible=True,
    )
    Ballot.objects.create(
        session=session,
        nomination=nomination,
        votes_for=9 if passed else 5,
        members_total=10,
        threshold=80,
        passed=passed,
    )
    return nomination


def make_session(unit, *, status=SessionStatus.CLOSED, held_on=None):
    return CouncilSession.objects.create(
        unit=unit,
        year=YEAR,
        title=f"Họp Hội đồng Thi đua - Khen thưởng {unit.name} năm {YEAR}",
        held_on=held_on or datetime.date(YEAR + 1, 1, 8),
        status=status,
    )


def draft(council, people, **kwargs):
    decision = services.decision_draft(session=council.session, user=people.reviewer, **kwargs)
    return services.decision_update(
        decision=decision, user=people.reviewer, expected_version=decision.version, signer_name="Hoàng Văn Nam"
    )


def issue(decision, people):
    issuing.register_open(unit=decision.unit, year=TODAY.year, user=people.superuser, last_number=0)
    issued, job = services.decision_issue(decision=decision, user=people.clerk, expected_version=decision.version)
    decision.refresh_from_db()
    return issued, job

"""Issuing a closed session's papers: its minutes and the count committee's minutes, each numbered from the unit's
register through documents.issuing.document_issue (locked register row, no gap, frozen HTML, signature image of the
chosen signer, the unit's seal, QR code, PAdES signature), dated the day of the meeting."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from documents.issuing import document_issue, paper_issuable
from nominations import printing
from nominations.models import CouncilPaper, CouncilPaperKind, SessionStatus

__all__ = ("council_paper_issuable", "council_paper_issue")

ERR_SESSION_OPEN = gettext_noop("The session is still open: its papers are issued once it is closed.")
ERR_NO_CHAIR = gettext_noop("The session has no chair: the minutes are signed by the council's chair.")
ERR_NO_COUNT_COMMITTEE = gettext_noop(
    "No member was in the count committee (Ban kiểm phiếu) when the session closed: the count cannot be signed."
)


def _snapshot(paper: CouncilPaper) -> dict:
    session = paper.session
    return {
        "unit": {"edition": session.unit.edition, "code": session.unit.code},
        "session": session.pk,
        "kind": paper.kind,
        "number": paper.number,
        "issued_on": paper.issued_on.isoformat() if paper.issued_on else None,
        "title": paper.title,
        "held_on": session.held_on.isoformat(),
        "opened_at": session.opened_at.isoformat() if session.opened_at else None,
        "closed_at": session.closed_at.isoformat() if session.closed_at else None,
        "members": [
            {"name": m.name, "role": m.role, "present": m.present, "counts_votes": m.counts_votes}
            for m in session.members.all()
        ],
        "ballots": [
            {
                "nomination": b.nomination_id,
                "votes_for": b.votes_for,
                "votes_against": b.votes_against,
                "members": b.members_total,
                "threshold": str(b.threshold),
                "passed": b.passed,
            }
            for b in session.ballots.order_by("pk")
        ],
    }


def council_paper_issuable():
    return paper_issuable(CouncilPaper, html=printing.render_paper_html, snapshot=_snapshot)


def council_paper_issue(*, paper: CouncilPaper, user, expected_version: int, signer=None):
    """Issue the paper of a closed session, dated the day of the meeting. Returns (IssuedDocument, DocumentJob);
    refused with a ValidationError before anything changes (among others by document_issue: a draft only, the
    version, the register of that year, the signer a leader of the unit)."""
    session = paper.session
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(_(ERR_SESSION_OPEN), code="open")
    if not paper.signer_name.strip():
        message = ERR_NO_CHAIR if paper.kind == CouncilPaperKind.MINUTES else ERR_NO_COUNT_COMMITTEE
        raise ValidationError(_(message), code="no_signer")
    return document_issue(
        subject=paper,
        kind=council_paper_issuable(),
        user=user,
        expected_version=expected_version,
        signer=signer,
        on=session.held_on,
    )

"""The papers of a council session printed through the document engine: the minutes (BIÊN BẢN họp Hội đồng Thi đua
- Khen thưởng, RENDERERS["minutes"]), the count committee's minutes (BIÊN BẢN KIỂM PHIẾU, RENDERERS["count"]) and the
blank ballots the members vote on (PHIẾU BẦU / PHIẾU BIỂU QUYẾT, RENDERERS["ballots"]).

The two BIÊN BẢN take the Nghị định 30 header of templates/documents/_header.html, the number and date of their
CouncilPaper once issued (documents.issuing.document_issue, from the unit's register, dated the day of the meeting)
and, on the issued copy, the signature, the seal and the QR code (``stamp``). The ballots are forms, not issued:
one sheet per award and member present, no number, no page number."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.urls import reverse

from awards.models import AwardCategory
from documents.papers import PaperStatus
from documents.rendering import paper_print_context
from documents.services import Renderer, renderer_register
from nominations import naming
from nominations.models import CouncilPaper, CouncilPaperKind, CouncilSession
from nominations.selectors import count_results, minutes_results, session_groups, session_officers
from units import vn

__all__ = (
    "MINUTES_TEMPLATE",
    "COUNT_TEMPLATE",
    "BALLOT_TEMPLATE",
    "minutes_print_context",
    "render_minutes_html",
    "count_print_context",
    "render_count_html",
    "ballot_sheets",
    "render_ballots_html",
    "render_paper_html",
)

MINUTES_TEMPLATE = "documents/minutes.html"
COUNT_TEMPLATE = "documents/count.html"
BALLOT_TEMPLATE = "documents/ballot.html"
SYMBOL = naming.SYMBOL


def time_text(value) -> str:
    """'08 giờ 00 phút'."""
    return f"{value:%H} giờ {value:%M} phút" if value else "… giờ … phút"


def _paper(session: CouncilSession, paper: CouncilPaper | None) -> SimpleNamespace:
    """What the header reads: the issued paper's number and date; a draft keeps the number's blank and is dated the
    day of the meeting (the minutes are written and signed there)."""
    issued = paper is not None and paper.status == PaperStatus.ISSUED
    return SimpleNamespace(
        number=paper.number if issued else None,
        reference=paper.reference if issued else "",
        symbol=paper.symbol if paper is not None else SYMBOL,
        place=paper.place if paper is not None else session.unit.short_name,
        issued_on=paper.issued_on if issued else session.held_on,
        year=session.held_on.year,
    )


def _frame(session: CouncilSession, paper: CouncilPaper | None, stamp) -> dict:
    context = paper_print_context(
        paper=_paper(session, paper),
        issuing_body=naming.COUNCIL_BODY,
        parent_body=naming.council_parent_body(session.unit),
        stamp=stamp,
    )
    context["issuing_body_lines"] = list(naming.COUNCIL_BODY_LINES)
    members = list(session.members.all())
    return {
        **context,
        "session": session,
        "council_name": naming.council_name(session.unit),
        "held_on_text": vn.long_date(session.held_on),
        "opened_text": time_text(session.opened_at),
        "closed_text": time_text(session.closed_at),
        "place_text": session.place or session.unit.name,
        "members": members,
        "present": [m for m in members if m.present],
        "absent": [m for m in members if not m.present],
    }


def minutes_print_context(*, session, paper=None, stamp=None) -> dict:
    chair, secretary = session_officers(session)
    notes = [line.strip() for line in (session.notes or "").split("\n\n") if line.strip()]
    return {
        **_frame(session, paper, stamp),
        "subject": naming.minutes_subject(session),
        "chair": chair,
        "secretary": secretary,
        "groups": minutes_results(session),
        "notes": notes,
    }


def render_minutes_html(*, session, paper=None, stamp=None) -> str:
    return render_to_string(MINUTES_TEMPLATE, minutes_print_context(session=session, paper=paper, stamp=stamp))


def count_print_context(*, session, paper=None, stamp=None) -> dict:
    frame = _frame(session, paper, stamp)
    committee = [m for m in frame["members"] if m.counts_votes]
    return {
        **frame,
        "subject": naming.count_subject(session),
        "head": committee[0] if committee else None,
        "tellers": committee[1:],
        "groups": count_results(session),
    }


def render_count_html(*, session, paper=None, stamp=None) -> str:
    return render_to_string(COUNT_TEMPLATE, count_print_context(session=session, paper=paper, stamp=stamp))


def render_paper_html(paper: CouncilPaper, stamp=None) -> str:
    """An issued paper's HTML (documents.issuing: the stamp on it)."""
    render = render_minutes_html if paper.kind == CouncilPaperKind.MINUTES else render_count_html
    return render(session=paper.session, paper=paper, stamp=stamp)


# ------------------------------------------------------------------ the blank ballots


@dataclass(frozen=True)
class BallotSheet:
    heading: str  # PHIẾU BẦU for a title, PHIẾU BIỂU QUYẾT for a form of award
    subject: str
    candidates: tuple  # (position, name, description)


def ballot_sheets(session: CouncilSession) -> list[BallotSheet]:
    """One sheet per award before the session, its candidates in the order of the session page."""
    sheets = []
    for group in session_groups(session):
        award = group.award_type
        words = award.name.split(" (")[0]
        if award.category == AwardCategory.TITLE:
            heading, subject = "PHIẾU BẦU", f"Danh hiệu “{words}” năm {session.year}"
        else:
            heading, subject = "PHIẾU BIỂU QUYẾT", f"Tặng “{words}” thành tích năm {session.year}"
        candidates = []
        for position, nomination in enumerate(group.nominations, 1):
            nominee = nomination.nominee
            description = getattr(nominee, "position", "") or ""
            description = ", ".join(part for part in (description, nomination.unit.name) if part)
            candidates.append((position, str(nominee), description))
        sheets.append(BallotSheet(heading, subject, tuple(candidates)))
    return sheets


def render_ballots_html(*, session) -> str:
    """Every ballot sheet, once per member present (at least once): a secret ballot carries no name."""
    copies = max(1, sum(1 for m in session.members.all() if m.present))
    frame = paper_print_context(
        paper=_paper(session, None),
        issuing_body=naming.COUNCIL_BODY,
        parent_body=naming.council_parent_body(session.unit),
    )
    frame["issuing_body_lines"] = list(naming.COUNCIL_BODY_LINES)
    sheets = ballot_sheets(session)
    context = {
        **frame,
        "session": session,
        "council_name": naming.council_name(session.unit),
        "held_on_text": vn.long_date(session.held_on),
        "sheets": [sheet for sheet in sheets for _copy in range(copies)],
    }
    return render_to_string(BALLOT_TEMPLATE, context)


def _session_url(session) -> str:
    return reverse("session_detail", kwargs={"pk": session.pk})


renderer_register(
    "minutes",
    Renderer(
        model="nominations.CouncilSession",
        html=lambda session: render_minutes_html(session=session, paper=session.papers.filter(kind="minutes").first()),
        filename=lambda session: f"bien-ban-hoi-dong-{session.pk}.pdf",
        url=_session_url,
    ),
)
renderer_register(
    "count",
    Renderer(
        model="nominations.CouncilSession",
        html=lambda session: render_count_html(session=session, paper=session.papers.filter(kind="count").first()),
        filename=lambda session: f"bien-ban-kiem-phieu-{session.pk}.pdf",
        url=_session_url,
    ),
)
renderer_register(
    "ballots",
    Renderer(
        model="nominations.CouncilSession",
        html=lambda session: render_ballots_html(session=session),
        filename=lambda session: f"phieu-bau-{session.pk}.pdf",
        url=_session_url,
    ),
)

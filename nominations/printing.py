"""The minutes of a council session (BIÊN BẢN họp Hội đồng Thi đua - Khen thưởng) as printed through the document
engine (documents.services.RENDERERS["minutes"]): the Nghị định 30 header of templates/documents/_header.html, the
time, place and members, the results table per nomination, and the chair's and secretary's signatures side by side."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.urls import reverse

from documents.rendering import paper_print_context
from documents.services import Renderer, renderer_register
from nominations.selectors import minutes_results, session_officers
from units import vn
from units.models import Unit, UnitKind

TEMPLATE = "documents/minutes.html"
SYMBOL = "BB-HĐTĐKT"
COUNCIL_BODY = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"


def _parent_body(unit: Unit) -> str:
    if unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE):
        return f"UBND {unit.name.upper()}"
    return unit.name.upper()


def _council_name(unit: Unit) -> str:
    """'Hội đồng Thi đua - Khen thưởng huyện Cao Lộc' (the unit's name in lower case at the start)."""
    name = unit.name
    if unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE):
        name = name[:1].lower() + name[1:]
    return f"Hội đồng Thi đua - Khen thưởng {name}"


def minutes_print_context(*, session) -> dict:
    unit = session.unit
    members = list(session.members.all())
    present = [m for m in members if m.present]
    absent = [m for m in members if not m.present]
    chair, secretary = session_officers(session)
    paper = SimpleNamespace(
        number=None,
        reference="",
        symbol=SYMBOL,
        place=unit.short_name,
        issued_on=session.held_on,
        year=session.year,
    )
    notes = [line.strip() for line in (session.notes or "").split("\n\n") if line.strip()]
    return {
        **paper_print_context(paper=paper, issuing_body=COUNCIL_BODY, parent_body=_parent_body(unit)),
        "session": session,
        "council_name": _council_name(unit),
        "held_on_text": vn.long_date(session.held_on),
        "members": members,
        "present": present,
        "absent": absent,
        "chair": chair,
        "secretary": secretary,
        "groups": minutes_results(session),
        "notes": notes,
    }


def render_minutes_html(*, session) -> str:
    return render_to_string(TEMPLATE, minutes_print_context(session=session))


renderer_register(
    "minutes",
    Renderer(
        model="nominations.CouncilSession",
        html=lambda session: render_minutes_html(session=session),
        filename=lambda session: f"bien-ban-hoi-dong-{session.pk}.pdf",
        url=lambda session: reverse("session_detail", kwargs={"pk": session.pk}),
    ),
)

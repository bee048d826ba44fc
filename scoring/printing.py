"""The printed papers of cluster scoring as the document engine prints them (documents.services.RENDERERS
"scoring_report" and "scoring_minutes"): the Nghị định 30 header and frame of every document
(documents.rendering.paper_print_context), what each paper reads from the sheet (through the board of
scoring.selectors and the totals and ranking of scoring.rules), and the score table as the minutes' appendix.

Self-scoring report  the self-score stage's points by criterion, with the comment, the evidence file's name and the
                     reason given, as its appendix; the totals and each top-level criterion in the text.
Scoring minutes      the results of one closed stage by unit, ranked (scoring.rules.rank), in the text, and the score
                     table (BẢNG TỔNG HỢP ĐIỂM: each member's points for every top-level criterion, bonus, penalty,
                     total and rank) as its appendix; the secretary's and the chair's signatures side by side."""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse

from campaigns.text import paragraphs
from documents.rendering import Annex, AnnexColumn, annex_reference, paper_print_context
from documents.services import Renderer, reference_filename, renderer_register
from scoring.access import SheetAccess
from scoring.models import CriterionKind, ScoreSheet, SheetParticipant, StageKind
from scoring.rules import rank
from scoring.selectors import sheet_board
from targets.numbers import format_number
from units import vn
from units.models import ClusterMember, MemberRole

__all__ = (
    "SelfRow",
    "ResultRow",
    "minutes_issuer",
    "cluster_units",
    "self_rows",
    "self_totals",
    "score_table",
    "self_report_print_context",
    "minutes_print_context",
    "render_self_report_html",
    "render_minutes_html",
)

# A BÁO CÁO as every report prints: the summary reports' template, the paper passed in as ``summary``.
REPORT_TEMPLATE = "documents/summary.html"
MINUTES_TEMPLATE = "documents/scoring_minutes.html"
ROMAN = ("I", "II", "III", "IV")
ANNEX_POINTER = "(Chi tiết tại Phụ lục kèm theo)"
SELF_COLUMNS = (
    AnnexColumn("STT", 9, "center"),
    AnnexColumn("Tiêu chí", 40),
    AnnexColumn("Điểm tối đa", 12, "right"),
    AnnexColumn("Điểm tự chấm", 12, "right"),
    AnnexColumn("Tài liệu kiểm chứng, ghi chú", 27),
)
STAGE_WORDS = {
    StageKind.SELF: "tự chấm",
    StageKind.CLUSTER: "kiểm tra của Cụm",
    StageKind.EXPLANATION: "sau giải trình",
    StageKind.UPPER: "thẩm định của cấp trên",
    StageKind.FINAL: "chính thức",
}

# ------------------------------------------------------------------ what the papers print


def minutes_issuer(sheet: ScoreSheet):
    """The unit that issues the cluster's minutes: the cluster leader's (cụm trưởng), else the organiser (always, on a
    sheet without a cluster)."""
    if sheet.cluster_id is None:
        return sheet.organiser
    leader = (
        ClusterMember.objects.filter(cluster_id=sheet.cluster_id, role=MemberRole.LEADER).select_related("unit").first()
    )
    return leader.unit if leader is not None else sheet.organiser


def _board(sheet: ScoreSheet, units):
    access = SheetAccess.build(user=None, sheet=sheet)
    return sheet_board(sheet=sheet, access=access, units=units, with_prefill=False)


@dataclass(frozen=True)
class SelfRow:
    """One line of the self-scoring table: a criterion (a group with the sum under it) and what the unit gave it."""

    label: str
    heading: str
    depth: int
    kind: str
    max_points: str
    points: str
    evidence: str  # the comment, the evidence file's name, the reason for departing from the report


def self_rows(*, sheet: ScoreSheet, unit) -> tuple[list[SelfRow], object, Decimal]:
    """(the rows, the totals at the self-score stage, the most a unit can score without bonus points)."""
    board = _board(sheet, [unit])
    scores = board.scores(StageKind.SELF, unit.pk)
    totals = board.totals(StageKind.SELF, unit.pk)
    rows = []
    for node in board.nodes:
        criterion = node.criterion
        if node.kind == CriterionKind.GROUP:
            points = totals.groups.get(node.pk)
            evidence = ""
        else:
            points = scores.get(node.pk)
            entry = board.entry(StageKind.SELF, node.pk, unit.pk)
            notes = []
            if entry is not None:
                if entry.comment.strip():
                    notes.append(" ".join(entry.comment.split()).rstrip("."))
                names = [e.name for e in entry.evidence.all()]  # prefetched with the board
                if names:
                    notes.append(f"Tệp kiểm chứng: {', '.join(names)}")
                if entry.reason.strip():
                    notes.append(f"Lý do: {' '.join(entry.reason.split()).rstrip('.')}")
            evidence = "; ".join(notes)
        maximum = node.shown_max
        if node.kind == CriterionKind.PENALTY and maximum is not None:
            maximum = -maximum
        rows.append(
            SelfRow(
                label=criterion.label,
                heading=criterion.heading,
                depth=node.depth,
                kind=str(node.kind),
                max_points=format_number(maximum),
                points=format_number(points),
                evidence=evidence,
            )
        )
    return rows, totals, board.max_total


def self_totals(totals, max_total) -> str:
    """'Tổng điểm tự chấm: 88,5 điểm (điểm các tiêu chí: 86/100; điểm thưởng: 2,5; điểm trừ: 0).'"""
    return (
        f"Tổng điểm tự chấm: {format_number(totals.total)} điểm (điểm các tiêu chí: {format_number(totals.base)}/"
        f"{format_number(max_total)}; điểm thưởng: {format_number(totals.bonus)}; điểm trừ: "
        f"{format_number(totals.penalty)})."
    )


@dataclass(frozen=True)
class ResultRow:
    rank: int
    unit: str
    base: str
    bonus: str
    penalty: str
    total: str
    columns: tuple[str, ...]  # the points of each top-level criterion of the score table


def cluster_units(sheet: ScoreSheet) -> list:
    """The units scored: the cluster's members, or the participants of a sheet without a cluster."""
    if sheet.cluster_id is None:
        return [
            p.unit for p in SheetParticipant.objects.filter(sheet=sheet).select_related("unit").order_by("unit__code")
        ]
    return [
        m.unit
        for m in ClusterMember.objects.filter(cluster_id=sheet.cluster_id).select_related("unit").order_by("unit__code")
    ]


def score_table(*, sheet: ScoreSheet, stage: str) -> tuple[list, list[ResultRow], Decimal]:
    """(the top-level criteria other than bonus and penalty, one row per member ranked by the stage's totals, the
    most a unit can score without bonus points). A group's column is its points (capped at its maximum)."""
    board = _board(sheet, cluster_units(sheet))
    roots = [n for n in board.roots if n.kind not in (CriterionKind.BONUS, CriterionKind.PENALTY)]
    rows = []
    for ranked in rank((unit, board.totals(stage, unit.pk)) for unit in board.units):
        scores, t = board.scores(stage, ranked.unit.pk), ranked.totals
        columns = tuple(
            format_number(t.groups.get(n.pk) if n.kind == CriterionKind.GROUP else scores.get(n.pk)) for n in roots
        )
        rows.append(
            ResultRow(
                rank=ranked.rank,
                unit=ranked.unit.name,
                base=format_number(t.base),
                bonus=format_number(t.bonus),
                penalty=format_number(t.penalty),
                total=format_number(t.total),
                columns=columns,
            )
        )
    return roots, rows, board.max_total


# ------------------------------------------------------------------ the print contexts


def _number_sections(parts) -> list[dict]:
    """Parts (heading, paragraphs, pointer) numbered I., II.…; the last paragraph of the last one ends './.'."""
    sections = [
        {"label": f"{ROMAN[i]}.", "heading": heading, "paragraphs": list(texts), "pointer": pointer}
        for i, (heading, texts, pointer) in enumerate(parts)
    ]
    last = sections[-1]
    if last["paragraphs"] and not last["pointer"]:
        last["paragraphs"][-1] = last["paragraphs"][-1].rstrip().rstrip(".") + "./."
    else:
        last["closing"] = "./."
    return sections


def _root_line(row) -> str:
    """'- 1. Phát triển kinh tế: 20/20 điểm.', '- 4. Điểm trừ vi phạm: trừ 1 điểm (tối đa 5 điểm).'"""
    name = f"{row.label} {row.heading}".strip()
    points = row.points or "0"
    if row.kind == CriterionKind.PENALTY:
        return f"- {name}: trừ {points.lstrip('-')} điểm (tối đa {row.max_points.lstrip('-')} điểm)."
    if row.kind == CriterionKind.BONUS:
        return f"- {name}: {points} điểm (tối đa {row.max_points} điểm)."
    return f"- {name}: {points}/{row.max_points} điểm."


def self_report_print_context(*, report, stamp=None) -> dict:
    """The report as printed: the results (totals, then each top-level criterion) pointing to the appendix, the
    unit's assessment and proposals when written, the signature, then the table by criterion as the appendix."""
    rows, totals, max_total = self_rows(sheet=report.sheet, unit=report.unit)
    results = [self_totals(totals, max_total)]
    results += [_root_line(row) for row in rows if row.depth == 0]
    parts = [("KẾT QUẢ TỰ CHẤM ĐIỂM", results, ANNEX_POINTER if rows else "")]
    for heading, text in (("TỰ ĐÁNH GIÁ", report.assessment), ("KIẾN NGHỊ, ĐỀ XUẤT", report.proposals)):
        if paragraphs(text):
            parts.append((heading, paragraphs(text), ""))
    annex = None
    if rows:
        annex = Annex(
            heading="Phụ lục",
            title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA",
            reference=annex_reference(doc_type="Báo cáo", paper=report, issuer=report.unit.body_name),
            columns=SELF_COLUMNS,
            rows=(
                *((row.label, row.heading, row.max_points, row.points, row.evidence) for row in rows),
                ("", "Tổng cộng", format_number(max_total), format_number(totals.total), ""),
            ),
        )
    return {
        **paper_print_context(
            paper=report,
            issuing_body=report.issuing_body,
            parent_body=report.parent_body,
            title=report.title,
            recipients=report.recipient_lines,
            stamp=stamp,
        ),
        "report": report,
        "summary": report,
        "introduction": paragraphs(report.introduction),
        "sections": _number_sections(parts),
        "annex": annex,
    }


def _or_dots(text: str) -> str:
    """A sentence's end, or the dots of a blank still to be filled in."""
    return f"{text}." if text else "…"


def _time(value) -> str:
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


def _score_annex(minutes, roots, rows) -> Annex:
    """The score table, ranked: the unit, each top-level criterion but bonus and penalty (its number and maximum in
    the heading), the bonus and penalty points, the total and the rank (a portrait page holds about six criteria)."""
    share = 38 / max(len(roots), 1)
    columns = (
        AnnexColumn("Đơn vị", 26),
        *(
            AnnexColumn(f"{(n.criterion.label or str(i)).rstrip('.')} ({format_number(n.shown_max)})", share, "right")
            for i, n in enumerate(roots, start=1)
        ),
        AnnexColumn("Điểm cộng", 9, "right"),
        AnnexColumn("Điểm trừ", 9, "right"),
        AnnexColumn("Tổng điểm", 9, "right"),
        AnnexColumn("Xếp hạng", 9, "center"),
    )
    return Annex(
        heading="Phụ lục",
        title="BẢNG TỔNG HỢP ĐIỂM",
        reference=annex_reference(doc_type="Biên bản", paper=minutes, issuer=minutes.sheet.scorer_name),
        columns=columns,
        rows=tuple((r.unit, *r.columns, r.bonus, r.penalty, r.total, str(r.rank)) for r in rows),
    )


def minutes_print_context(*, minutes, stamp=None) -> dict:
    """The minutes as printed: time and place, the attendees with their roles, the content and the results of the
    stage by unit (pointing to the score table), the conclusion, when the meeting closed and the copies, the
    secretary's and the chair's signatures, then the score table as the appendix."""
    sheet = minutes.sheet
    roots, rows, max_total = score_table(sheet=sheet, stage=minutes.stage)
    stage = STAGE_WORDS.get(minutes.stage, "")
    results = [
        f"Kết quả chấm điểm {stage} theo {sheet.title} (tối đa {format_number(max_total)} điểm, chưa kể điểm "
        f"thưởng) của các đơn vị như sau:"
    ]
    results += [f"{r.rank}. {r.unit}: {r.total} điểm, xếp thứ {r.rank}." for r in rows]
    chair = ", ".join(part for part in (minutes.signer_name, minutes.chair_position) if part)
    secretary = ", ".join(part for part in (minutes.secretary_name, minutes.secretary_position) if part)
    parts = [
        (
            "THÀNH PHẦN THAM DỰ",
            [f"1. Chủ trì: {_or_dots(chair)}", f"2. Thư ký: {_or_dots(secretary)}", "3. Thành phần tham dự:"],
            "",
        ),
        ("NỘI DUNG", [*paragraphs(minutes.content), *results], ANNEX_POINTER if rows else ""),
        ("KẾT LUẬN", paragraphs(minutes.conclusion) or ["…"], ""),
    ]
    sections = [
        {"label": f"{ROMAN[i]}.", "heading": heading, "paragraphs": texts, "pointer": pointer}
        for i, (heading, texts, pointer) in enumerate(parts)
    ]
    return {
        **paper_print_context(
            paper=minutes,
            issuing_body=minutes.issuing_body,
            parent_body=minutes.parent_body,
            title=minutes.title,
            stamp=stamp,
        ),
        "minutes": minutes,
        "opening": (
            f"Hôm nay, vào lúc {_time(minutes.opened_at)}, {vn.long_date(minutes.held_on)}, tại {minutes.venue}, "
            f"{sheet.scorer_name} họp chấm điểm, bình xét thi đua năm {minutes.year}."
        ),
        "sections": sections,
        "attendees": minutes.attendee_lines,
        "closing": (
            f"Cuộc họp kết thúc vào lúc {_time(minutes.closed_at)} cùng ngày. Biên bản được lập thành "
            f"{minutes.copies:02d} bản có giá trị như nhau, đã được thông qua tại cuộc họp và các thành viên dự họp "
            f"nhất trí./."
        ),
        "annex": _score_annex(minutes, roots, rows) if rows else None,
    }


def render_self_report_html(*, report, stamp=None) -> str:
    return render_to_string(REPORT_TEMPLATE, self_report_print_context(report=report, stamp=stamp))


def render_minutes_html(*, minutes, stamp=None) -> str:
    return render_to_string(MINUTES_TEMPLATE, minutes_print_context(minutes=minutes, stamp=stamp))


def _filename(prefix: str):
    return lambda paper: reference_filename(paper.reference) if paper.number else f"{prefix}-du-thao-{paper.pk}.pdf"


renderer_register(
    "scoring_report",
    Renderer(
        model="scoring.SelfScoringReport",
        html=lambda report: render_self_report_html(report=report),
        filename=_filename("bao-cao-tu-cham-diem"),
        url=lambda report: reverse("selfscoringreport_detail", kwargs={"pk": report.pk}),
    ),
)
renderer_register(
    "scoring_minutes",
    Renderer(
        model="scoring.ScoringMinutes",
        html=lambda minutes: render_minutes_html(minutes=minutes),
        filename=_filename("bien-ban-cham-diem"),
        url=lambda minutes: reverse("scoringminutes_detail", kwargs={"pk": minutes.pk}),
    ),
)

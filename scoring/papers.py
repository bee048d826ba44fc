"""Writes to the printed papers of cluster scoring (scoring.models.papers): the draft built from the sheet, edits
while a draft (with the version the form was built from) and issuing through the register
(documents.issuing.document_issue), which freezes the tables (scoring.printing) in the issued copy and its snapshot.

Self-scoring report  drafted by a member for itself once its self-score is open; signed by its chairman.
Scoring minutes      drafted for the cluster by the cluster leader's unit (or the organiser) once a stage is closed,
                     recording the latest closed stage; issued only with a secretary, attendees and a closed stage."""

import datetime
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.services import campaign_defaults
from documents.issuing import document_issue, paper_issuable, signers_for
from documents.papers import PaperStatus
from scoring.models import (
    ScoreSheet,
    ScoreStage,
    ScoringMinutes,
    SelfScoringReport,
    StageKind,
    StageStatus,
)
from scoring.printing import (
    cluster_units,
    minutes_issuer,
    render_minutes_html,
    render_self_report_html,
    score_table,
    self_rows,
    self_totals,
)
from units.text import nfc
from units.versioning import lock_for_update

__all__ = (
    "REPORT_FIELDS",
    "MINUTES_FIELDS",
    "self_report_draft",
    "self_report_update",
    "self_report_issue",
    "minutes_draft",
    "minutes_update",
    "minutes_issue",
)

HEADER_FIELDS = (
    "parent_body",
    "issuing_body",
    "symbol",
    "place",
    "year",
    "title",
    "signer_authority",
    "signer_on_behalf_of",
    "signer_title",
    "signer_name",
)
REPORT_FIELDS = (*HEADER_FIELDS, "introduction", "assessment", "proposals", "recipients")
MINUTES_FIELDS = (
    *HEADER_FIELDS,
    "stage",
    "held_on",
    "opened_at",
    "closed_at",
    "venue",
    "chair_position",
    "secretary_name",
    "secretary_position",
    "attendees",
    "content",
    "conclusion",
    "copies",
)

ERR_NOT_MEMBER = gettext_noop("%(unit)s is not one of the units scored on this sheet.")
ERR_SELF_NOT_OPENED = gettext_noop(
    "The self-score has not been opened on this sheet: the self-scoring report is drafted once it is."
)
ERR_NO_CLOSED_STAGE = gettext_noop(
    "No stage of this sheet is closed yet: the minutes record the results of a closed stage."
)
ERR_STAGE_NOT_CLOSED = gettext_noop(
    "The minutes record the results of a closed stage; “%(stage)s” is %(status)s. Choose a closed stage."
)
ERR_NOT_DRAFT = gettext_noop("This paper has been issued; an issued paper is not changed.")
ERR_TIMES = gettext_noop("The meeting cannot close (%(closed)s) before it opens (%(opened)s).")
ERR_MINUTES_INCOMPLETE = gettext_noop("Nothing was issued: the minutes have no %(what)s yet. Fill it in first.")
WHAT_SECRETARY = gettext_noop("secretary")
WHAT_ATTENDEES = gettext_noop("attendees")

# ------------------------------------------------------------------ drafts


def _header(unit, year: int) -> dict:
    defaults = campaign_defaults(issuing_unit=unit)
    return {"parent_body": defaults["parent_body"], "place": defaults["place"], "year": year}


def _leader_name(unit) -> str:
    signer = signers_for(unit=unit).first()
    return signer.get_full_name() if signer is not None else ""


def _campaign_cited(campaign) -> str:
    cited = campaign.doc_type.name
    if campaign.number:
        cited += f" số {campaign.reference}"
    return f"{cited} của {campaign.issuing_unit.body_name}"


@transaction.atomic
def self_report_draft(*, sheet: ScoreSheet, unit, user) -> SelfScoringReport:
    """A member's draft report of its self-score: the header and signer from the unit (its chairman), the title and
    introduction from the sheet. The unit's draft, when it has one already, is returned instead."""
    if unit not in cluster_units(sheet):
        raise ValidationError(_(ERR_NOT_MEMBER) % {"unit": unit.name})
    if not ScoreStage.objects.filter(sheet=sheet, kind=StageKind.SELF).exclude(status=StageStatus.PENDING).exists():
        raise ValidationError(_(ERR_SELF_NOT_OPENED))
    existing = SelfScoringReport.objects.filter(sheet=sheet, unit=unit, status=PaperStatus.DRAFT).first()
    if existing is not None:
        return existing
    scorer, year = sheet.scorer_name, sheet.year
    in_cluster = f", {scorer}" if sheet.cluster_id else ""
    leader_line = f"Cụm trưởng {scorer};\n" if sheet.cluster_id else ""
    defaults = campaign_defaults(issuing_unit=unit)
    report = SelfScoringReport(
        sheet=sheet,
        unit=unit,
        **_header(unit, year),
        issuing_body=defaults["issuing_body"],
        title=f"Kết quả tự chấm điểm thi đua năm {year} của {unit.name}{in_cluster}",
        introduction=(
            f"Thực hiện {sheet.title} của {scorer} theo {_campaign_cited(sheet.campaign)}, "
            f"{unit.body_name} báo cáo kết quả tự chấm điểm thi đua năm {year} như sau:"
        ),
        signer_authority="TM.",
        signer_on_behalf_of="ỦY BAN NHÂN DÂN" if unit.body_name != unit.name else unit.name.upper(),
        signer_title="CHỦ TỊCH",
        signer_name=_leader_name(unit),
        recipients=f"{sheet.organiser.body_name};\n{leader_line}Lưu: VT.",
        created_by=user,
    )
    report.full_clean()
    report.save()
    return report


def _latest_closed_stage(sheet: ScoreSheet) -> str | None:
    closed = ScoreStage.objects.filter(sheet=sheet, status=StageStatus.CLOSED).order_by("-position").first()
    return closed.kind if closed is not None else None


@transaction.atomic
def minutes_draft(*, sheet: ScoreSheet, user) -> ScoringMinutes:
    """The cluster's draft minutes: issued by the leader's unit (or the organiser), headed by the cluster's name,
    recording the latest closed stage; the attendees start as one representative per member. The cluster's draft,
    when it has one already, is returned instead."""
    stage = _latest_closed_stage(sheet)
    if stage is None:
        raise ValidationError(_(ERR_NO_CLOSED_STAGE))
    existing = ScoringMinutes.objects.filter(sheet=sheet, status=PaperStatus.DRAFT).first()
    if existing is not None:
        return existing
    scorer, year = sheet.scorer_name, sheet.year
    issuer = minutes_issuer(sheet)
    members = cluster_units(sheet)
    # A cluster's meeting has its organiser as a guest and its members; a unit scoring its own participants, them.
    role = "đơn vị thành viên" if sheet.cluster_id else "đơn vị được chấm điểm"
    attendees = [f"Đại diện {sheet.organiser.body_name} - khách mời"] if sheet.cluster_id else []
    attendees += [f"Đại diện lãnh đạo {unit.body_name} - {role}" for unit in members]
    issuing_body = scorer.upper() if sheet.cluster_id else campaign_defaults(issuing_unit=issuer)["issuing_body"]
    minutes = ScoringMinutes(
        sheet=sheet,
        unit=issuer,
        **_header(issuer, year),
        issuing_body=issuing_body,
        title=f"Họp chấm điểm, bình xét thi đua năm {year} của {scorer}",
        stage=stage,
        held_on=timezone.localdate(),
        opened_at=datetime.time(8, 0),
        closed_at=datetime.time(11, 0),
        venue=f"Hội trường {issuer.body_name}",
        chair_position=f"Cụm trưởng {scorer}" if sheet.cluster_id else f"Lãnh đạo {issuer.body_name}",
        signer_title="CHỦ TRÌ",
        signer_name=_leader_name(issuer),
        attendees="\n".join(attendees),
        content=(
            f"{scorer} chấm điểm, bình xét thi đua năm {year} đối với {len(members)} {role} "
            f"theo {sheet.title}, căn cứ báo cáo tự chấm điểm và tài liệu kiểm chứng của các đơn vị."
        ),
        conclusion=f"Các đại biểu dự họp thống nhất với kết quả chấm điểm và xếp hạng của {scorer} như trên.",
        created_by=user,
    )
    minutes.full_clean()
    minutes.save()
    return minutes


# ------------------------------------------------------------------ edits


def _check_draft(paper) -> None:
    if paper.status != PaperStatus.DRAFT:
        raise ValidationError(_(ERR_NOT_DRAFT), code="not_draft")


def _update(model, allowed, *, paper, expected_version: int, check=None, **fields):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    locked = lock_for_update(model, paper.pk, expected_version, check=_check_draft)
    for name, value in fields.items():
        setattr(locked, name, nfc(value) if isinstance(value, str) else value)
    if check is not None:
        check(locked)
    locked.full_clean()
    locked.bump()
    return locked


@transaction.atomic
def self_report_update(*, report: SelfScoringReport, user, expected_version: int, **fields) -> SelfScoringReport:
    """Save the fields of a draft report; VersionConflict when it changed since ``expected_version``."""
    return _update(SelfScoringReport, REPORT_FIELDS, paper=report, expected_version=expected_version, **fields)


def _check_minutes(minutes: ScoringMinutes) -> None:
    errors = {}
    if minutes.opened_at and minutes.closed_at and minutes.closed_at <= minutes.opened_at:
        errors["closed_at"] = _(ERR_TIMES) % {
            "opened": minutes.opened_at.strftime("%H:%M"),
            "closed": minutes.closed_at.strftime("%H:%M"),
        }
    stage = ScoreStage.objects.filter(sheet_id=minutes.sheet_id, kind=minutes.stage).first()
    if stage is not None and stage.status != StageStatus.CLOSED:
        errors["stage"] = _(ERR_STAGE_NOT_CLOSED) % {
            "stage": stage.get_kind_display(),
            "status": str(stage.get_status_display()).lower(),
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def minutes_update(*, minutes: ScoringMinutes, user, expected_version: int, **fields) -> ScoringMinutes:
    """Save the fields of draft minutes; refused when the meeting closes before it opens or the stage is not
    closed, and with VersionConflict when they changed since ``expected_version``."""
    return _update(
        ScoringMinutes,
        MINUTES_FIELDS,
        paper=minutes,
        expected_version=expected_version,
        check=_check_minutes,
        **fields,
    )


# ------------------------------------------------------------------ issuing


def _json(value):
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _snapshot(paper, fields) -> dict:
    return {
        "sheet": {"id": paper.sheet_id, "title": paper.sheet.title},
        "unit": {"edition": paper.unit.edition, "code": paper.unit.code},
        "number": paper.number,
        "issued_on": paper.issued_on.isoformat() if paper.issued_on else None,
        **{name: _json(getattr(paper, name)) for name in fields},
    }


def self_report_snapshot(report: SelfScoringReport) -> dict:
    rows, totals, max_total = self_rows(sheet=report.sheet, unit=report.unit)
    return {
        **_snapshot(report, REPORT_FIELDS),
        "rows": [asdict(row) for row in rows],
        "total": self_totals(totals, max_total),
    }


def minutes_snapshot(minutes: ScoringMinutes) -> dict:
    roots, rows, _max_total = score_table(sheet=minutes.sheet, stage=minutes.stage)
    return {
        **_snapshot(minutes, MINUTES_FIELDS),
        "columns": [str(node.criterion) for node in roots],
        "results": [asdict(row) for row in rows],
    }


def _minutes_before_save(minutes: ScoringMinutes, user) -> None:
    """Minutes go out with their secretary and attendees, and the results of a closed stage (checked on the locked
    row: raising here rolls the number back with everything else)."""
    for value, what in ((minutes.secretary_name, WHAT_SECRETARY), (minutes.attendees, WHAT_ATTENDEES)):
        if not value.strip():
            raise ValidationError(_(ERR_MINUTES_INCOMPLETE) % {"what": _(what)}, code="incomplete")
    _check_minutes(minutes)


def self_report_issuable():
    return paper_issuable(
        SelfScoringReport,
        html=lambda report, stamp: render_self_report_html(report=report, stamp=stamp),
        snapshot=self_report_snapshot,
    )


def minutes_issuable():
    return paper_issuable(
        ScoringMinutes,
        html=lambda minutes, stamp: render_minutes_html(minutes=minutes, stamp=stamp),
        snapshot=minutes_snapshot,
        before_save=_minutes_before_save,
    )


def self_report_issue(*, report: SelfScoringReport, user, expected_version: int, signer=None):
    """Number, date and freeze the report from its unit's register, then the signed PDF. Returns (IssuedDocument,
    DocumentJob); refused with a ValidationError before anything changes."""
    return document_issue(
        subject=report, kind=self_report_issuable(), user=user, expected_version=expected_version, signer=signer
    )


def minutes_issue(*, minutes: ScoringMinutes, user, expected_version: int, signer=None):
    """Number, date and freeze the minutes from the issuer's register, then the signed PDF."""
    return document_issue(
        subject=minutes, kind=minutes_issuable(), user=user, expected_version=expected_version, signer=signer
    )

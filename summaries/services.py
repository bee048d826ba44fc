"""Writes to a summary report: the draft built from the data, edits while it is a draft (with the version the form
was built from), and issuing through the document engine (documents.issuing.document_issue)."""

import re
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.services import campaign_defaults
from campaigns.text import campaign_subject, plain
from documents.issuing import document_issue, paper_issuable
from reports import rollup
from reports.achievement import Status
from reports.models import PeriodKind, Report, ReportStatus
from summaries.models import SummaryKind, SummaryReport, SummaryStatus
from summaries.printing import render_summary_html
from summaries.selectors import ISSUING_ANNEX, summary_annex
from units import vn
from units.models import Unit, UnitKind
from units.text import nfc
from units.versioning import lock_for_update

__all__ = (
    "EDIT_FIELDS",
    "summary_draft",
    "summary_update",
    "summary_revise",
    "summary_issue",
    "summary_issuable",
)

EDIT_FIELDS = (
    "kind",
    "parent_body",
    "issuing_body",
    "symbol",
    "place",
    "year",
    "title",
    "introduction",
    "results",
    "shortcomings",
    "lessons",
    "tasks",
    "proposals",
    "signer_authority",
    "signer_on_behalf_of",
    "signer_title",
    "signer_name",
    "recipients",
)

ERR_NOT_DRAFT = gettext_noop("This report has been issued; an issued report is not changed.")
ERR_REVISE_DRAFT = gettext_noop("This report is still a draft: edit it directly.")
ERR_NOT_ISSUER = gettext_noop("%(unit)s did not issue this campaign; its summary report is drafted by %(issuer)s.")

FINAL_PERIODS = (PeriodKind.YEAR, PeriodKind.FIVE_YEARS)
KIND_WORDS = {SummaryKind.SO_KET: "Sơ kết", SummaryKind.TONG_KET: "Tổng kết"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")


def first_sentence(text: str) -> str:
    text = " ".join(plain(text or "").split())
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def summary_title(*, kind: str, period, campaign) -> str:
    """'Sơ kết 6 tháng đầu năm 2024 phong trào thi đua …'."""
    return f"{KIND_WORDS[kind]} {period.label} {campaign_subject(campaign)}".strip()


def _introduction(*, campaign, unit, kind: str, period) -> str:
    cited = campaign.doc_type.name
    if campaign.number:
        cited += f" số {campaign.reference}"
    if campaign.issued_on:
        cited += f" {vn.long_date(campaign.issued_on)}"
    return (
        f"Thực hiện {cited} của {campaign.issuing_unit.body_name} về {campaign_subject(campaign)}, "
        f"{unit.body_name} báo cáo {KIND_WORDS[kind].lower()} {period.label} như sau:"
    )


def _result_line(row) -> str:
    """'- Sản lượng lương thực: 1.300 tấn, bằng 117,6% chỉ tiêu (vượt).'; over a part of the year 'bằng 235,3%
    chỉ tiêu 6 tháng (50% chỉ tiêu cả năm) (vượt)', or, against a target for the whole year, 'bằng 54,2% chỉ tiêu
    cả năm'; a value that could not be judged says so, with no percentage and never "chưa có số liệu"."""
    unit = row.unit_of_measure.strip()
    line = f"- {row.name}: {row.result}" + (unit if unit == "%" else f" {unit}".rstrip())
    if row.status == Status.NO_DATA:  # a value that could not be judged (no target, no previous year's value)
        return line + " (chưa đánh giá)."
    if row.status == Status.ANNUAL:
        return line + (f", bằng {row.percent}% chỉ tiêu cả năm." if row.percent else " (chỉ tiêu cả năm).")
    if row.percent and row.year_share:
        line += f", bằng {row.percent}% chỉ tiêu của kỳ (tính bằng {row.year_share} chỉ tiêu cả năm)"
    elif row.percent:
        line += f", bằng {row.percent}% chỉ tiêu"
    return line + f" ({row.status_text})."


def _results(*, period, unit, annex) -> str:
    progress = rollup.completeness(period=period, unit=unit)
    sent = sum(1 for p in progress if p.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED))
    counts = {status: sum(1 for row in annex if row.status == status) for status in Status.values}
    paragraphs = [
        f"1. Tình hình báo cáo: {sent}/{len(progress)} đơn vị đã gửi báo cáo {period.label}.",
        f"2. Kết quả thực hiện các chỉ tiêu: trong {len(annex)} chỉ tiêu, có {counts[Status.EXCEEDED]} chỉ tiêu vượt, "
        f"{counts[Status.ACHIEVED]} chỉ tiêu đạt, {counts[Status.MISSED]} chỉ tiêu không đạt"
        + (f", {counts[Status.ANNUAL]} chỉ tiêu cả năm đang thực hiện" if counts[Status.ANNUAL] else "")
        + (f", {counts[Status.NOT_ASSIGNED]} chỉ tiêu không giao" if counts[Status.NOT_ASSIGNED] else "")
        + f" và {counts[Status.NO_DATA]} chỉ tiêu chưa có số liệu.",
    ]
    paragraphs += [_result_line(row) for row in annex if row.result]
    return "\n\n".join(paragraphs)


MANY_UNITS = 5  # more units than this raising one point are counted, not named


def _grouped(raised: dict[str, list[str]]) -> str:
    """One line per distinct sentence, in the order first raised, with the units that raised it: '- Xã Cao Lâu:
    …' for one, '- … (Xã Cao Lâu, Xã Thạch Đạn)' for a few, '- … (21 đơn vị)' for many."""
    lines = []
    for sentence, units in raised.values():
        if len(units) == 1:
            lines.append(f"- {units[0]}: {sentence}")
        elif len(units) <= MANY_UNITS:
            lines.append(f"- {sentence.rstrip('.')} ({', '.join(units)}).")
        else:
            lines.append(f"- {sentence.rstrip('.')} ({vn.count(len(units))} đơn vị).")
    return "\n\n".join(lines)


def _narratives(*, period, unit) -> dict[str, str]:
    """The first sentence of each part of the narrative of the submitted and approved reports under the unit; a
    sentence several units wrote (the same words, whatever the case, spaces and final stop) once, with them."""
    reports = (
        Report.objects.filter(
            period=period,
            unit__path__startswith=unit.path,
            status__in=(ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        )
        .select_related("unit")
        .order_by("unit__path")
    )
    out = {"results": {}, "shortcomings": {}, "lessons": {}, "proposals": {}}
    for report in reports:
        for name, raised in out.items():
            sentence = first_sentence(getattr(report, name))
            if sentence:
                key = " ".join(sentence.rstrip(".!?… ").casefold().split())
                raised.setdefault(key, (sentence, []))[1].append(report.unit.name)
    return {name: _grouped(raised) for name, raised in out.items()}


def _recipients(unit) -> str:
    """The higher body first — the parent unit's People's Committee and its Internal Affairs office (Sở Nội vụ of
    a province, Phòng Nội vụ of a district) "(để báo cáo)" — then the participating units and the archive."""
    lines = []
    parent = Unit.objects.get_parent(unit)
    if parent is not None and parent.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT):
        office = "Sở Nội vụ" if parent.kind == UnitKind.PROVINCE else "Phòng Nội vụ"
        lines += [f"{parent.body_name} (để báo cáo);", f"{office} {parent.name[:1].lower()}{parent.name[1:]};"]
    return "\n".join([*lines, "Các đơn vị tham gia phong trào;", "Lưu: VT."])


@transaction.atomic
def summary_draft(*, period, unit, user) -> SummaryReport:
    """A new draft drafted from the data: the header from the unit, the title from the period and the campaign,
    the results from the roll-up and the units' reports, the signer from the campaign."""
    campaign = period.campaign
    if unit.pk != campaign.issuing_unit_id:
        raise ValidationError(_(ERR_NOT_ISSUER) % {"unit": unit.name, "issuer": campaign.issuing_unit.name})
    kind = SummaryKind.TONG_KET if period.kind in FINAL_PERIODS else SummaryKind.SO_KET
    defaults = campaign_defaults(issuing_unit=unit)
    annex = summary_annex(period=period, unit=unit)
    narratives = _narratives(period=period, unit=unit)
    results = _results(period=period, unit=unit, annex=annex)
    if narratives["results"]:
        results += "\n\n3. Kết quả nổi bật của các đơn vị:\n\n" + narratives["results"]
    summary = SummaryReport(
        period=period,
        unit=unit,
        kind=kind,
        parent_body=defaults["parent_body"],
        issuing_body=defaults["issuing_body"],
        place=defaults["place"],
        year=period.ends_on.year,
        title=summary_title(kind=kind, period=period, campaign=campaign),
        introduction=_introduction(campaign=campaign, unit=unit, kind=kind, period=period),
        results=results,
        shortcomings=narratives["shortcomings"],
        lessons=narratives["lessons"],
        proposals=narratives["proposals"],
        signer_authority=campaign.signer_authority,
        signer_on_behalf_of=campaign.signer_on_behalf_of,
        signer_title=campaign.signer_title,
        signer_name=campaign.signer_name,
        recipients=_recipients(unit),
        created_by=user,
    )
    summary.full_clean()
    summary.save()
    return summary


def _check_draft(summary: SummaryReport) -> None:
    if summary.status != SummaryStatus.DRAFT:
        raise ValidationError(_(ERR_NOT_DRAFT), code="not_draft")


@transaction.atomic
def summary_update(*, summary: SummaryReport, user, expected_version: int, **fields) -> SummaryReport:
    """Save the fields of a draft. Refused with VersionConflict when it changed since the form was built from
    ``expected_version``; on success the version goes up by one."""
    unknown = set(fields) - set(EDIT_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    locked = lock_for_update(SummaryReport, summary.pk, expected_version, check=_check_draft)
    for name, value in fields.items():
        setattr(locked, name, nfc(value) if isinstance(value, str) else value)
    locked.full_clean()
    locked.bump()
    return locked


@transaction.atomic
def summary_revise(*, summary: SummaryReport, user) -> SummaryReport:
    """A new draft version of an issued report: a copy of its text and header, unnumbered and undated, that links
    to it and is edited like any draft; the issued report never changes. A second request while a draft version
    exists returns that draft."""
    locked = lock_for_update(SummaryReport, summary.pk)
    if locked.status == SummaryStatus.DRAFT:
        raise ValidationError(_(ERR_REVISE_DRAFT), code="draft")
    existing = locked.later_versions.filter(status=SummaryStatus.DRAFT).order_by("pk").first()
    if existing is not None:
        return existing
    draft = SummaryReport(
        period_id=locked.period_id,
        unit_id=locked.unit_id,
        **{name: getattr(locked, name) for name in EDIT_FIELDS},
        previous_version=locked,
        created_by=user,
    )
    draft.full_clean()
    draft.save()
    return draft


# ------------------------------------------------------------------ issuing


def _summary_html(summary, stamp) -> str:
    return render_summary_html(summary=summary, stamp=stamp)


def summary_snapshot(summary: SummaryReport) -> dict:
    """What the issued version keeps; its annex rows are left on the instance for the printed annex that issuing
    renders next (one roll-up per issue, not two)."""
    annex = summary_annex(period=summary.period, unit=summary.unit)
    summary.__dict__[ISSUING_ANNEX] = annex
    return {
        "period": {"id": summary.period_id, "label": summary.period.label},
        "unit": {"edition": summary.unit.edition, "code": summary.unit.code},
        "number": summary.number,
        "issued_on": summary.issued_on.isoformat() if summary.issued_on else None,
        **{name: getattr(summary, name) for name in EDIT_FIELDS},
        "annex": [asdict(row) for row in annex],
    }


def summary_issuable():
    return paper_issuable(SummaryReport, html=_summary_html, snapshot=summary_snapshot)


def summary_issue(*, summary: SummaryReport, user, expected_version: int, signer=None):
    """Number, date and freeze the report from its unit's register, then the signed PDF. Returns
    (IssuedDocument, DocumentJob); refused with a ValidationError before anything changes."""
    return document_issue(
        subject=summary, kind=summary_issuable(), user=user, expected_version=expected_version, signer=signer
    )

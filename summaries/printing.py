"""The summary report (BÁO CÁO sơ kết / tổng kết) as the document engine prints it, in PDF and in Word, and its
renderer (documents.services.RENDERERS["summary"]): the Nghị định 30 header and signature of every document
(documents.rendering), the parts numbered I., II.…, the figures' table as the appendix after the signature."""

from django.template.loader import render_to_string
from django.urls import reverse

from campaigns.text import paragraphs
from documents.docx import report_docx
from documents.rendering import Annex, AnnexColumn, annex_reference, paper_print_context
from documents.services import Renderer, reference_filename, renderer_register
from summaries.selectors import summary_annex_rows

SUMMARY_TEMPLATE = "documents/summary.html"
SUMMARY_SECTIONS = (
    ("results", "KẾT QUẢ ĐẠT ĐƯỢC"),
    ("shortcomings", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
    ("lessons", "BÀI HỌC KINH NGHIỆM"),
    ("tasks", "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
    ("proposals", "KIẾN NGHỊ, ĐỀ XUẤT"),
)
ROMAN = ("I", "II", "III", "IV", "V", "VI")
SUMMARY_ANNEX_POINTER = "(Chi tiết tại Phụ lục kèm theo)"
SUMMARY_ANNEX_COLUMNS = (
    AnnexColumn("STT", 8, "center"),
    AnnexColumn("Chỉ tiêu", 27),
    AnnexColumn("Đơn vị tính", 11, "center"),
    AnnexColumn("Chỉ tiêu đề ra", 14, "right"),
    AnnexColumn("Kết quả thực hiện", 14, "right"),
    AnnexColumn("Tỷ lệ %", 10, "right"),
    AnnexColumn("Đánh giá", 16, "center"),
)


def summary_annex_of(*, summary, rows) -> Annex | None:
    """The figures' table as the report's appendix; None when the campaign has no figures."""
    if not rows:
        return None
    return Annex(
        heading="Phụ lục",
        title="KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        reference=annex_reference(doc_type="Báo cáo", paper=summary, issuer=summary.unit.body_name),
        columns=SUMMARY_ANNEX_COLUMNS,
        rows=tuple(
            (str(r.position), r.name, r.unit_of_measure, r.target, r.result, r.percent, r.status_text) for r in rows
        ),
    )


def summary_print_context(*, summary, stamp=None) -> dict:
    """A summary report (BÁO CÁO sơ kết / tổng kết) as printed: the same header and signature as a campaign, the
    parts that have text numbered I., II.… (Kết quả đạt được always, pointing to the appendix), ending './.', then
    the figures' table as the appendix after the signature block."""
    annex = summary_annex_of(summary=summary, rows=summary_annex_rows(summary=summary))
    parts = [(name, heading, paragraphs(getattr(summary, name))) for name, heading in SUMMARY_SECTIONS]
    parts = [part for part in parts if part[0] == "results" or part[2]]
    sections = [
        {
            "label": f"{ROMAN[i]}.",
            "heading": heading,
            "paragraphs": texts,
            "pointer": SUMMARY_ANNEX_POINTER if name == "results" and annex is not None else "",
        }
        for i, (name, heading, texts) in enumerate(parts)
    ]
    last = sections[-1]
    if last["paragraphs"] and not last["pointer"]:
        last["paragraphs"][-1] = last["paragraphs"][-1].rstrip().rstrip(".") + "./."
    else:
        last["closing"] = "./."
    return {
        **paper_print_context(
            paper=summary,
            issuing_body=summary.issuing_body,
            parent_body=summary.parent_body,
            title=summary.title,
            recipients=summary.recipient_lines,
            stamp=stamp,
        ),
        "summary": summary,
        "introduction": paragraphs(summary.introduction),
        "sections": sections,
        "annex": annex,
    }


def render_summary_html(*, summary, stamp=None) -> str:
    return render_to_string(SUMMARY_TEMPLATE, summary_print_context(summary=summary, stamp=stamp))


def summary_docx(*, summary) -> bytes:
    """The summary report as a .docx file: the text as documents/summary.html prints it, then the figures' table as
    the appendix, in a section of its own (a new page, numbered from 1 on its own, its first page unnumbered)."""
    context = summary_print_context(summary=summary)
    context.update(type_title="Báo cáo", title=summary.title)
    return report_docx(context)


def _filename(summary) -> str:
    return reference_filename(summary.reference) if summary.number else f"bao-cao-du-thao-{summary.pk}.pdf"


renderer_register(
    "summary",
    Renderer(
        model="summaries.SummaryReport",
        html=lambda summary: render_summary_html(summary=summary),
        filename=_filename,
        url=lambda summary: reverse("summaryreport_detail", kwargs={"pk": summary.pk}),
    ),
)

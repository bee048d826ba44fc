"""The award decision printed as its official document (Nghị định 30/2020/NĐ-CP, Phụ lục I; nd30.md §2.6): header,
QUYẾT ĐỊNH and its subject, the deciding authority, the legal bases in italics, "Theo đề nghị của …", QUYẾT ĐỊNH:,
the articles, the signature, and the list of recipients as the appendix (templates/documents/decision.html); and the
certificates, one A4 landscape page per recipient (templates/documents/certificate.html), rendered in chunks whose
PDFs are joined into one file, with the progress reported after each chunk."""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.urls import reverse

from awards.models import AwardCategory, Decision
from awards.rules import NEW_LAW_ON
from campaigns.text import campaign_subject
from documents.issuing import stamp_build
from documents.models import IssuedDocument
from documents.rendering import Annex, AnnexColumn, annex_reference, htmls_to_pdf, paper_print_context
from documents.services import Renderer, reference_filename, renderer_register
from units import vn

__all__ = (
    "DECISION_TEMPLATE",
    "CERTIFICATE_TEMPLATE",
    "CERTIFICATE_CHUNK",
    "award_legal_name",
    "decision_title",
    "decision_articles",
    "decision_annex",
    "decision_print_context",
    "render_decision_html",
    "certificate_rows",
    "certificate_number",
    "certificate_stamp",
    "render_certificates_html",
    "certificates_pdf",
    "certificates_filename",
)

DECISION_TEMPLATE = "documents/decision.html"
CERTIFICATE_TEMPLATE = "documents/certificate.html"
# Pages per WeasyPrint render of the certificates: one render of 1,000 pages lays out and writes every page before
# the first byte, and its time grows faster than the pages (benchmarks/certificates.py); chunks keep the time linear,
# the memory flat, and give the progress bar something to show.
CERTIFICATE_CHUNK = 50

RECIPIENT_WORDS = {
    "individual": "cá nhân",
    "collective": "tập thể",
    "household": "hộ gia đình",
    "village": "thôn, tổ dân phố",
    "commune": "xã, phường",
}
ANNEX_COLUMNS = (
    AnnexColumn("STT", 7, "center"),
    AnnexColumn("Họ và tên / Tập thể", 24),
    AnnexColumn("Chức vụ, đơn vị", 29),
    AnnexColumn("Danh hiệu / Hình thức", 21),
    AnnexColumn("Số tiền (đồng)", 19, "right"),
)
_QUALIFIER = re.compile(r"\s*\((cá nhân|tập thể)\)$")


def award_words(award_type) -> str:
    """'Giấy khen (cá nhân)' -> 'Giấy khen': the catalogue's qualifier is not printed."""
    return _QUALIFIER.sub("", award_type.name)


def _entries(decision):
    return list(
        decision.entries.select_related("award_type", "nomination__campaign", "person").order_by("position", "pk")
    )


def _decree(decision) -> str:
    on = decision.issued_on or decision.updated.date()
    return "Nghị định số 152/2025/NĐ-CP" if on >= NEW_LAW_ON else "Nghị định số 98/2023/NĐ-CP"


def _level(unit_type: str) -> str:
    """The level a chairman's award is named by: 'xã', 'huyện', 'tỉnh'; a thành phố trực thuộc trung ương's is
    'thành phố'."""
    return "thành phố" if unit_type == "thành phố trực thuộc trung ương" else unit_type


def award_legal_name(award_type, unit_type: str) -> str:
    """The award as the law names it (Luật Thi đua, khen thưởng 2022, Điều 73–75): a title in quotes after
    'danh hiệu' ('danh hiệu “Lao động tiên tiến”'), a form with whose it is ('Giấy khen của Chủ tịch Ủy ban nhân
    dân xã'), never the catalogue's '(cá nhân)' / '(tập thể)'."""
    words = award_words(award_type)
    if award_type.category == AwardCategory.TITLE:
        return f"danh hiệu “{words}”"
    if " của " in words or not unit_type:
        return words
    return f"{words} của Chủ tịch Ủy ban nhân dân {_level(unit_type)}"


def decision_title(award_types, *, year: int, unit_type: str) -> str:
    """'Về việc tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã'; 'Về việc tặng danh hiệu “Lao động tiên tiến” năm
    2024'; both joined by 'và'. One name for the collectives' and the individuals' variants of a form."""
    titles = list(dict.fromkeys(f"“{award_words(t)}”" for t in award_types if t.category == AwardCategory.TITLE))
    forms = [t for t in award_types if t.category != AwardCategory.TITLE]
    parts = [f"danh hiệu {', '.join(titles)} năm {year}"] if titles else []
    parts += list(dict.fromkeys(award_legal_name(t, unit_type) for t in forms))
    return "Về việc tặng " + " và ".join(parts)


# The groups of the list and of Điều 1, in order: collectives (and villages, communes), households, individuals.
GROUPS = (
    ("TẬP THỂ", "tập thể", ("collective", "village", "commune")),
    ("HỘ GIA ĐÌNH", "hộ gia đình", ("household",)),
    ("CÁ NHÂN", "cá nhân", ("individual",)),
)
ROMAN = ("I", "II", "III")


def _group_of(entry) -> int:
    recipient = entry.award_type.recipient
    return next((i for i, (_h, _w, kinds) in enumerate(GROUPS) if recipient in kinds), len(GROUPS) - 1)


def _counted(entries) -> str:
    """'02 tập thể và 05 cá nhân': two digits at least (units.vn.count), the groups in the list's order."""
    counts = Counter(_group_of(e) for e in entries)
    parts = [f"{vn.count(counts[i])} {GROUPS[i][1]}" for i in range(len(GROUPS)) if counts[i]]
    return ", ".join(parts[:-1]) + " và " + parts[-1] if len(parts) > 1 else parts[0]


def _achieved_in(decision, entries) -> str:
    """What the recipients achieved in: the campaign most of them were nominated in, else the year's tasks."""
    campaigns = Counter(e.nomination.campaign for e in entries if e.nomination_id and e.nomination.campaign_id)
    if campaigns:
        return campaign_subject(campaigns.most_common(1)[0][0])
    return f"thực hiện nhiệm vụ năm {decision.year}"


def _money_article(decision, entries) -> str:
    total = sum(e.amount for e in entries)
    if not total:
        return ""
    fund = f"Quỹ thi đua, khen thưởng của {decision.unit.body_name}"
    source = f"Tiền thưởng theo quy định tại {_decree(decision)}, chi từ {fund}"
    amounts = {e.amount for e in entries}
    recipients = {e.award_type.recipient for e in entries}
    if len(amounts) == 1 and len(recipients) == 1 and all(e.paid for e in entries):
        words = RECIPIENT_WORDS.get(recipients.pop(), "cá nhân")
        return f"{source}: mỗi {words} được thưởng {vn.number(total // len(entries))} đồng."
    return f"{source}, theo danh sách kèm theo; tổng cộng {vn.number(total)} đồng."


def decision_articles(decision, entries=None) -> list[tuple[str, str]]:
    """[('Điều 1.', 'Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho 02 tập thể và 05 cá nhân (có danh sách kèm
    theo), đã có thành tích xuất sắc trong …'), ('Điều 2.', money), ('Điều 3.', … './.')]: the award with the
    recipients counted in two digits and what they achieved in, the money (when there is any), then the decision's
    further articles; the last ends with './.'."""
    entries = entries if entries is not None else _entries(decision)
    unit_type = decision.unit.unit_type
    by_name = {}
    for entry in entries:
        name = award_legal_name(entry.award_type, unit_type)
        if entry.award_type.category == AwardCategory.TITLE:
            name += f" năm {decision.year}"
        by_name.setdefault(name, []).append(entry)
    clauses = [f"{name} cho {_counted(group)}" for name, group in by_name.items()]
    texts = [
        "Tặng "
        + "; ".join(clauses)
        + f" (có danh sách kèm theo), đã có thành tích xuất sắc trong {_achieved_in(decision, entries)}."
    ]
    money = _money_article(decision, entries)
    if money:
        texts.append(money)
    texts += decision.extra_article_lines
    texts[-1] = texts[-1].rstrip().rstrip("./") + "./."
    return [(f"Điều {i}.", text) for i, text in enumerate(texts, 1)]


def _annex_title(decision, entries) -> str:
    kinds = list(dict.fromkeys(RECIPIENT_WORDS.get(e.award_type.recipient, "cá nhân") for e in entries))
    verb = (
        "TẶNG DANH HIỆU THI ĐUA"
        if all(e.award_type.category == AwardCategory.TITLE for e in entries)
        else "KHEN THƯỞNG"
    )
    return f"DANH SÁCH {', '.join(kinds).upper()} ĐƯỢC {verb} NĂM {decision.year}"


def _amount_cell(entry, paid_titles) -> str:
    if entry.paid:
        return vn.number(entry.amount)
    best = paid_titles.get((entry.person_id, entry.collective_id))
    return f"0 (đã hưởng mức {best.award_type.short_name})" if best else "0"


def entry_name(entry) -> str:
    """'Ông Hoàng Văn Nam', 'Bà Lương Thị Hà' (from the person's gender; no title when it is not recorded); a
    collective's name as it is."""
    title = entry.person.title if entry.person_id else ""
    return f"{title} {entry.name}" if title else entry.name


def decision_annex(decision, entries=None) -> Annex:
    """The recipients as the appendix: grouped I. TẬP THỂ, II. CÁ NHÂN (when there is more than one group), each
    numbered from 1; STT, name (Ông / Bà before an individual's), position and unit, title or form, money
    (2.340.000), and a total row."""
    entries = entries if entries is not None else _entries(decision)
    paid_titles = {
        (e.person_id, e.collective_id): e for e in entries if e.paid and e.award_type.category == AwardCategory.TITLE
    }
    groups = defaultdict(list)
    for entry in entries:
        groups[_group_of(entry)].append(entry)
    headed = len(groups) > 1
    rows = []
    for number, index in enumerate(sorted(groups)):
        if headed:
            rows.append((ROMAN[number], GROUPS[index][0], "", "", ""))
        rows += [
            (str(i), entry_name(e), e.description, award_words(e.award_type), _amount_cell(e, paid_titles))
            for i, e in enumerate(groups[index], 1)
        ]
    rows.append(("", "Tổng cộng", "", "", vn.number(sum(e.amount for e in entries))))
    return Annex(
        heading="Phụ lục",
        title=_annex_title(decision, entries),
        reference=annex_reference(
            doc_type="Quyết định", paper=paper_of(decision), issuer=f"Chủ tịch {decision.unit.body_name}"
        ),
        columns=ANNEX_COLUMNS,
        rows=tuple(rows),
    )


def paper_of(decision) -> SimpleNamespace:
    """What the header and the annex's reference line read of the decision: its ``year`` is the year it is
    dated (the issue year, this year for a draft), not the year of the achievements it rewards."""
    from django.utils import timezone

    return SimpleNamespace(
        number=decision.number,
        reference=decision.reference,
        symbol=decision.symbol,
        place=decision.place,
        issued_on=decision.issued_on,
        year=(decision.issued_on or timezone.localdate()).year,
    )


def _ending(text: str, mark: str) -> str:
    return text.rstrip().rstrip(";.,") + mark


def proposal_line(decision) -> str:
    """'Theo đề nghị của Chủ tịch Hội đồng Thi đua - Khen thưởng xã tại Tờ trình số 12/TTr-HĐTĐKT ngày 05 tháng
    12 năm 2024.'; without a Tờ trình, who proposed only; '' when nobody is named."""
    proposer = decision.proposer.strip()
    if not proposer:
        return ""
    if not proposer.lower().startswith("theo đề nghị"):
        proposer = f"Theo đề nghị của {proposer}"
    number = decision.proposal_number.strip()
    if number and "tờ trình" not in proposer.lower():
        proposer = _ending(proposer, "") + f" tại Tờ trình số {number}"
        if decision.proposal_date:
            proposer += f" {vn.long_date(decision.proposal_date)}"
    return _ending(proposer, ".")


def decision_print_context(*, decision, stamp=None) -> dict:
    """What templates/documents/decision.html needs: the legal bases each ending ';', the proposal with its Tờ
    trình ending '.', the articles and the appendix; a fixed number of queries."""
    entries = _entries(decision)
    return {
        **paper_print_context(
            paper=paper_of(decision),
            issuing_body=decision.issuing_body,
            parent_body=decision.parent_body,
            title=decision.title,
            recipients=decision.recipient_lines,
            stamp=stamp,
        ),
        "decision": decision,
        "bases": [_ending(line, ";") for line in decision.legal_basis_lines],
        "proposer": proposal_line(decision),
        "articles": decision_articles(decision, entries),
        "annex": decision_annex(decision, entries),
    }


def render_decision_html(*, decision, stamp=None) -> str:
    return render_to_string(DECISION_TEMPLATE, decision_print_context(decision=decision, stamp=stamp))


# ------------------------------------------------------------------ certificates


def _achievement(entry, year: int) -> str:
    if entry.award_type.category == AwardCategory.TITLE:
        return f"Đã có thành tích xuất sắc, đạt danh hiệu “{award_words(entry.award_type)}” năm {year}"
    campaign = entry.nomination.campaign if entry.nomination_id else None
    if campaign is not None:
        return f"Đã có thành tích xuất sắc trong {campaign_subject(campaign)}"
    return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}"


def _heading(award_type) -> str:
    if award_type.certificate_heading:
        return award_type.certificate_heading
    return "GIẤY CHỨNG NHẬN" if award_type.category == AwardCategory.TITLE else award_words(award_type).upper()


def certificate_number(decision, index: int) -> str:
    """The certificate's number in the golden book (sổ vàng) of the decision's register: the decision's number and
    the recipient's place in its list (the appendix's STT), '05.03' for the third recipient of decision 05/QĐ-UBND;
    '' before the decision is numbered."""
    return f"{decision.number:02d}.{index:02d}" if decision.number else ""


def certificate_rows(decision, entries=None, *, start: int = 1) -> list[dict]:
    """``start``: the place in the decision's list of the first of ``entries`` (a chunk starts further on)."""
    entries = entries if entries is not None else _entries(decision)
    return [
        {
            "heading": _heading(e.award_type),
            "name": e.name,
            "description": e.description,
            "achievement": _achievement(e, decision.year),
            "number": certificate_number(decision, index),
        }
        for index, e in enumerate(entries, start)
    ]


def certificate_stamp(decision):
    """What each certificate carries of the issued decision, as the issued documents do: the signer's signature
    image, the unit's seal over its left third, and the decision's QR code and verification code. None for a
    decision not issued (a certificate is printed only for an issued one)."""
    issued = IssuedDocument.objects.of(decision).select_related("signer").order_by("-pk").first()
    if issued is None:
        return None
    return stamp_build(code=issued.code, unit=decision.unit, signer=issued.signer)


def render_certificates_html(*, decision, entries=None, start: int = 1, stamp=None) -> str:
    """The certificates of ``entries`` (default: every recipient) as one HTML document, a page each; ``start``: the
    place of the first of them in the decision's list; ``stamp``: the issued decision's (certificate_stamp)."""
    if decision.issued_on:
        reference = f"Quyết định số {decision.reference} {vn.long_date(decision.issued_on)}"
        place_date = f"{decision.place}, {vn.long_date(decision.issued_on)}"
    else:
        reference = f"Quyết định số …/{decision.symbol}"
        place_date = f"{decision.place}, ngày … tháng … năm {paper_of(decision).year}"
    context = {
        "decision": decision,
        "title": f"Giấy khen, giấy chứng nhận theo {reference}",
        "certificates": certificate_rows(decision, entries, start=start),
        "reference_line": reference,
        "place_date": place_date,
        "stamp": stamp if stamp is not None else certificate_stamp(decision),
    }
    return render_to_string(CERTIFICATE_TEMPLATE, context)


def certificates_filename(decision) -> str:
    if decision.number:
        return "giay-khen-" + reference_filename(decision.reference)
    return f"giay-khen-du-thao-{decision.pk}.pdf"


def certificates_pdf(
    *, decision: Decision, progress: Callable[[float], None] | None = None, chunk: int | None = None
) -> bytes:
    """Every recipient's certificate in one PDF: rendered ``chunk`` pages at a time (documents.rendering.htmls_to_pdf,
    one font configuration), ``progress(share done)`` called after each chunk, the parts joined at the end."""
    chunk = chunk or CERTIFICATE_CHUNK
    entries = _entries(decision)
    stamp = certificate_stamp(decision)  # once: the same signature, seal and QR code on every page
    htmls = (
        render_certificates_html(
            decision=decision, entries=entries[start : start + chunk], start=start + 1, stamp=stamp
        )
        for start in range(0, len(entries), chunk)
    )

    def done(parts: int) -> None:
        progress(min(1.0, parts * chunk / len(entries)))

    return htmls_to_pdf(htmls, progress=done if progress is not None else None)


# ------------------------------------------------------------------ the document engine's kinds


def _decision_filename(decision) -> str:
    return reference_filename(decision.reference) if decision.number else f"quyet-dinh-du-thao-{decision.pk}.pdf"


def _decision_url(decision) -> str:
    return reverse("decision_detail", kwargs={"pk": decision.pk})


renderer_register(
    "decision",
    Renderer(
        model="awards.Decision",
        html=lambda decision: render_decision_html(decision=decision),
        filename=_decision_filename,
        url=_decision_url,
    ),
)
# Every recipient's certificate of an issued decision, one landscape page each, rendered in chunks.
renderer_register(
    "certificates",
    Renderer(
        model="awards.Decision",
        html=lambda decision: render_certificates_html(decision=decision),
        filename=certificates_filename,
        url=_decision_url,
        pdf=lambda decision, progress: certificates_pdf(decision=decision, progress=progress),
    ),
)

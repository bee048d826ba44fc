"""The plan's parts as the editor shows them: one line each, cells separated by "|" (legal bases, stages, award
criteria, other participants, an appendix's tables). ``*_parse`` reads what was typed into unsaved rows and raises a
ValidationError whose messages name the line; ``*_text`` writes the rows back in the same form, so that saving an
unchanged page changes nothing."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.models import (
    AwardCriterion,
    AwardSubject,
    LegalBasis,
    LegalBasisKind,
    OtherParticipant,
    ParticipantKind,
    QuotaKind,
    Stage,
)
from targets.numbers import format_number, parse_number
from units.text import nfc
from units.vn import short_date

ERR_LINE = gettext_noop("Line %(line)s: %(message)s")
ERR_BASIS_WORD = gettext_noop("start it with “Căn cứ” or “Thực hiện”.")
ERR_CELLS = gettext_noop("%(count)s cells separated by “|”; at most %(limit)s are expected (%(form)s).")
ERR_DATE = gettext_noop("“%(value)s” is not a date (dd/mm/yyyy).")
ERR_CHOICE = gettext_noop("“%(value)s” is not one of: %(choices)s.")
ERR_QUOTA = gettext_noop(
    "“%(value)s” is not a quota: write “mỗi đơn vị 1”, “dẫn đầu 3”, “tối đa 10%%”, “tối đa 5” or leave it empty."
)
ERR_TABLE_ROW = gettext_noop("Table %(table)s, row %(row)s has %(count)s cells where its first row has %(expected)s.")
ERR_TOO_LONG = gettext_noop("%(count)s characters; at most %(limit)s are allowed.")

BASIS_WORDS = {"căn cứ": LegalBasisKind.CAN_CU, "thực hiện": LegalBasisKind.THUC_HIEN}
SUBJECTS = {"": AwardSubject.ANY, "tập thể": AwardSubject.COLLECTIVE, "cá nhân": AwardSubject.INDIVIDUAL}
PARTICIPANT_WORDS = {
    "sở": ParticipantKind.DEPARTMENT,
    "ngành": ParticipantKind.SECTOR,
    "doanh nghiệp": ParticipantKind.ENTERPRISE,
    "cơ quan trung ương": ParticipantKind.CENTRAL_AGENCY,
    "đoàn thể": ParticipantKind.MASS_ORG,
    "khác": ParticipantKind.OTHER,
}
QUOTA_WORDS = (
    (QuotaKind.PER_UNIT, "mỗi đơn vị", ""),
    (QuotaKind.TOP_N, "dẫn đầu", ""),
    (QuotaKind.SHARE_CAP, "tối đa", "%"),
    (QuotaKind.MAX_COUNT, "tối đa", ""),
)
_QUOTA = re.compile(r"^(mỗi đơn vị|dẫn đầu|tối đa)\s+([\d.,]+)\s*(%?)$")
STAGE_FORM = "tên | từ ngày | đến ngày | hạn báo cáo | câu như in"
AWARD_FORM = "đối tượng | hình thức khen thưởng | định mức | câu như in | mã danh mục"
PARTICIPANT_FORM = "tên | loại"


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, nfc(line.strip())) for n, line in enumerate((text or "").splitlines(), start=1) if line.strip()]


def _cells(line: str, limit: int, form: str) -> list[str]:
    cells = [cell.strip() for cell in line.split("|")]
    if len(cells) > limit:
        raise ValueError(_(ERR_CELLS) % {"count": len(cells), "limit": limit, "form": form})
    return cells + [""] * (limit - len(cells))


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        return datetime.date(int(found[3]), int(found[2]), int(found[1]))
    except (TypeError, ValueError):
        raise ValueError(_(ERR_DATE) % {"value": text}) from None


def _choice(text: str, words: dict) -> str:
    key = text.casefold()
    if key not in words:
        raise ValueError(_(ERR_CHOICE) % {"value": text, "choices": ", ".join(f"“{w}”" for w in words if w)})
    return words[key]


def _parse(text: str, read) -> list:
    """Each line through ``read`` (which raises ValueError or ValidationError); every bad line reported."""
    rows, errors = [], []
    for number, line in _lines(text):
        try:
            row = read(line)
            row.full_clean(exclude=["campaign"])
        except ValueError as error:
            errors.append(_(ERR_LINE) % {"line": number, "message": error})
        except ValidationError as error:
            errors.extend(_(ERR_LINE) % {"line": number, "message": m} for m in error.messages)
        else:
            row.position = len(rows)
            rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


# ---- legal bases: "Căn cứ Luật Thi đua, Khen thưởng ngày 15 tháng 6 năm 2022;"


def legal_bases_parse(text: str) -> list[LegalBasis]:
    def read(line):
        for word, kind in BASIS_WORDS.items():
            if line.casefold().startswith(word + " "):
                return LegalBasis(kind=kind, text=line[len(word) :].strip())
        raise ValueError(_(ERR_BASIS_WORD))

    return _parse(text, read)


def legal_bases_text(rows) -> str:
    return "\n".join(row.line for row in rows)


# ---- stages: "Đợt 1 | 05/02/2024 | 30/06/2024 | 20/06/2024 | Đợt 1: từ ngày phát động …"


def stages_parse(text: str) -> list[Stage]:
    def read(line):
        name, starts, ends, deadline, printed = _cells(line, 5, STAGE_FORM)
        return Stage(name=name, starts_on=_date(starts), ends_on=_date(ends), deadline=_date(deadline), text=printed)

    return _parse(text, read)


def stages_text(rows) -> str:
    cells = ((r.name, short_date(r.starts_on), short_date(r.ends_on), short_date(r.deadline), r.text) for r in rows)
    return "\n".join(" | ".join(c).rstrip(" |") for c in cells)


# ---- award criteria: "tập thể | Giấy khen của Chủ tịch UBND xã | mỗi đơn vị 1 | Mỗi thôn 01 tập thể | giay-khen-tt"


def _quota(text: str) -> tuple[str, object]:
    if not text:
        return QuotaKind.NONE, None
    found = _QUOTA.match(text.casefold())
    if not found:
        raise ValueError(_(ERR_QUOTA) % {"value": text})
    word, number, percent = found.groups()
    kind = next(k for k, w, p in QUOTA_WORDS if w == word and (p == percent or word != "tối đa"))
    if percent and word != "tối đa":
        raise ValueError(_(ERR_QUOTA) % {"value": text})
    try:
        return kind, parse_number(number)
    except ValidationError:
        raise ValueError(_(ERR_QUOTA) % {"value": text}) from None


def _quota_text(row) -> str:
    if not row.quota_kind:
        return ""
    word, percent = next((w, p) for k, w, p in QUOTA_WORDS if k == row.quota_kind)
    return f"{word} {format_number(row.quota_value)}{percent}"


def award_criteria_parse(text: str) -> list[AwardCriterion]:
    def read(line):
        subject, award_text, quota, printed, code = _cells(line, 5, AWARD_FORM)
        kind, value = _quota(quota)
        return AwardCriterion(
            subject=_choice(subject, SUBJECTS),
            award=code,
            award_text=award_text,
            quota_kind=kind,
            quota_value=value,
            text=printed,
        )

    return _parse(text, read)


def award_criteria_text(rows) -> str:
    subjects = {v: k for k, v in SUBJECTS.items()}
    cells = ((subjects.get(r.subject, ""), r.award_text, _quota_text(r), r.text, r.award) for r in rows)
    return "\n".join(" | ".join(c).rstrip(" |") for c in cells)


# ---- other participants: "Sở Tài chính | sở"


def other_participants_parse(text: str) -> list[OtherParticipant]:
    def read(line):
        name, kind = _cells(line, 2, PARTICIPANT_FORM)
        return OtherParticipant(name=name, kind=_choice(kind or "khác", PARTICIPANT_WORDS))

    return _parse(text, read)


def other_participants_text(rows) -> str:
    words = {v: k for k, v in PARTICIPANT_WORDS.items()}
    return "\n".join(f"{r.name} | {words.get(r.kind, 'khác')}" for r in rows)


# ---- an appendix's tables: one row a line, cells separated by "|"; an empty line between two tables; a line of
# dashes ("---") under the header rows (without one, the first row is the header)

_RULE = re.compile(r"^[\s|:-]*-[\s|:-]*$")


def tables_parse(text: str) -> list[dict]:
    tables, errors = [], []
    blocks = re.split(r"\n\s*\n", (text or "").strip())
    for number, block in enumerate((b for b in blocks if b.strip()), start=1):
        rows, header = [], None
        for raw in block.splitlines():
            line = nfc(raw.strip())
            if _RULE.match(line):
                header = len(rows)
                continue
            cells = [cell.strip() for cell in line.strip("|").split("|")] if line.strip("|") else [""]
            rows.append(cells)
        for index, row in enumerate(rows[1:], start=2):
            if len(row) != len(rows[0]):
                errors.append(
                    _(ERR_TABLE_ROW) % {"table": number, "row": index, "count": len(row), "expected": len(rows[0])}
                )
        tables.append({"rows": rows, "header_rows": 1 if header is None else header})
    if errors:
        raise ValidationError(errors)
    return tables


def tables_text(tables) -> str:
    blocks = []
    for table in tables or []:
        rows, header = table.get("rows", []), table.get("header_rows", 1)
        lines = [" | ".join(row) for row in rows]
        if header != 1 or len(rows) == 1:
            lines.insert(header, "---")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)

"""The target grammar (domain.md §5): one indicator sentence → its figures, in the order they are printed.

Deterministic rules over the sentence: it is cut at "; " and ". " into statements, a statement at the commas that
start a new figure; each number with its unit of measure becomes a figure whose form comes from the words around it
("đạt tối thiểu X%", "ít nhất", "trên X%", "100% số …", "tăng X% so với …", "X - Y%", "nhóm N … dẫn đầu", "X/Y
thôn", "trong đó …"); a statement without a number is a status ("Duy trì …"), a grade ("đạt loại khá") or
qualitative. Each figure says whether the rules were sure (``uncertain``), so the review page can mark it."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_NUM = re.compile(rf"(?<![\w/.,])({NUMBER})(?!\d)")

# Units of measure the documents print, longest first (a following word outside this list is taken when it is a
# plain noun, and the figure marked uncertain).
UNITS = sorted(
    [
        "%",
        "tấn",
        "con",
        "ha",
        "km",
        "người",
        "hộ",
        "trường",
        "thôn",
        "xã",
        "xã, thị trấn",
        "tiêu chí",
        "đồng",
        "triệu đồng",
        "tỷ đồng",
        "tỷ.đ",
        "nghìn tỷ đồng",
        "nghìn lượt",
        "lượt",
        "tạ/ha",
        "bác sĩ",
        "giường bệnh",
        "HTX",
        "DN",
        "doanh nghiệp",
        "khu, điểm du lịch",
        "công trình",
        "mô hình",
        "lớp",
        "cơ sở",
        "sáng kiến",
        "nhà",
        "lao động",
        "học sinh",
        "điểm",
        "m2",
        "m3",
        "dự án",
        "tổ dân phố",
        "làng",
        "bản",
        "sản phẩm",
        "cây",
    ],
    key=len,
    reverse=True,
)
_UNIT = re.compile(r"\s*(" + "|".join(re.escape(u) for u in UNITS) + r")(?![\wà-ỹ])", re.IGNORECASE)
_BODY = r"(?:HĐND\s+(?:xã|huyện|tỉnh|phường|thị xã)|[Tt]hị xã|[Hh]uyện|[Tt]ỉnh|[Tt]hành phố|[Xx]ã|[Pp]hường)\s+[Gg]iao"
_SOURCE_BEFORE = re.compile(rf"({_BODY})\s*(?:tổng)?\s*:?\s*$")
_SOURCE_AFTER = re.compile(rf"^\s*(?:%\s*)?(?:số\s+)?(?:chỉ tiêu|kế hoạch|dự toán)?[^,;(]*?({_BODY})")
_RELATIVE_AFTER = re.compile(rf"^\s*(?:chỉ tiêu|kế hoạch|dự toán)\b[^,;]*?(?:({_BODY})|giao\b)")
_GRADE = re.compile(r"\bđạt\s+(?:loại\s+)?(khá|tốt|giỏi|xuất sắc|trung bình)(\s+trở lên)?", re.IGNORECASE)
_LEVEL = re.compile(r"(mức độ\s+\d+)")
_RANK = re.compile(r"nhóm\s+(\d+)\s+([^\s,;.]+)\s+(?:[^,;.]*?\s)?dẫn đầu", re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"(?:năm|giai đoạn|khóa|khoá|Đề án|số|ngày|tháng|Chỉ thị|Nghị quyết|mức độ|cả)\s*$", re.I)
_SKIP_AFTER = re.compile(r"^\s*(?:tuổi|vạn dân|năm\b|tháng\b|cấp\b|[/-]\s*20\d\d)", re.I)
_PLANNED = re.compile(r"\b(cơ cấu|chiếm|khoảng|dự toán|tổng chi|tốc độ tăng dân số)\b", re.I)
_STATUS = re.compile(r"^(duy trì|giữ vững chuẩn|xây dựng xã|đạt chuẩn|trạm y tế đạt|không (?:để )?phát sinh)", re.I)
_SPLIT_BEFORE = re.compile(r",\s+(?=(?:duy trì|phổ cập|tuyển quân|huấn luyện)\b)", re.I)
_VERBS = re.compile(
    r"\s*(?:phấn đấu|phần đầu|đạt|là|có|từ|ít nhất|tối thiểu|khoảng|còn|:)\s*$",
    re.IGNORECASE,
)
_LOWER_BETTER = re.compile(r"hộ nghèo|cận nghèo|tai nạn|phạm pháp|tội phạm|ô nhiễm|suy dinh dưỡng", re.I)
# …unless the figure counts help given or poverty left: "Hỗ trợ 500 hộ …, trong đó 120 hộ nghèo", "50 hộ thoát nghèo"
_HELPED = re.compile(r"\b(?:hỗ trợ|giúp đỡ|thoát nghèo|giảm nghèo|vay vốn|xây (?:mới|dựng) nhà)", re.I)


@dataclass
class Figure:
    name: str
    form: str
    direction: str = "up"
    value: str | None = None
    value_high: str | None = None
    total: str | None = None
    grade: str = ""
    unit_of_measure: str = ""
    source: str = "own"
    source_body: str = ""
    context: str = ""
    strict: bool = False
    part_of: str = ""
    uncertain: bool = False
    notes: list = field(default_factory=list)

    def as_dict(self) -> dict:
        counted = self.unit_of_measure not in ("", "%") and "/" not in self.unit_of_measure
        if self.form in ("status", "grade", "qualitative", "relative") or self.unit_of_measure == "%":
            aggregation = "count" if self.form in ("status", "grade", "qualitative") else "average"
        else:
            aggregation = "sum" if counted or self.form == "out_of" else "none"
        return {
            "name": self.name,
            "form": self.form,
            "direction": self.direction,
            "value": self.value,
            "value_high": self.value_high,
            "total": self.total,
            "grade": self.grade,
            "unit_of_measure": self.unit_of_measure,
            "source": self.source,
            "source_body": self.source_body,
            "context": self.context,
            "aggregation": aggregation,
            "weight_name": "",
            "numerator_name": "",
            "reach": "",
            "change_measure": "",
            "strict": self.strict,
            "part_of": self.part_of,
            "targets": [],
        }


def number(text: str) -> str:
    """'1.105' → '1105', '14.040,807' → '14040.807', '7,5' → '7.5', '02' → '2', '18,0' → '18.0', '0.78' → '0.78'."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    whole, _dot, fraction = text.partition(".")
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def _clean_name(text: str) -> str:
    text = re.sub(r"\*+", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-–")
    text = _VERBS.sub("", text).strip(" ,;:.-–")
    text = re.sub(r"\s+(?:đạt|là|có|từ|còn)$", "", text, flags=re.I).strip(" ,;:")
    return text[:1].upper() + text[1:] if text else text


def _statements(sentence: str) -> list[tuple[int, str]]:
    """(offset, text) of each statement: the sentence cut at ';' and at '. ' (a full stop before a new sentence),
    outside parentheses."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (
            ch == ";" or (ch == "." and (i + 1 == len(sentence) or sentence[i + 1] == " ") and not _abbrev(sentence, i))
        ):
            out.append((start, sentence[start:i]))
            start = i + 1
    out.append((start, sentence[start:]))
    return [(o, t) for o, t in out if t.strip(" .;/")]


def _abbrev(text: str, i: int) -> bool:
    """A dot that ends an abbreviation or a number ('tỷ.đ.', 'TT.'), not a sentence."""
    before = text[max(0, i - 4) : i]
    return before.endswith(("tỷ", "TT", "Tp", "TP")) or (i + 1 < len(text) and text[i + 1].isdigit())


@dataclass
class _Hit:
    start: int
    end: int
    value: str
    value_high: str | None = None
    total: str | None = None


def _context_spans(text: str) -> list[tuple[int, int]]:
    """The parentheses that are context ("(lũy kế 24 trường …)", "(Thôn 4,5,6)"), not a "trong đó" list."""
    return [
        (m.start(), m.end())
        for m in re.finditer(r"\(([^()]*)\)", text)
        if not re.match(r"\s*\*?trong đó", m.group(1), re.I)
    ]


def _hits(text: str) -> list[_Hit]:
    """Every number of the statement that is a figure's value, ranges and 'X/Y' joined, years, ages and the
    numbers of a context in parentheses left out."""
    hits = []
    spans = _context_spans(text)
    matches = [m for m in _NUM.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    i = 0
    while i < len(matches):
        m = matches[i]
        raw = m.group(1)
        start, end = m.start(), m.end()
        before, after = text[:start], text[end:]
        i += 1
        if _YEAR_BEFORE.search(before) or _SKIP_AFTER.match(after) or re.fullmatch(r"(19|20)\d\d", raw):
            continue
        if re.search(r"\btrên\s*$", before) and raw == "1" and re.match(r"\s*vạn", after):
            continue
        if re.search(r"\bcòn\s*$", before):
            continue
        hit = _Hit(start, end, number(raw))
        total = re.match(r"\s*/\s*(\d+)(?![\d,.]\d)", after)
        if total:
            hit.total, hit.end = number(total.group(1)), end + total.end()
        else:
            high = re.match(rf"\s*%?\s*[-–]\s*({NUMBER})(?!\d)", after)
            if high:
                hit.value_high, hit.end = number(high.group(1)), end + high.end()
                while i < len(matches) and matches[i].start() < hit.end:
                    i += 1
        hits.append(hit)
    return hits


def parse_sentence(sentence: str) -> list[Figure]:
    figures: list[Figure] = []
    whole = sentence.strip()
    planned_sentence = bool(re.match(r"^\s*cơ cấu", whole, re.I))
    state = {"parent": "", "in_part": False}
    for _offset, statement in _statements(whole):
        figures.extend(_statement(statement, planned_sentence=planned_sentence, state=state))
    return figures


def _statement(text: str, *, planned_sentence: bool, state: dict) -> list[Figure]:
    hits = _hits(text)
    out: list[Figure] = []
    if not hits:
        for part in _SPLIT_BEFORE.split(text):
            if re.fullmatch(r"\W*trong đó\W*", part, re.I):
                state["in_part"] = True
                continue
            out.append(_wordy(part))
        return [f for f in out if f.name]
    cursor = 0
    for index, hit in enumerate(hits):
        if hit.start < cursor:
            continue
        head = text[cursor : hit.start]
        # words that belong to no figure before the first number: "Làm tốt công tác …, trồng rừng mới 50 ha"
        if index == 0 and ", " in head:
            lead, _sep, head_rest = head.rpartition(", ")
            if re.match(r"^\s*(?:làm tốt|giữa vững|giữ vững|nâng cao|tăng cường|thực hiện tốt)", lead, re.I):
                out.append(_wordy(lead))
                head = head_rest
        if re.search(r"\btrong đó\b", head, re.I):
            state["in_part"] = True
        figure, cursor = _figure(text, hit, head, planned_sentence)
        if figure.form in ("at_least", "range") and _LOWER_BETTER.search(text) and not _HELPED.search(text):
            figure.direction = "down"
        if state["in_part"]:
            figure.part_of = state["parent"]
            if "tăng trưởng" in state["parent"].lower() and figure.form == "change":
                figure.form = "at_least"  # the parts of a growth rate are growth rates
            if not figure.name:
                figure.name = f"{state['parent']} ({figure.source_body or figure.value})".strip()
        elif figure.form != "qualitative":
            state["parent"] = figure.name
        if figure.unit_of_measure.endswith("/vạn dân") and out and re.match(r"\s*và\s*$", head):
            if "/" not in out[-1].unit_of_measure:
                out[-1].unit_of_measure += "/vạn dân"
        out.append(figure)
    tail = text[cursor:]
    grade = _GRADE.search(tail)
    if grade:
        out.append(_grade_figure(tail, grade))
    return out


def _figure(text, hit, head, planned_sentence):
    after = text[hit.end :]
    figure = Figure(name="", form="at_least", value=hit.value, value_high=hit.value_high, total=hit.total)
    unit = _UNIT.match(after)
    consumed = hit.end
    if unit:
        figure.unit_of_measure = unit.group(1)
        consumed += unit.end()
        per = re.match(r"\s+trên\s+1\s+vạn dân", text[consumed:])
        if per:
            figure.unit_of_measure += "/vạn dân"
            consumed += per.end()
    else:
        word = re.match(r"\s+([a-zà-ỹđ]+)(?=[\s,;.)]|$)", after)
        if word and word.group(1).lower() not in {"và", "so", "trở", "trên", "đạt", "chỉ", "kế", "trong", "cuối"}:
            figure.unit_of_measure = word.group(1)
            consumed += word.end()
            figure.uncertain = True
    if figure.unit_of_measure.lower() in ("%",):
        figure.unit_of_measure = "%"
    rest = text[consumed:]
    head_l = head.lower()
    name_source = re.split(r",\s+|:\s+(?=[A-ZĐÀ-Ỹ])", head)
    name = _clean_name(name_source[-1] if name_source[-1].strip(" :") else head)
    # source from above or from the council: "Thị xã giao: 81%", "65% chỉ tiêu thị xã giao"
    before_source = _SOURCE_BEFORE.search(head)
    relative = None
    if figure.unit_of_measure == "%":
        relative = _RELATIVE_AFTER.match(rest)
    after_source = _SOURCE_AFTER.match(rest)
    if before_source:
        figure.source_body = before_source.group(1)
        name = _clean_name(head[: before_source.start()].rsplit(",", 1)[-1]) or _clean_name(re.split(r"[,:]", head)[0])
    # the form
    if relative and _at_least(hit.value, 100) and not hit.value_high:
        figure.form = "relative"
        figure.source = "assigned"
        figure.source_body = (relative.group(1) or "").strip()
        consumed += relative.end()
    elif re.search(r"\bvượt\s*$", head_l) and re.match(r"\s*%?\s*so với\s+(?:chỉ tiêu|kế hoạch|dự toán)", rest):
        figure.form, figure.source = "relative", "assigned"
        figure.value = _plus_hundred(hit.value)
        found = re.match(rf"\s*%?\s*so với\s+(?:chỉ tiêu|kế hoạch|dự toán)\s+(\w+\s+[Gg]iao|{_BODY})", rest)
        figure.source_body = found.group(1) if found else ""
        consumed += found.end() if found else 0
    elif figure.total is not None:
        figure.form = "out_of"
    elif rank := _RANK.search(head + text[hit.start : consumed] + rest[:40]):
        figure.form, figure.value, figure.unit_of_measure = "rank", rank.group(1), rank.group(2)
    elif re.search(r"\b(giảm)\b", head_l):
        figure.form, figure.direction = "change", "down"
    elif re.search(r"\btăng\b(?!\s+trưởng)", head_l) and not re.search(r"tốc độ tăng", head_l):
        figure.form = "change"
    elif planned_sentence or _PLANNED.search(head):
        figure.form = "planned"
    elif figure.value_high:
        figure.form = "range"
    if after_source and figure.form != "relative" and not before_source:
        figure.source_body = after_source.group(1)
        consumed = hit.end + after_source.end()
    if figure.source_body:
        figure.source = "council" if figure.source_body.upper().startswith("HĐND") else "assigned"
    if re.search(r"\btrên\s*$", head_l) or re.match(r"\s*trở lên", rest) and re.search(r"trên\s*$", head_l):
        figure.strict = True
    if re.search(r"\bdưới\s*$", head_l):
        figure.direction, figure.strict = "down", True
    if re.match(r"\s*(?:%\s*)?so với\b", rest) and figure.form == "change":
        found = re.match(r"\s*(?:%\s*)?so với[^,;]*", rest)
        consumed += found.end()
    # a parenthesis after the figure is its context, unless it is a "trong đó" list of figures
    rest = text[consumed:]
    context = re.match(r"([^()0-9;]*?)\(([^()]*)\)", rest)
    if context and not re.match(r"\s*\*?trong đó", context.group(2), re.I):
        figure.context = re.sub(r"\*+", "", context.group(2)).strip()
        consumed += context.end()
    left = re.match(r"\s*((?:cuối năm \d{4}\s+)?còn\s+[\d.,]+\s*[^\s\d,;]+)", text[consumed:])
    if left:
        figure.context = left.group(1)
        consumed += left.end()
    trailing = re.match(r"\s*trở lên", text[consumed:])
    if trailing:
        consumed += trailing.end()
    name = name or _clean_name(head)
    for _ in range(2):
        name = re.sub(r"^(?:trong đó|phấn đấu|phần đầu)\s*:?\s*", "", name, flags=re.I)
        name = re.sub(r"\s+(?:trên|dưới|tăng|giảm|thuộc nhóm|đạt|tối thiểu|ít nhất|cho)$", "", name, flags=re.I)
    if len(name) < 3 or re.fullmatch(r"(?:duy trì|xây dựng|thực hiện|hoàn thành|có|đạt)", name, re.I):
        tail = re.match(r"[^,;.]*", text[hit.end :].lstrip(" %")).group(0)
        tail = tail if figure.unit_of_measure == "%" else tail.strip()
        name = f"{name} {tail}" if name and figure.unit_of_measure != "%" else tail
        figure.uncertain = True
    figure.name = _clean_name(name)
    if not figure.name:
        figure.uncertain = True
    return figure, consumed


def _at_least(value: str, limit: int) -> bool:
    try:
        return Decimal(value) >= limit
    except (TypeError, InvalidOperation):
        return False


def _plus_hundred(value: str) -> str:
    return format((Decimal(value) + 100).normalize(), "f")


def _grade_figure(text: str, match) -> Figure:
    name = _clean_name(text[: match.start()].rsplit(",", 1)[-1])
    return Figure(name=name, form="grade", grade=match.group(1))


def _wordy(text: str) -> Figure:
    """A statement without a number: a grade, a status or a qualitative aim."""
    plain = re.sub(r"\*+", "", text).strip(" ,;.:")
    grade = _GRADE.search(plain)
    if grade:
        return _grade_figure(plain, grade)
    level = _LEVEL.search(plain)
    if level:
        return Figure(name=_clean_name(plain[: level.start()]), form="grade", grade=level.group(1))
    if _STATUS.match(plain):
        name = re.sub(r"^(duy trì|giữ vững)\s+", "", plain, flags=re.I)
        return Figure(name=_clean_name(name), form="status")
    if re.search(r"\b(vượt dự toán|theo chỉ tiêu|vượt kế hoạch)\b", plain, re.I):
        body = re.search(_BODY, plain)
        down = bool(re.search(r"\bgiảm\b", plain, re.I))
        name = re.split(r"\s+(?:vượt dự toán|theo chỉ tiêu|vượt kế hoạch)", plain, flags=re.I)[0]
        return Figure(
            name=_clean_name(name),
            form="relative",
            direction="down" if down else "up",
            value="100",
            unit_of_measure="%",
            source="assigned",
            source_body=body.group(0) if body else "",
        )
    if re.search(r"\bgiảm\b", plain, re.I):
        return Figure(name=_clean_name(re.sub(r"\s*giảm\b.*$", "", plain, flags=re.I)), form="change", direction="down")
    return Figure(name=_clean_name(plain), form="qualitative")

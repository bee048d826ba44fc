"""A campaign document as a list of lines → a draft of its JSON form (version 2, ``thidua.campaign/2``)
with, for every item, the number of the source line it came from and whether the rules were unsure of it.

The readers (readers.py) turn a DOCX, a PDF's text layer or a text file into lines; this module knows nothing of
files. Deterministic rules only: the header (issuer, parent body, type, "Số: N/SYMBOL", "Place, ngày … tháng …
năm …", the title over one or more lines), "Căn cứ …" / "Thực hiện …" lines, the contents tree (Roman headings with
their role from keywords, labels 1. / 1.1. / a) / (1) / 1) / - / +, lines broken mid-sentence joined again), the
indicators and their figures (figures.py), "Nơi nhận:", the signature block, the closing paragraph and PHỤ LỤC
tables."""

import datetime
import re
from dataclasses import dataclass, field

from campaigns.doctypes import DOCUMENT_TYPES
from campaigns.importing.figures import parse_sentence
from campaigns.importing.tables import cells_of, group_of, header_rows, indicator_columns, is_group_row, row_sentence

FORMAT = "thidua.campaign/2"

TYPES = {title: code for code, _name, title, _abbr, _std in DOCUMENT_TYPES}
_TYPE_LINE = re.compile(r"^(" + "|".join(sorted(TYPES, key=len, reverse=True)) + r")\b\s*(.*)$")
_MOTTO = re.compile(
    r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc"
)
_NUMBER = re.compile(r"^Số\s*:\s*(\d*)\s*/\s*([^\s]+)\s*$")
_DATE = re.compile(r"^(.*?),\s*ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d{4})\s*$")
_ROMAN = re.compile(r"^(X{0,3}(?:IX|IV|V?I{0,3}))\s*([.\-–])\s*(.+)$")
_ARABIC = re.compile(r"^(\d{1,2})\.\s+(?!\d)(.+)$")
_SUB = re.compile(r"^(\d+\.\s?\d+\.(?:\s?\d+\.)?)\s*(.+)$")
_LETTER = re.compile(r"^([a-zđ])\)\s+(.+)$")
_LETTER_ITEM = re.compile(r"^([a-zđ]\))\s+(.+)$")
_ITEM = re.compile(r"^(?:[-+•]\s+)?(\(\d+\)|\d+\))\s+(.+)$")
_DASH = re.compile(r"^([-+•])\s+(.+)$")
_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*(.+)$")
_APPENDIX = re.compile(r"^(PHỤ LỤC(?:\s+[IVX\d]+)?)\s*[:.]?\s*(.*)$")
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*(.*)$")
_PLACEHOLDER = re.compile(r"^\(?(?:Đã ký|Ký,? ghi rõ họ tên|Ký tên, đóng dấu|Chữ ký số)[^)]*\)?$", re.I)
_LEGAL = re.compile(r"^(Căn cứ|Thực hiện)\s+(.+)$")
_HIGHER = re.compile(
    r"(?:[Tt]hực hiện|[Tt]riển khai)\s+((?:Chỉ thị|Kế hoạch|Phát động|Quyết định|Nghị quyết|Công văn|Hướng dẫn)"
    r"\s+số\s+\d+/[^\s,]+\s+ngày\s+[\d/]+\s+của\s+(?:Ủy ban nhân dân|UBND|Chủ tịch UBND|Chủ tịch Ủy ban nhân dân)"
    r"\s+(?:huyện|tỉnh|xã|thị xã|thành phố|quận|phường)(?:\s+[A-ZĐÂÊÔƠƯÁÀẢÃẠ][\wà-ỹ]*)*)",
)
_LEGAL_LINE = re.compile(
    r"^(?:Căn cứ|Thực hiện)\s+(?:Luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Kế hoạch|Thông tư|Công văn|Hướng dẫn)\b"
)
_THEME = re.compile(r"chủ đề[^“\"]*?[:]?\s*\**[“\"]([^”\"]+)[”\"]", re.I)
_PARAGRAPH_END = re.compile(r"[.:!?…]\**$|\./\.\**$")
_SENTENCE_END = re.compile(r"[.;:!?…]\**$|\./\.\**$")

ROLES = [
    (re.compile(r"CHỈ TIÊU", re.I), "targets"),
    (re.compile(r"CHỦ ĐỀ", re.I), "theme"),
    (re.compile(r"MỤC ĐÍCH|YÊU CẦU", re.I), "purpose"),
    (re.compile(r"MỤC TIÊU", re.I), "objective"),
    (re.compile(r"NỘI DUNG", re.I), "contents"),
    (re.compile(r"THỜI GIAN", re.I), "duration"),
    (re.compile(r"TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM|PHÂN CÔNG", re.I), "organisation"),
]
FIELDS = [
    (re.compile(r"môi trường", re.I), "environment"),
    (re.compile(r"quốc phòng|an ninh", re.I), "defence"),
    (re.compile(r"kinh tế", re.I), "economy"),
    (re.compile(r"xã hội|văn hóa|văn hoá|giáo dục|y tế", re.I), "society"),
    (re.compile(r"chính trị|xây dựng Đảng", re.I), "politics"),
]


@dataclass
class Line:
    number: int  # 1-based, in the source the reader gave
    text: str


@dataclass
class Draft:
    """The parser's result: the campaign's JSON form, where each item came from and which the rules were unsure
    of. ``provenance`` maps a path ("sections[1].children[0].indicators[2].figures[0]", "number", "signer.name")
    to a line number of ``lines``; ``uncertain`` holds paths the user should check."""

    data: dict
    lines: list[str]
    provenance: dict[str, int] = field(default_factory=dict)
    uncertain: set[str] = field(default_factory=set)

    @property
    def campaign(self) -> dict:
        return self.data["campaign"]


def clean(text: str) -> str:
    """A source line without the markup of a text export: heading hashes, the bold marks around a whole line or a
    label, a trailing hard break."""
    text = text.replace("\u00a0", " ").replace("\t", " ").rstrip()
    text = re.sub(r"^#{1,6}\s*", "", text.strip())
    text = re.sub(r"\s+", " ", text).strip()
    for _ in range(2):
        if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
            text = text[2:-2].strip()
        elif text.count("**") == 1:
            text = text.replace("**", "").strip()
    label = re.match(r"^\*\*([\dIVX.\s\-)(]+)\*\*\s*(.*)$", text)
    if label:
        text = f"{label.group(1).strip()} {label.group(2)}".strip()
    return text


def _strip_marks(text: str) -> str:
    return re.sub(r"\*+", "", text).strip()


def _is_upper(text: str) -> bool:
    letters = [c for c in _strip_marks(text) if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _paragraphs(lines: list[Line]) -> list[Line]:
    """Lines joined into paragraphs where a line was broken mid-sentence: the next line starts in lower case, or with
    a figure after a line that stops on a word in lower case (even after a blank line: a page break), or the line
    does not end a paragraph (a ';' may end a line inside one) and the next one, with no blank line between, is no
    label. The readers put a blank line after a DOCX paragraph and after a PDF line that stops short of the
    margin."""
    out: list[Line] = []
    joinable = blank = False
    for line in lines:
        text = line.text
        if not text:
            blank = True
            continue
        # "… không quá" / "10% tổng số …": a figure that goes on a sentence left open by a word in lower case
        figure_on = text[:1].isdigit() and out and out[-1].text[-1:].islower()
        lower = (text[:1].islower() or figure_on) and not _starts_block(text)
        if (
            out
            and joinable
            and (lower or (not blank and not _starts_block(text) and not _PARAGRAPH_END.search(out[-1].text)))
            and not (text[:1].isupper() and _short_heading(out[-1].text))
        ):
            glue = "" if out[-1].text.endswith("/") else " "
            out[-1] = Line(out[-1].number, f"{out[-1].text}{glue}{text}")
        else:
            out.append(Line(line.number, text))
        joinable, blank = not _hard_line(text), False
    return out


def _short_heading(text: str) -> bool:
    """A labelled line far shorter than a wrapped one ("1. Mục đích"): what follows in capitals is its body."""
    return len(text) < 50 and _starts_block(text)


def _starts_block(text: str) -> bool:
    return bool(
        text.startswith("|")
        or _ROMAN.match(text)
        and _is_upper(_ROMAN.match(text).group(3))
        or _ARABIC.match(text)
        or _SUB.match(text)
        or _LETTER.match(text)
        or _ITEM.match(text)
        or _DASH.match(text)
        or _RECIPIENTS.match(text)
        or _NUMBER.match(text)
        or _DATE.match(text)
        or _AUTHORITY.match(text)
        or _APPENDIX.match(text)
        or _LEGAL_LINE.match(text)
        or _is_upper(text)
    )


def _hard_line(text: str) -> bool:
    """A line after which no continuation is joined: a heading in capitals, a header line."""
    return (
        text.startswith("|")
        or _is_upper(text)
        or bool(_NUMBER.match(text) or _DATE.match(text) or _RECIPIENTS.match(text))
    )


def parse_lines(raw_lines: list[str], *, tables: list[dict] | None = None) -> Draft:
    lines = [Line(i + 1, clean(text)) for i, text in enumerate(raw_lines)]
    draft = Draft(data={"format": FORMAT, "campaign": {}}, lines=list(raw_lines))
    _Parser(draft, lines, tables or []).run()
    return draft


class _Parser:
    def __init__(self, draft: Draft, lines: list[Line], tables: list[dict]):
        self.draft, self.tables = draft, tables
        self.c = draft.data["campaign"]
        # the motto of the right column is no part of the document's own text
        self.lines = []
        for line in lines:
            text = line.text
            if _MOTTO.search(text):
                text = _MOTTO.sub("", text).strip(" -–")
            if text or not line.text:
                self.lines.append(Line(line.number, text))

    def at(self, path: str, line: int | Line, *, unsure: bool = False) -> None:
        self.draft.provenance[path] = line.number if isinstance(line, Line) else line
        if unsure:
            self.draft.uncertain.add(path)

    def run(self) -> None:
        c = self.c
        c.update(
            issuing_unit=None,
            parent_body="",
            issuing_body="",
            doc_type="",
            number=None,
            symbol="",
            place="",
            issued_on=None,
            year=None,
            title="",
            kind="regular",
            status="draft",
            approve_children_first=False,
            higher_document="",
            higher_campaign=None,
            legal_bases=[],
            preamble="",
            theme="",
            closing="",
            signer={
                "authority": "",
                "on_behalf_of": "",
                "deputy_authority": "",
                "deputy_on_behalf_of": "",
                "title": "",
                "name": "",
            },
            recipients=[],
            local_units=[],
            participants=[],
            clusters=[],
            stages=[],
            award_criteria=[],
            other_participants=[],
            sections=[],
            appendices=[],
        )
        rest = self.header(self.lines)
        appendix = next((i for i, line in enumerate(rest) if _APPENDIX.match(line.text)), len(rest))
        body, tail = self.split_tail(rest[:appendix])
        tail += rest[appendix:]
        paragraphs = _paragraphs(body)
        preamble, sections = self.split_sections(paragraphs)
        self.preamble(preamble)
        self.sections(sections)
        self.tail(tail)
        if not c["theme"]:
            for text in [c["preamble"], *self._bodies(c["sections"])]:
                found = _THEME.search(text or "")
                if found:
                    c["theme"] = found.group(1).strip(" *")
                    break
        if c["year"] is None:
            years = re.findall(r"năm (20\d\d)", c["title"] + " " + c["preamble"][:400])
            if years:
                c["year"] = int(years[-1])
                self.draft.uncertain.add("year")

    # ---- header: everything before the type line

    def header(self, lines: list[Line]) -> list[Line]:
        c = self.c
        type_index = None
        for index, line in enumerate(lines[:40]):
            found = _TYPE_LINE.match(line.text)
            if found and (not found.group(2) or not _is_upper(found.group(2))):
                type_index = index
                break
        if type_index is None:
            self.draft.uncertain.add("doc_type")
            return lines
        bodies = []
        for line in lines[:type_index]:
            text = line.text
            if not text:
                continue
            number = _NUMBER.match(text)
            date = _DATE.match(text)
            both = re.match(r"^(Số\s*:\s*\d*\s*/\s*\S+)\s+(\S.*?,\s*ngày.*)$", text)
            if both and not number:
                number, date = _NUMBER.match(both.group(1).strip()), _DATE.match(both.group(2).strip())
            if number:
                c["number"] = number.group(1) or None
                c["symbol"] = number.group(2).replace("PD-", "PĐ-")
                self.at("number", line)
                self.at("symbol", line)
            if date:
                self.date(date, line)
            if not number and not date and _is_upper(text):
                bodies.append(line)
        if bodies:
            # "ỦY BAN NHÂN DÂN" alone is the first half of a name broken over two lines
            joined: list[Line] = []
            for b in bodies:
                if joined and joined[-1].text in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
                    joined[-1] = Line(joined[-1].number, f"{joined[-1].text} {b.text}")
                else:
                    joined.append(b)
            if len(joined) >= 2:
                c["parent_body"] = joined[0].text
                self.at("parent_body", joined[0])
                c["issuing_body"] = " ".join(b.text for b in joined[1:])
                self.at("issuing_body", joined[1])
            else:
                c["issuing_body"] = joined[0].text
                self.at("issuing_body", joined[0])
        type_line = lines[type_index]
        found = _TYPE_LINE.match(type_line.text)
        c["doc_type"] = TYPES[found.group(1)]
        self.at("doc_type", type_line)
        title_parts, index = [], type_index + 1
        if found.group(2):
            title_parts.append(found.group(2))
        while index < len(lines) and not lines[index].text and not title_parts:
            index += 1
        if not title_parts and index < len(lines):
            title_parts.append(lines[index].text)
            index += 1
        # the title goes on over the lines that continue it (in lower case, or after a line that ends mid-phrase)
        while index < len(lines) and not _starts_block(lines[index].text or "-"):
            if not lines[index].text:  # a blank inside the title: it goes on only in lower case
                if index + 1 < len(lines) and lines[index + 1].text[:1].islower():
                    index += 1
                    continue
                break
            nxt = lines[index].text
            if nxt[:1].islower() or (
                len(title_parts[-1]) > 50
                and not _SENTENCE_END.search(title_parts[-1])
                and len(nxt) < 90
                and not nxt.startswith(("Căn cứ", "Thực hiện", "Năm "))
            ):
                title_parts.append(nxt)
                index += 1
            else:
                break
        c["title"] = _strip_marks(" ".join(title_parts))
        self.at(
            "title",
            type_line if found.group(2) else lines[type_index + 1 if type_index + 1 < len(lines) else type_index],
        )
        if c["doc_type"] == "pd" and c["symbol"] and not c["symbol"].startswith("PĐ"):
            self.draft.uncertain.add("symbol")
        return lines[index:]

    def date(self, found, line: Line) -> None:
        c = self.c
        c["place"] = _strip_marks(found.group(1))
        self.at("place", line)
        day, month, year = found.group(2), found.group(3), int(found.group(4))
        c["year"] = year
        self.at("year", line)
        if day and month:
            try:
                c["issued_on"] = datetime.date(year, int(month), int(day)).isoformat()
            except ValueError:
                self.draft.uncertain.add("issued_on")
            self.at("issued_on", line)

    # ---- the body and the tail (Nơi nhận, signature, appendices)

    def split_tail(self, lines: list[Line]) -> tuple[list[Line], list[Line]]:
        for index, line in enumerate(lines):
            if _RECIPIENTS.match(line.text):
                return lines[:index], lines[index:]
        # no "Nơi nhận": the signature block is the last lines in capitals
        end = len(lines)
        while end and not lines[end - 1].text:
            end -= 1
        start = end
        while start and (
            _is_upper(lines[start - 1].text) or _name_like(lines[start - 1].text) or not lines[start - 1].text
        ):
            start -= 1
            if end - start > 6:
                break
        return lines[:start], lines[start:]

    def split_sections(self, paragraphs: list[Line]) -> tuple[list[Line], list[Line]]:
        for index, line in enumerate(paragraphs):
            roman = _ROMAN.match(line.text)
            if roman and roman.group(1) and _is_upper(roman.group(3)):
                return paragraphs[:index], paragraphs[index:]
        return paragraphs, []

    def preamble(self, paragraphs: list[Line]) -> None:
        c = self.c
        kept = []
        for line in paragraphs:
            legal = _LEGAL.match(line.text)
            if legal and len(line.text) < 400 and re.search(r"\bsố\b|\bngày\b|Luật|Nghị định", legal.group(2)):
                kind = "can_cu" if legal.group(1) == "Căn cứ" else "thuc_hien"
                self.at(f"legal_bases[{len(c['legal_bases'])}]", line)
                c["legal_bases"].append({"kind": kind, "text": legal.group(2).strip()})
                if kind == "thuc_hien" and not c["higher_document"]:
                    c["higher_document"] = legal.group(2).strip().rstrip(";.,")
                    self.at("higher_document", line)
                continue
            kept.append(line)
            if not c["higher_document"]:
                higher = _HIGHER.search(line.text)
                if higher:
                    c["higher_document"] = higher.group(1)
                    self.at("higher_document", line, unsure=True)
        c["preamble"] = "\n\n".join(line.text for line in kept)
        if kept:
            self.at("preamble", kept[0])

    # ---- the contents tree

    def sections(self, paragraphs: list[Line]) -> None:
        stack: list[tuple[int, dict, str]] = []  # (level, section, path)
        tops = self.c["sections"]
        last_indicator = None
        for line in _table_runs(paragraphs):
            if isinstance(line, list):  # the rows of a table, "| … |"
                if stack:
                    self.table(*stack[-1][1:], line)
                last_indicator = None
                continue
            text = line.text
            roman = _ROMAN.match(text)
            level, label, rest = None, "", ""
            if roman and roman.group(1) and _is_upper(roman.group(3)):
                level, sep = 1, roman.group(2)
                label = f"{roman.group(1)}." if sep == "." else f"{roman.group(1)} -"
                rest = roman.group(3)
            elif (found := _SUB.match(text)) and stack:
                level, label, rest = 3, re.sub(r"\s+", " ", found.group(1)), found.group(2)
            elif (found := _ARABIC.match(text)) and stack and _numbered_target(stack, found.group(2)):
                while len(stack) > 1:  # "1. Tỷ lệ … trên 85%." right under a targets part: an indicator of it
                    stack.pop()
                self.indicator(stack[-1][1], stack[-1][2], f"{found.group(1)}.", found.group(2), line)
                last_indicator = stack[-1][1]["indicators"][-1]
                continue
            elif (found := _ARABIC.match(text)) and stack:
                level, label, rest = 2, f"{found.group(1)}.", found.group(2)
            elif (found := _LETTER.match(text)) and stack and stack[-1][1]["role"] != "targets":
                level, label, rest = 4, f"{found.group(1)})", found.group(2)
            if level is not None:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                parent = stack[-1] if stack else None
                section = self.section(label, rest, parent[1] if parent else None, level)
                siblings = parent[1]["children"] if parent else tops
                path = f"{parent[2]}.children[{len(siblings)}]" if parent else f"sections[{len(siblings)}]"
                siblings.append(section)
                self.at(path, line)
                stack.append((level, section, path))
                last_indicator = None
                if not section["heading"] and rest:
                    section["body"] = rest
                continue
            if not stack:
                continue
            _level, section, path = stack[-1]
            item = _ITEM.match(text) or _DASH.match(text) or _LETTER_ITEM.match(text)  # "a)" lists targets too
            if section["role"] == "targets" and item:
                self.indicator(section, path, item.group(1), item.group(2), line)
                last_indicator = section["indicators"][-1]
                continue
            if (
                section["role"] == "targets"
                and last_indicator is not None
                and not _SENTENCE_END.search(last_indicator["sentence"])
            ):
                last_indicator["sentence"] += " " + text
                continue
            section["body"] = f"{section['body']}\n\n{text}" if section["body"] else text
        self.closing()
        self.stages_and_awards(self.c["sections"])

    def stages_and_awards(self, sections) -> None:
        """Stages (đợt) and deadlines from the duration part; award criteria from any sentence naming an award; the
        participants that are no units of the official lists from the "Đối tượng, phạm vi" paragraph."""
        c = self.c
        for path, section in _walk(sections):
            scope = bool(re.match(r"^(?:Đối tượng|Phạm vi)", section["heading"], re.I))
            for paragraph in section["body"].split("\n\n") if section["body"] else []:
                found = re.match(r"^[-+•]?\s*(?:Đối tượng|Phạm vi)[^:]{0,60}:\s*(.+)$", paragraph, re.I)
                if found or scope:
                    for name, kind in _other_participants(found.group(1) if found else paragraph):
                        self.draft.provenance[f"other_participants[{len(c['other_participants'])}]"] = (
                            self.draft.provenance.get(path, 0)
                        )
                        c["other_participants"].append({"name": name, "kind": kind})
                if section["role"] == "duration":
                    stage = _stage(paragraph)
                    if stage and stage["starts_on"] == _LAUNCH:
                        stage["starts_on"] = c.get("issued_on")
                    if stage:
                        self.draft.provenance[f"stages[{len(c['stages'])}]"] = self.draft.provenance.get(path, 0)
                        c["stages"].append(stage)
                for sentence in re.split(r"(?<=[.;])\s+", paragraph):
                    for item in _awards(sentence):
                        where = f"award_criteria[{len(c['award_criteria'])}]"
                        self.draft.provenance[where] = self.draft.provenance.get(path, 0)
                        if not item["award"] and not item["quota_kind"]:
                            self.draft.uncertain.add(where)
                        c["award_criteria"].append(item)

    def section(self, label: str, rest: str, parent: dict | None, level: int) -> dict:
        text = rest.strip()
        plain = _strip_marks(text)
        heading_like = level == 1 or not _SENTENCE_END.search(plain) or (len(plain) <= 60 and plain.count(". ") == 0)
        if level > 1 and re.match(r"^(Mục tiêu|Mục đích|Yêu cầu)\s*:", plain):
            heading_like = False
        heading = plain if heading_like else ""
        probe = plain.upper() if level == 1 else plain
        role = parent["role"] if parent else "other"
        for pattern, name in ROLES:
            if pattern.search(probe) and (level == 1 or name in ("targets", "objective", "purpose")):
                if level > 1 and name == "targets" and not re.match(r"^(?:Các\s+)?chỉ tiêu", plain, re.I):
                    continue
                if level > 1 and name == "purpose" and role != "purpose":
                    continue
                if level > 1 and name == "objective" and not re.match(r"^Mục tiêu", plain):
                    continue
                role = name
                break
        field = ""
        if role == "targets" and level > 1:
            for pattern, name in FIELDS:
                if heading and pattern.search(heading):
                    field = name
                    break
        return {
            "label": label,
            "heading": heading,
            "body": "",
            "role": role,
            "field": field,
            "indicators": [],
            "children": [],
        }

    def table(self, section: dict, path: str, rows: list[Line]) -> None:
        """A table in the contents: an indicator table (its header names the indicator and a value column) gives an
        indicator a row, its group rows sections of the part it stands in; any other table stays in the text."""
        cells = [(cells_of(line.text), line) for line in rows]
        cells = [(row, line) for row, line in cells if row]
        start = next((i for i, (row, _line) in enumerate(cells) if indicator_columns(row)), None)
        if start is None or start > 1:
            text = "\n".join(line.text for line in rows)
            section["body"] = f"{section['body']}\n\n{text}" if section["body"] else text
            return
        columns = indicator_columns(cells[start][0])
        group, group_path = section, path
        for row, line in cells[start + 1 :]:
            if is_group_row(row, columns):
                label, heading = group_of(row, columns)
                group = self.section(label, heading, section, 2)
                group["role"] = "targets"
                group["field"] = group["field"] or next((f for rx, f in FIELDS if rx.search(heading)), "")
                group_path = f"{path}.children[{len(section['children'])}]"
                section["children"].append(group)
                self.at(group_path, line)
                continue
            label, name, sentence, unit = row_sentence(row, columns)
            if not name:
                continue
            self.indicator(group, group_path, label, sentence, line)
            here = f"{group_path}.indicators[{len(group['indicators']) - 1}]"
            figures = group["indicators"][-1]["figures"]
            if len(figures) == 1:
                figures[0]["name"] = re.sub(r"^[Tt]rong đó\s*:?\s*", "", name) or name
            previous = group["indicators"][-2]["figures"] if len(group["indicators"]) > 1 else []
            if re.match(r"^[Tt]rong đó\b", name) and previous and figures:  # a sub-row: a part of the row above
                figures[0]["part_of"] = previous[0]["name"]
            for number, figure in enumerate(figures):  # a unit other than the column's, a value of no unit, words
                unsure = unit and figure["unit_of_measure"] and figure["unit_of_measure"] != unit
                unsure = unsure or (figure["value"] and not figure["unit_of_measure"])
                if unsure or figure["form"] == "qualitative":
                    self.draft.uncertain.add(f"{here}.figures[{number}]")

    def indicator(self, section: dict, path: str, label: str, sentence: str, line: Line) -> None:
        index = len(section["indicators"])
        here = f"{path}.indicators[{index}]"
        figures = parse_sentence(sentence)
        section["indicators"].append(
            {
                "label": label,
                "sentence": sentence,
                "field": section["field"],
                "figures": [f.as_dict() for f in figures],
            }
        )
        self.at(here, line)
        for number, figure in enumerate(figures):
            self.at(f"{here}.figures[{number}]", line, unsure=figure.uncertain)
        if not figures:
            self.draft.uncertain.add(here)

    def closing(self) -> None:
        """The closing call: the last unlabelled paragraph of the last part, when it calls on everyone ("… phát
        động …, kêu gọi …", "Đề nghị …", "Căn cứ các nội dung trên …") or ends with "./."."""
        c = self.c
        if not c["sections"]:
            return
        node = c["sections"][-1]
        while node["children"] and not node["body"]:
            node = node["children"][-1]
        for holder in (c["sections"][-1], node):
            parts = holder["body"].split("\n\n") if holder["body"] else []
            if len(parts) >= 1 and (holder is not node or len(parts) > 1 or holder["children"]):
                last = parts[-1]
                if re.search(r"kêu gọi|^Đề nghị|^Căn cứ các nội dung|\./\.$", last):
                    c["closing"] = last
                    holder["body"] = "\n\n".join(parts[:-1])
                    return

    # ---- Nơi nhận, the signature, appendices

    def tail(self, lines: list[Line]) -> None:
        c = self.c
        appendix_at = next((i for i, line in enumerate(lines) if _APPENDIX.match(line.text)), None)
        block = lines if appendix_at is None else lines[:appendix_at]
        signer_lines: list[Line] = []
        in_recipients = False
        for line in block:
            text = line.text
            if not text or _PLACEHOLDER.match(text):
                continue
            found = _RECIPIENTS.match(text)
            if found:
                in_recipients = True
                text = found.group(1).strip()
                if not text:
                    continue
            dash = re.match(r"^[-–+•]\s*(.+)$", text)
            if in_recipients and (dash or re.match(r"^Lưu\b", text)):
                self.at(f"recipients[{len(c['recipients'])}]", line)
                c["recipients"].append((dash.group(1) if dash else text).strip())
            elif _is_upper(text) or _name_like(text):
                signer_lines.append(line)
            elif in_recipients and c["recipients"] and not _SENTENCE_END.search(c["recipients"][-1]):
                c["recipients"][-1] += " " + text
        self.signer(signer_lines)
        if appendix_at is not None:
            self.appendices(lines[appendix_at:])

    def signer(self, lines: list[Line]) -> None:
        s = self.c["signer"]
        upper = [line for line in lines if _is_upper(line.text)]
        names = [line for line in lines if not _is_upper(line.text)]
        if names:
            s["name"] = _strip_marks(names[-1].text)
            self.at("signer.name", names[-1])
        texts = [_strip_marks(line.text) for line in upper]
        if not texts:
            self.draft.uncertain.add("signer")
            return
        self.at("signer", upper[0])
        first = _AUTHORITY.match(texts[0])
        if first:
            s["authority"], s["on_behalf_of"] = f"{first.group(1)}.", first.group(2).strip()
            remaining = texts[1:]
            second = _AUTHORITY.match(remaining[0]) if remaining else None
            if second:
                s["deputy_authority"], s["deputy_on_behalf_of"] = f"{second.group(1)}.", second.group(2).strip()
                remaining = remaining[1:]
            s["title"] = " ".join(remaining)
        else:
            s["title"] = " ".join(texts)
        if len(texts) > 3:
            self.draft.uncertain.add("signer")

    def appendices(self, lines: list[Line]) -> None:
        c = self.c
        current = None
        tables = list(self.tables)
        for line in lines:
            text = line.text
            found = _APPENDIX.match(text)
            if found:
                current = {"label": found.group(1), "title": found.group(2), "subtitle": "", "body": "", "tables": []}
                self.at(f"appendices[{len(c['appendices'])}]", line)
                c["appendices"].append(current)
                continue
            if current is None or not text:
                continue
            if text.startswith("|") or text.startswith("[[table"):
                if text.startswith("[[table") and tables:
                    current["tables"].append(tables.pop(0))
                    continue
                cells = [cell.strip() for cell in text.strip("|").split("|")]
                if all(re.fullmatch(r":?-+:?", cell) for cell in cells if cell):
                    continue
                if not current["tables"] or current.get("_closed"):
                    current["tables"].append({"rows": [], "header_rows": 1})
                    current.pop("_closed", None)
                current["tables"][-1]["rows"].append(cells)
                continue
            if current["tables"]:
                current["_closed"] = True
            if not current["title"] and _is_upper(text):
                current["title"] = text
            elif not current["subtitle"] and text.startswith("("):
                current["subtitle"] = text
            else:
                current["body"] = f"{current['body']}\n\n{text}" if current["body"] else text
        for appendix in c["appendices"]:
            appendix.pop("_closed", None)
            for table in appendix["tables"]:
                table["header_rows"] = header_rows(table["rows"], table["header_rows"])

    def _bodies(self, sections):
        for section in sections:
            yield section["body"]
            yield from self._bodies(section["children"])


def _table_runs(paragraphs: list[Line]):
    """The paragraphs, each run of table rows ("| … |") as one list."""
    run: list[Line] = []
    for line in paragraphs:
        if line.text.startswith("|"):
            run.append(line)
            continue
        if run:
            yield run
            run = []
        yield line
    if run:
        yield run


def _numbered_target(stack, rest: str) -> bool:
    """A numbered line of a targets part that is a target, not a heading: the part has no numbered headings of its
    own yet, the line is one short sentence ending in a full stop, names no group ("Các chỉ tiêu …", "Về …", "Mục
    tiêu: …") and has a figure the grammar reads."""
    level, section, _path = stack[0]
    if len(stack) > 1 or section["role"] != "targets" or section["children"] or not rest.rstrip("*").endswith("."):
        return False
    plain = _strip_marks(rest)
    if len(plain) > 200 or re.match(
        r"^(?:(?:Các\s+|Nhóm\s+)?(?:chỉ tiêu|tiêu chí|về)\b|(?:Mục tiêu|Mục đích|Yêu cầu)\s*:)", plain, re.I
    ):
        return False
    return any(not figure.uncertain for figure in parse_sentence(rest))


def _walk(sections, path="sections"):
    for index, section in enumerate(sections):
        here = f"{path}[{index}]"
        yield here, section
        yield from _walk(section["children"], f"{here}.children")


_DMY = r"(\d{1,2})/(\d{1,2})/(\d{4})"


def _iso(day, month, year) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


_LAUNCH = "launch"


def _stage(text: str) -> dict | None:
    """ "Đợt 1: từ ngày 05/9/2025 đến ngày 31/12/2025." or "Thời hạn gửi báo cáo … trước ngày 15/7/2026." """
    found = re.match(
        rf"^(Đợt\s+\d+|Giai đoạn\s+\d+)\s*:?\s*từ ngày\s+(?:{_DMY}|(phát động|ban hành)[^,;]*?)\s+đến(?: hết)?"
        rf" ngày\s+{_DMY}",
        text,
        re.I,
    )
    if found:
        due = re.search(rf"(?:báo cáo|gửi)[^;.]*?(?:trước|chậm nhất)(?: ngày)?\s+{_DMY}", text, re.I)
        return {
            "name": found.group(1),
            # "từ ngày phát động": the document's date, filled in by the caller
            "starts_on": _LAUNCH if found.group(5) else _iso(*found.group(2, 3, 4)),
            "ends_on": _iso(*found.group(6, 7, 8)),
            "deadline": _iso(*due.groups()) if due else None,
            "text": text,
        }
    found = re.match(rf"^(Thời hạn[^,;]*?)\s*(?:trước|chậm nhất|không quá)(?: ngày)?\s+{_DMY}", text, re.I)
    if found:
        return {
            "name": found.group(1).strip(),
            "starts_on": None,
            "ends_on": None,
            "deadline": _iso(*found.group(2, 3, 4)),
            "text": text,
        }
    return None


_GIVER = r"Thủ tướng Chính phủ|Chủ tịch (?:UBND|Ủy ban nhân dân) (?:tỉnh|xã|huyện|thành phố|phường)"
_AWARD = re.compile(
    r"(Bằng khen|Giấy khen|Cờ thi đua|Chiến sĩ thi đua cơ sở|Chiến sĩ thi đua cấp tỉnh|Tập thể lao động tiên tiến"
    r"|Tập thể lao động xuất sắc|Lao động tiên tiến)(?: của)?\s*((?:" + _GIVER + r")(?:\s+[A-ZĐ][\wà-ỹ]*)*)?",
)
# The award as printed → its code in the award catalogue (awards/catalogue.py AWARD_TYPES), by subject where the
# catalogue has one for a collective and one for a person; a Bằng khen of the Prime Minister has none.
AWARD_CODES = {
    "Giấy khen": {"collective": "giay-khen-tt", "individual": "giay-khen"},
    "Bằng khen": {"collective": "bang-khen-tinh-tt", "individual": "bang-khen-tinh"},
    "Cờ thi đua": {"collective": "co-thi-dua-tinh", "": "co-thi-dua-tinh"},
    "Chiến sĩ thi đua cơ sở": {"individual": "cstdcs", "": "cstdcs"},
    "Chiến sĩ thi đua cấp tỉnh": {"individual": "cstd-tinh", "": "cstd-tinh"},
    "Lao động tiên tiến": {"individual": "ldtt", "": "ldtt"},
    "Tập thể lao động tiên tiến": {"collective": "ttldtt", "": "ttldtt"},
    "Tập thể lao động xuất sắc": {"collective": "ttldxs", "": "ttldxs"},
}


def award_code(award: str, giver: str, subject: str) -> str:
    if award == "Bằng khen" and giver.startswith("Thủ tướng"):
        return ""
    return AWARD_CODES.get(award, {}).get(subject, "")


def _awards(sentence: str) -> list[dict]:
    """The award criteria of a sentence: "mỗi thôn 01 tập thể và 01 cá nhân" (per unit, one each), "03 tập thể dẫn
    đầu" (top 3), "không quá 10% tổng số" (a share cap), "không quá 05 cá nhân" or "cho 05 tập thể, 10 cá nhân" (a
    count cap); the award the sentence names first, with its catalogue code for the subject."""
    award = _AWARD.search(sentence)
    if not award and not re.search(r"khen thưởng", sentence, re.I):
        return []
    award_text = giver = ""
    if award:
        giver = award.group(2) or ""
        if not giver:
            before = re.search(rf"({_GIVER})\s+(?:tặng|khen thưởng|trao)\s*$", sentence[: award.start()])
            giver = before.group(1) if before else ""
        giver = re.sub(r"\s+(?:cho|tặng)$", "", giver.strip())
        award_text = award.group(1) + (f" của {giver}" if giver else "")
    if not award and not re.search(r"không quá|dẫn đầu|\bmỗi\b", sentence):
        return []
    items = []

    def item(subject, kind, value):
        items.append(
            {
                "subject": subject,
                "award": award_code(award.group(1), giver, subject) if award else "",
                "award_text": award_text,
                "quota_kind": kind,
                "quota_value": value,
                "text": sentence,
            }
        )

    per = re.search(r"\bmỗi\s+\w+\s+(\d+)\s+tập thể(?:\s+và\s+(\d+)\s+cá nhân)?", sentence)
    if per:
        item("collective", "per_unit", number_text(per.group(1)))
        if per.group(2):
            item("individual", "per_unit", number_text(per.group(2)))
    top = re.search(r"(\d+)\s+(tập thể|đơn vị|cá nhân|xã|thôn)\s+dẫn đầu", sentence)
    if top:
        item("individual" if top.group(2) == "cá nhân" else "collective", "top_n", number_text(top.group(1)))
    counts = re.search(r"\bcho\s+(\d+)\s+(tập thể|cá nhân)(?:\s*(?:,|và)\s*(\d+)\s+(tập thể|cá nhân))?", sentence)
    if counts and not per and not top:
        for value, whom in (counts.group(1, 2), counts.group(3, 4)):
            if value:
                item("individual" if whom == "cá nhân" else "collective", "max_count", number_text(value))
    for cap in re.finditer(r"không quá\s+(\d+(?:,\d+)?)\s*(%|cá nhân|tập thể)", sentence):
        whom = re.findall(r"cá nhân|tập thể", sentence[: cap.start()])
        subject = {"cá nhân": "individual", "tập thể": "collective"}.get(cap.group(2), "")
        subject = subject or {"cá nhân": "individual", "tập thể": "collective"}.get(whom[-1] if whom else "", "")
        item(subject, "share_cap" if cap.group(2) == "%" else "max_count", number_text(cap.group(1)))
    if not items and award:
        whom = re.search(r"\b(tập thể|cá nhân)\b", sentence[award.end() :])
        item({"tập thể": "collective", "cá nhân": "individual"}.get(whom.group(1) if whom else "", ""), "", None)
    return items


# The kinds of participants that are no units of the official lists, the first that matches (a thôn, a cơ quan, the
# cán bộ or the Nhân dân are the units' own and match none).
PARTICIPANT_KINDS = (
    (
        re.compile(r"Trung ương|đóng (?:chân )?trên địa bàn|Kho bạc|Chi cục|Cục Thuế|Ngân hàng|Bảo hiểm xã hội"),
        "central_agency",
    ),
    (re.compile(r"doanh nghiệp|Công ty|Hợp tác xã|\bHTX\b|Tập đoàn", re.I), "enterprise"),
    (re.compile(r"^(?:[Cc]ác\s+)?[Ss]ở\b"), "department"),
    (
        re.compile(
            r"Mặt trận|đoàn thể|Hội (?:Liên hiệp|Nông dân|Cựu chiến binh|Người cao tuổi)|Đoàn Thanh niên|Liên đoàn"
        ),
        "mass_org",
    ),
    (re.compile(r"\bngành\b"), "sector"),
)


def _other_participants(text: str) -> list[tuple[str, str]]:
    """(name, kind) of the participants a scope paragraph lists that are no official units: "…; Hợp tác xã Nông
    nghiệp Thạch Long, Công ty TNHH May Hà Tĩnh; Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể …". The list
    is cut at ";", and at "," or " và " where each part names a participant of its own."""
    out = []
    for piece in re.split(r";\s*", text.strip().rstrip(".")):
        parts = re.split(r",\s+|\s+và\s+(?=các\s+|Công ty|Hợp tác xã|Ủy ban|Hội|Đoàn)", piece)
        named = [_participant_kind(part) for part in parts]
        for part, kind in zip(parts, named, strict=True) if all(named) else [(piece, _participant_kind(piece))]:
            if kind:
                name = re.sub(r"^(?:và|cùng)\s+", "", part.strip(" .,:"))
                out.append((name[:1].upper() + name[1:], kind))
    return out


def _participant_kind(text: str) -> str:
    return next((kind for pattern, kind in PARTICIPANT_KINDS if pattern.search(text)), "")


def number_text(text: str) -> str:
    return text.replace(",", ".").lstrip("0") or "0"


def _name_like(text: str) -> bool:
    """A person's name as signed: two to five capitalised words, no digits, no punctuation."""
    words = _strip_marks(text).split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words) and not _is_upper(text)

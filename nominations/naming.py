"""How a council and its papers are named in print: the People's Committee above it, its own name, the subject line
of its minutes. Read by the drafting of the papers (nominations.services) and by their printing."""

from units.models import Unit, UnitKind

COUNCIL_BODY = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
# The header's left column breaks the council's name after "HỘI ĐỒNG", keeping "THI ĐUA - KHEN THƯỞNG" whole: it
# does not fit one line of the 40 % column (219 pt at 12 pt bold, the column is 187 pt), and a break at the hyphen
# would start a line with "- KHEN THƯỞNG".
COUNCIL_BODY_LINES = ("HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG")
SYMBOL = "BB-HĐTĐKT"
MINUTES_SIGNER = "CHỦ TỊCH HỘI ĐỒNG"
COUNT_SIGNER = "TRƯỞNG BAN KIỂM PHIẾU"


def council_parent_body(unit: Unit) -> str:
    """'UBND XÃ BA SƠN': the People's Committee whose council it is."""
    if unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE):
        return f"UBND {unit.name.upper()}"
    return unit.name.upper()


def council_name(unit: Unit) -> str:
    """'Hội đồng Thi đua - Khen thưởng huyện Cao Lộc' (the unit's name in lower case at the start)."""
    name = unit.name
    if unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE):
        name = name[:1].lower() + name[1:]
    return f"Hội đồng Thi đua - Khen thưởng {name}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def minutes_subject(session) -> str:
    """The subject line under BIÊN BẢN, once: 'Họp Hội đồng Thi đua - Khen thưởng xã Ba Sơn xét khen thưởng năm
    2026' from the session's title 'Phiên họp Hội đồng … năm 2026'; a title that does not name the council gets its
    name ('Phiên họp xét danh hiệu …' -> 'Họp Hội đồng Thi đua - Khen thưởng huyện Cao Lộc xét danh hiệu …')."""
    text = " ".join(session.title.split())
    for prefix in ("phiên họp ", "cuộc họp ", "họp "):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    if "hội đồng" not in text.lower():
        text = f"{council_name(session.unit)} {_lower_first(text)}"
    if text.lower().startswith("hội đồng"):
        return f"Họp Hội đồng{text[len('hội đồng') :]}"
    return f"Họp {_lower_first(text)}"


def count_subject(session) -> str:
    """'Kiểm phiếu bầu danh hiệu thi đua, hình thức khen thưởng năm 2026'."""
    return f"Kiểm phiếu bầu danh hiệu thi đua, hình thức khen thưởng năm {session.year}"

"""The text parser: the five seed documents give the header, sections, indicators and figures of their JSON form
(campaigns/seeds/*.json), and a plan written in the style of real ones gives every v2 key."""

import json
from pathlib import Path

import pytest

from campaigns.importing.accuracy import compare
from campaigns.importing.figures import number, parse_sentence
from campaigns.importing.parser import FORMAT, parse_lines

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "seeds"
DATA = Path(__file__).parent / "data"

# What each seed's text carries of its header (002 and 004 were transcribed without "Số:" and the place line).
TEXT_HEADER = ("doc_type", "title", "higher_document", "theme", "closing", "recipients")
DATED = ("number", "symbol", "place", "issued_on", "year")
# seed: (header fields the text has, figures the rules get as transcribed, of all)
EXPECTED = {
    "000": (TEXT_HEADER + DATED, 22, 22),
    "001": (TEXT_HEADER + DATED, 25, 26),
    "002": (TEXT_HEADER + ("number", "issued_on", "year"), 31, 31),
    "003": (TEXT_HEADER + DATED, 53, 53),
    "004": (TEXT_HEADER + ("number", "issued_on", "year"), 21, 23),
}


def _seed(name):
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    expected = json.loads((ROOT / "campaigns" / "seeds" / f"{name}.json").read_text(encoding="utf-8"))
    return text.splitlines(), expected["campaign"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_text_gives_its_json_form(name):
    lines, expected = _seed(name)
    draft = parse_lines(lines)
    header, figures_found, figures_total = EXPECTED[name]
    result = compare(expected, draft.campaign, header=header)
    assert draft.data["format"] == FORMAT
    assert result["header"][2] == [], result["header"][2]
    assert result["sections"][0] == result["sections"][1], result["sections"][2]
    assert result["indicators"][0] == result["indicators"][1], result["indicators"][2]
    assert (result["figures"][0], result["figures"][1]) == (figures_found, figures_total), result["figures"][2]


def test_provenance_points_at_the_source_line():
    lines, _expected = _seed("000")
    draft = parse_lines(lines)
    assert "1.105 tấn" in lines[draft.provenance["sections[1].children[0].indicators[0].figures[0]"] - 1]
    assert lines[draft.provenance["number"] - 1].startswith("Số: 109")
    assert "Nơi nhận" not in draft.campaign["closing"]


def test_plan_in_the_style_of_a_two_tier_commune():
    draft = parse_lines((DATA / "ke-hoach-tinh-bac-ninh.txt").read_text(encoding="utf-8").splitlines())
    c = draft.campaign
    assert (c["parent_body"], c["issuing_body"]) == ("UBND TỈNH BẮC NINH", "ỦY BAN NHÂN DÂN XÃ TIÊN DU")
    assert (c["doc_type"], c["number"], c["symbol"], c["place"], c["issued_on"]) == (
        "kh",
        "0124",
        "KH-UBND",
        "Tiên Du",
        "2025-09-05",
    )
    assert c["title"].endswith('nông thôn mới nâng cao" giai đoạn 2025 - 2026')
    assert [b["kind"] for b in c["legal_bases"]] == ["can_cu", "can_cu", "thuc_hien"]
    assert c["legal_bases"][0]["text"] == "Luật Thi đua, Khen thưởng ngày 15 tháng 6 năm 2022;"
    assert c["higher_document"].startswith("Kế hoạch số 88/KH-UBND ngày 20/8/2025 của UBND tỉnh Bắc Ninh")
    assert c["theme"] == "Đoàn kết, đổi mới, về đích sớm"
    assert c["signer"] == {
        "authority": "TM.",
        "on_behalf_of": "ỦY BAN NHÂN DÂN",
        "deputy_authority": "KT.",
        "deputy_on_behalf_of": "CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Nguyễn Thị Hoa",
    }
    assert c["recipients"] == ["UBND tỉnh (b/c);", "TT Đảng ủy, HĐND xã;", "Các thôn;", "Lưu: VT, VHXH."]
    assert [(s["name"], s["starts_on"], s["ends_on"], s["deadline"]) for s in c["stages"]] == [
        ("Đợt 1", "2025-09-05", "2025-12-31", None),
        ("Đợt 2", "2026-01-01", "2026-06-30", None),
        ("Thời hạn gửi báo cáo tổng kết", None, None, "2026-07-15"),
    ]
    assert [(a["subject"], a["quota_kind"], a["quota_value"]) for a in c["award_criteria"]] == [
        ("collective", "per_unit", "1"),
        ("individual", "per_unit", "1"),
        ("collective", "top_n", "3"),
        ("individual", "share_cap", "10"),
    ]
    assert c["award_criteria"][2]["award_text"] == "Bằng khen của Chủ tịch UBND tỉnh"
    (appendix,) = c["appendices"]
    assert (appendix["label"], appendix["title"]) == ("PHỤ LỤC I", "BẢNG ĐIỂM CHẤM THI ĐUA CÁC THÔN")
    assert appendix["subtitle"].startswith("(Kèm theo Kế hoạch số 0124/KH-UBND")
    assert appendix["tables"] == [
        {
            "rows": [["STT", "Tiêu chí", "Điểm"], ["1", "Thu nhập bình quân", "40"], ["2", "Thôn văn hóa", "60"]],
            "header_rows": 1,
        }
    ]
    purpose, requirements = c["sections"][0]["children"]
    assert [(s["label"], s["heading"]) for s in (purpose, requirements)] == [("1.", "Mục đích"), ("2.", "Yêu cầu")]
    assert purpose["body"].startswith("Tạo khí thế thi đua") and purpose["body"].endswith("năm 2025.")
    economy, society = c["sections"][1]["children"]
    assert [s["role"] for s in c["sections"]] == ["purpose", "targets", "duration", "other", "organisation"]
    assert (economy["field"], society["field"]) == ("economy", "society")
    forms = [
        (f["form"], f["direction"], f["value"], f["unit_of_measure"], f["strict"])
        for i in economy["indicators"]
        for f in i["figures"]
    ]
    assert forms == [
        ("at_least", "up", "78", "triệu đồng", False),
        ("at_least", "up", "85", "%", True),
        ("change", "up", "12", "%", False),
        ("rank", "up", "15", "xã", False),
    ]
    jobs, villages, poverty, model = society["indicators"]
    assert [(f["value"], f["part_of"]) for f in jobs["figures"]] == [("500", ""), ("120", jobs["figures"][0]["name"])]
    assert (villages["figures"][0]["form"], villages["figures"][0]["value"]) == ("at_least", "100")
    assert (poverty["figures"][0]["direction"], poverty["figures"][0]["strict"]) == ("down", True)
    assert (model["figures"][0]["form"], model["figures"][0]["total"]) == ("out_of", "12")


def test_blank_number_and_date_are_null():
    draft = parse_lines(
        [
            "UBND THỊ XÃ BỈM SƠN",
            "ỦY BAN NHÂN DÂN XÃ QUANG TRUNG",
            "Số: /PĐTĐ-UBND",
            "Xã Quang Trung, ngày   tháng   năm 2024",
            "",
            "PHÁT ĐỘNG",
            "Phong trào thi đua năm 2024",
        ]
    )
    c = draft.campaign
    assert (c["number"], c["symbol"], c["issued_on"], c["year"], c["doc_type"]) == (None, "PĐTĐ-UBND", None, 2024, "pd")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tổng sản lượng lương thực có hạt đạt 1.105 tấn.", [("at_least", "up", "1105", None, None, "tấn")]),
        ("Tốc độ tăng GRDP: 7 - 7,5%.", [("range", "up", "7", "7.5", None, "%")]),
        ("Giảm tỷ lệ hộ nghèo từ 2% - 3%.", [("change", "down", "2", "3", None, "%")]),
        ("Duy trì 10/10 thôn văn hoá.", [("out_of", "up", "10", None, "10", "thôn")]),
        ("Thu ngân sách vượt 10 % so với chỉ tiêu huyện giao;", [("relative", "up", "110", None, None, "%")]),
        ("Tỷ lệ hộ dân được sử dụng nước hợp vệ sinh: trên 99%.", [("at_least", "up", "99", None, None, "%")]),
        ("Duy trì chuẩn quốc gia về Y tế xã;", [("status", "up", None, None, None, "")]),
        ("Kết quả cải cách hành chính các đơn vị đạt khá trở lên.", [("grade", "up", None, None, None, "")]),
    ],
)
def test_target_grammar(sentence, expected):
    got = [(f.form, f.direction, f.value, f.value_high, f.total, f.unit_of_measure) for f in parse_sentence(sentence)]
    assert got == expected


def test_numbers_in_vietnamese_form():
    assert [number(t) for t in ("1.105", "14.040,807", "7,5", "02", "18,0", "0.78", "44.762.000.000")] == [
        "1105",
        "14040.807",
        "7.5",
        "2",
        "18.0",
        "0.78",
        "44762000000",
    ]


def test_plan_of_a_district_before_the_reform():
    """Three tiers (2024): a district under its province, the number and the day left blank, a title over two lines,
    targets listed a) b) and +, a deputy signing for the chairman."""
    draft = parse_lines((DATA / "ke-hoach-huyen-tien-yen.txt").read_text(encoding="utf-8").splitlines())
    c = draft.campaign
    assert (c["parent_body"], c["issuing_body"]) == ("UBND TỈNH QUẢNG NINH", "ỦY BAN NHÂN DÂN HUYỆN TIÊN YÊN")
    assert (c["number"], c["symbol"], c["place"], c["issued_on"], c["year"]) == (
        None,
        "KH-UBND",
        "Tiên Yên",
        None,
        2024,
    )
    assert c["title"] == (
        'Phát động phong trào thi đua "Tiên Yên chung sức xây dựng nông thôn mới, đô thị văn minh" năm 2024'
    )
    assert c["higher_document"].startswith("Kế hoạch số 45/KH-UBND ngày 20/02/2024 của UBND tỉnh Quảng Ninh")
    assert (c["signer"]["authority"], c["signer"]["on_behalf_of"], c["signer"]["title"], c["signer"]["name"]) == (
        "KT.",
        "CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trần Văn Bình",
    )
    groups = c["sections"][1]["children"]
    assert [(g["label"], g["field"], g["children"]) for g in groups] == [
        ("1.", "economy", []),
        ("2.", "environment", []),
        ("3.", "society", []),
    ]
    got = [
        (i["label"], f["form"], f["direction"], f["value"], f["value_high"], f["total"], f["unit_of_measure"])
        for g in groups
        for i in g["indicators"]
        for f in i["figures"]
    ]
    assert got == [
        ("a)", "at_least", "up", "520", None, None, "tỷ đồng"),
        ("a)", "change", "up", "8", None, None, "%"),
        ("b)", "at_least", "up", "1250.5", None, None, "tỷ đồng"),
        ("+", "at_least", "up", "4800", None, None, "tấn"),
        ("+", "at_least", "up", "1200", None, None, "ha"),
        ("a)", "at_least", "up", "62", None, None, "%"),
        ("b)", "at_least", "up", "100", None, None, "%"),
        ("a)", "change", "down", "1", "1.5", None, "%"),
        ("b)", "out_of", "up", "11", None, "11", "xã"),
    ]
    organisation = c["sections"][3]["children"][0]["body"]
    assert organisation.endswith("tổng hợp báo cáo kết quả về UBND huyện.")  # the broken line joined again

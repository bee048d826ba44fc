"""The text parser: the five seed documents give the header, sections, indicators and figures of their JSON form
(campaigns/seeds/*.json), and a plan written in the style of real ones gives every v2 key."""

import json
from pathlib import Path

import pytest

from awards.catalogue import AWARD_TYPES
from campaigns.importing.accuracy import compare
from campaigns.importing.figures import number, parse_sentence
from campaigns.importing.parser import FORMAT, parse_lines
from campaigns.importing.tables import indicator_columns

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


def test_plan_with_an_indicator_table_and_award_quotas():
    """A two-tier commune of another province: the targets as a table with group rows, the scope paragraph naming
    participants that are no official units, the KHEN THƯỞNG part with quotas and catalogue awards."""
    lines = (DATA / "ke-hoach-xa-thach-ha.txt").read_text(encoding="utf-8").splitlines()
    draft = parse_lines(lines)
    c = draft.campaign
    assert (c["parent_body"], c["issuing_body"], c["number"], c["issued_on"]) == (
        "UBND TỈNH HÀ TĨNH",
        "ỦY BAN NHÂN DÂN XÃ THẠCH HÀ",
        "215",
        "2025-10-15",
    )
    targets = c["sections"][1]
    assert (targets["role"], targets["indicators"], targets["body"]) == ("targets", [], "")
    assert [(g["label"], g["heading"], g["role"], g["field"]) for g in targets["children"]] == [
        ("I.", "Chỉ tiêu về kinh tế", "targets", "economy"),
        ("II.", "Chỉ tiêu về xã hội", "targets", "society"),
        ("III.", "Chỉ tiêu về môi trường", "targets", "environment"),
    ]
    got = [
        (i["label"], f["name"], f["form"], f["direction"], f["value"], f["value_high"], f["total"])
        + (f["unit_of_measure"], f["strict"])
        for g in targets["children"]
        for i in g["indicators"]
        for f in i["figures"]
    ]
    assert got == [
        ("1", "Tổng giá trị sản xuất", "at_least", "up", "1250", None, None, "tỷ đồng", False),
        ("2", "Thu nhập bình quân đầu người", "at_least", "up", "72", None, None, "triệu đồng", False),
        ("3", "Tốc độ tăng giá trị sản xuất", "range", "up", "8", "8.5", None, "%", False),
        ("4", "Tỷ lệ hộ nghèo", "at_least", "down", "2.1", None, None, "%", True),
        ("5", "Tỷ lệ người dân tham gia bảo hiểm y tế", "at_least", "up", "95", None, None, "%", True),
        ("6", "Số thôn đạt chuẩn văn hóa", "out_of", "up", "14", None, "14", "thôn", False),
        ("7", "Tỷ lệ chất thải rắn sinh hoạt được thu gom", "at_least", "up", "100", None, None, "%", False),
    ]
    assert not {path for path in draft.uncertain if path.startswith("sections[1]")}
    where = draft.provenance["sections[1].children[1].indicators[0].figures[0]"]
    assert lines[where - 1].startswith("| 4 | Tỷ lệ hộ nghèo | % | < 2,1 |")
    assert lines[draft.provenance["sections[1].children[2]"] - 1].startswith("| III | Chỉ tiêu về môi trường")
    assert c["other_participants"] == [
        {"name": "Chi nhánh Ngân hàng Chính sách xã hội huyện đóng trên địa bàn", "kind": "central_agency"},
        {"name": "Hợp tác xã Nông nghiệp Thạch Long", "kind": "enterprise"},
        {"name": "Công ty TNHH May Hà Tĩnh", "kind": "enterprise"},
        {"name": "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "kind": "mass_org"},
        {"name": "Các đoàn thể chính trị - xã hội xã", "kind": "mass_org"},
    ]
    assert [(a["subject"], a["award"], a["quota_kind"], a["quota_value"]) for a in c["award_criteria"]] == [
        ("collective", "giay-khen-tt", "per_unit", "1"),
        ("individual", "giay-khen", "per_unit", "1"),
        ("collective", "bang-khen-tinh-tt", "max_count", "5"),
        ("individual", "bang-khen-tinh", "max_count", "10"),
        ("individual", "cstdcs", "share_cap", "15"),
    ]
    assert {a["award"] for a in c["award_criteria"]} <= {code for code, *_rest in AWARD_TYPES}
    (appendix,) = c["appendices"]  # the points scale is no indicator table: it stays an appendix
    assert appendix["tables"][0]["rows"][0] == ["STT", "Tiêu chí", "Điểm chuẩn"]


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        (["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2025"], (1, 3, 2)),
        (["TT", "Nội dung", "ĐVT", "Chỉ tiêu năm 2025", "Ghi chú"], (1, 3, 2)),
        (["STT", "Chỉ tiêu", "Mục tiêu"], (1, 2, None)),
        (["STT", "Tiêu chí", "Điểm"], None),
        (["STT", "Chỉ tiêu", "Đơn vị tính", "Ghi chú"], None),
    ],
)
def test_indicator_table_header(header, columns):
    found = indicator_columns(header)
    assert (found and (found.name, found.value, found.unit)) == columns


def test_other_table_in_the_contents_stays_text_and_marked_rows():
    draft = parse_lines(
        [
            "II. CHỈ TIÊU",
            "| STT | Tiêu chí | Điểm |",
            "| 1 | Thu ngân sách | 50 |",
            "III. NHIỆM VỤ",
            "| TT | Mục tiêu | Năm 2026 |",
            "| 1 | Giữ vững danh hiệu | chưa rõ |",
            "| 2 | Các sở, ngành tham gia | 12 |",
            "| 3 | Số lao động được tạo việc làm | 500 lao động |",
            "| - | Trong đó: lao động nữ | 120 lao động |",
        ]
    )
    scale, tasks = draft.campaign["sections"]
    assert scale["indicators"] == [] and scale["body"] == "| STT | Tiêu chí | Điểm |\n| 1 | Thu ngân sách | 50 |"
    keep, count, jobs, women = tasks["indicators"]
    assert (women["label"], women["figures"][0]["name"], women["figures"][0]["part_of"]) == (
        "-",
        "lao động nữ",
        "Số lao động được tạo việc làm",
    )
    assert (keep["sentence"], count["figures"][0]["value"]) == ("Giữ vững danh hiệu: chưa rõ", "12")
    assert {"sections[1].indicators[0].figures[0]", "sections[1].indicators[1].figures[0]"} <= draft.uncertain


def test_participants_of_a_provincial_scope():
    draft = parse_lines(
        [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Đối tượng thi đua: các sở, ban, ngành cấp tỉnh; các cơ quan Trung ương đóng trên địa bàn tỉnh;"
            " các doanh nghiệp; UBND các xã, phường; cán bộ, công chức và Nhân dân.",
        ]
    )
    assert draft.campaign["other_participants"] == [
        {"name": "Các sở, ban, ngành cấp tỉnh", "kind": "department"},
        {"name": "Các cơ quan Trung ương đóng trên địa bàn tỉnh", "kind": "central_agency"},
        {"name": "Các doanh nghiệp", "kind": "enterprise"},
    ]

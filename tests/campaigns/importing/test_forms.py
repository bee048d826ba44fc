"""The review page's correction form (campaigns.importing.forms): edits written back into the draft by its paths,
items dropped, bad values refused at their field in Vietnamese, and what the form does not show left as it was."""

import copy

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.importing.forms import DraftEditForm, draft_edit

pytestmark = pytest.mark.django_db

FIGURE = "sections[0].children[0].indicators[0].figures[0]"


def _draft() -> dict:
    figure = {
        "name": "Thu nhập bình quân đầu người",
        "form": "at_least",
        "direction": "up",
        "value": "78",
        "value_high": None,
        "total": None,
        "unit_of_measure": "triệu đồng",
        "source": "own",
        "targets": [],
    }
    poor = {**figure, "name": "Tỷ lệ hộ nghèo", "direction": "down", "value": "1.5", "unit_of_measure": "%"}
    return {
        "format": "thidua.campaign/2",
        "campaign": {
            "issuing_unit": {"edition": "2025-07", "code": "09001"},
            "issuing_body": "ỦY BAN NHÂN DÂN XÃ TIÊN DU",
            "doc_type": "kh",
            "number": "0124",
            "symbol": "KH-UBND",
            "place": "Tiên Du",
            "issued_on": "2025-09-05",
            "year": 2025,
            "title": "Kế hoạch thi đua",
            "kind": "regular",
            "legal_bases": [{"kind": "can_cu", "text": "Luật Thi đua, Khen thưởng;"}],
            "signer": {"authority": "KT.", "on_behalf_of": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn A"},
            "recipients": ["UBND tỉnh (b/c);", "Các thôn;", "Lưu: VT."],
            "stages": [{"name": "Đợt 1", "starts_on": "2025-09-05", "ends_on": None, "deadline": None, "text": ""}],
            "sections": [
                {
                    "label": "I.",
                    "heading": "CHỈ TIÊU",
                    "body": "",
                    "role": "targets",
                    "indicators": [],
                    "children": [
                        {
                            "label": "1.",
                            "heading": "Kinh tế",
                            "body": "",
                            "role": "targets",
                            "indicators": [
                                {"label": "(1)", "sentence": "Thu nhập đạt 78 triệu đồng.", "figures": [figure]},
                                {"label": "(2)", "sentence": "Tỷ lệ hộ nghèo dưới 1,5%.", "figures": [poor]},
                            ],
                            "children": [],
                        }
                    ],
                },
                {"label": "II.", "heading": "TỔ CHỨC", "body": "Các thôn…", "role": "organisation", "children": []},
            ],
            "appendices": [{"label": "PHỤ LỤC", "title": "Bảng điểm", "tables": [{"rows": [["1", "2"]]}]}],
        },
    }


def _as_sent(data: dict) -> dict:
    """What a browser sends back from the unchanged form: each input's value as rendered."""
    page = lxml.html.fromstring(f"<form>{DraftEditForm(draft=data).as_div()}</form>")
    return dict(page.forms[0].form_values())


def test_an_unchanged_form_gives_the_draft_back_as_it_was():
    data = _draft()
    sent = _as_sent(data)
    assert (sent["title"], sent["issued_on"], sent[f"{FIGURE}.value"]) == ("Kế hoạch thi đua", "05/09/2025", "78")
    assert sent["sections[0].children[0].indicators[1].figures[0].value"] == "1,5"
    assert draft_edit(data, sent) == _draft()


def test_header_fields_figures_and_signer_are_written_back_in_the_json_form():
    data = _draft()
    sent = _as_sent(data)
    sent |= {"title": "Kế hoạch đã sửa", "issued_on": "6/9/2025", "number": "", "signer.name": "Trần B"}
    sent |= {f"{FIGURE}.value": "1.250", f"{FIGURE}.unit_of_measure": "nghìn đồng", f"{FIGURE}.form": "range"}
    sent["sections[0].children[0].indicators[1].figures[0].value"] = "8,5 - 10"
    sent["stages[0].ends_on"] = "31/12/2025"
    edited = draft_edit(data, sent)
    c = edited["campaign"]
    assert (c["title"], c["issued_on"], c["number"], c["signer"]["name"]) == (
        "Kế hoạch đã sửa",
        "2025-09-06",
        None,
        "Trần B",
    )
    figure, poor = (i["figures"][0] for i in c["sections"][0]["children"][0]["indicators"])
    assert (figure["value"], figure["value_high"], figure["unit_of_measure"], figure["form"]) == (
        "1250",
        None,
        "nghìn đồng",
        "range",
    )
    assert (poor["value"], poor["value_high"], poor["direction"]) == ("8.5", "10", "down")
    assert c["stages"][0]["ends_on"] == "2025-12-31"
    assert data == _draft()  # the draft given is not changed


def test_dropped_items_are_removed_and_the_others_keep_their_edits():
    data = _draft()
    sent = _as_sent(data)
    sent["sections[0].children[0].indicators[0].drop"] = "on"
    sent["sections[0].children[0].indicators[1].sentence"] = "Tỷ lệ hộ nghèo dưới 1%."
    sent["recipients[1].drop"] = "on"
    sent["recipients[2].text"] = "Lưu: VT, VHXH."
    sent["sections[1].drop"] = "on"
    sent["appendices[0].drop"] = "on"
    c = draft_edit(data, sent)["campaign"]
    indicators = c["sections"][0]["children"][0]["indicators"]
    assert [i["sentence"] for i in indicators] == ["Tỷ lệ hộ nghèo dưới 1%."]
    assert c["recipients"] == ["UBND tỉnh (b/c);", "Lưu: VT, VHXH."]
    assert [s["label"] for s in c["sections"]] == ["I."] and c["appendices"] == []


def test_a_dropped_section_takes_its_indicators_and_needs_no_valid_values():
    data = _draft()
    sent = _as_sent(data) | {"sections[0].drop": "on", f"{FIGURE}.value": "không rõ", f"{FIGURE}.name": ""}
    sent["sections[0].children[0].indicators[1].drop"] = "on"  # inside a dropped section as well
    c = draft_edit(data, sent)["campaign"]
    assert [s["label"] for s in c["sections"]] == ["II."]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (f"{FIGURE}.value", "bảy mươi tám", "“bảy mươi tám” không phải là số. Viết số theo dạng 1.105 hoặc 7,5."),
        (f"{FIGURE}.value", "7.5", "Có phải bạn muốn nhập 7,5?"),
        (f"{FIGURE}.value", "10 - 5", "số đầu không được lớn hơn số sau"),
        (f"{FIGURE}.name", "", "Trường này là bắt buộc."),
        ("issued_on", "30/02/2025", "Nhập một ngày hợp lệ."),
        ("issued_on", "05/09/1825", "ngày 05/09/1825 không hợp lý"),
        ("year", "2999", "năm 2999 không hợp lý"),
        ("number", "0124a", "Ghi các chữ số của số văn bản như khi in"),
        ("stages[0].starts_on", "ngày mai", "Nhập một ngày hợp lệ."),
        ("legal_bases[0].kind", "khac", "khac không có trong các lựa chọn"),
        ("recipients[0].text", "x" * 301, "tối đa 300 kí tự"),
    ],
)
def test_a_bad_value_is_refused_at_its_field_in_vietnamese(field, value, message):
    data = _draft()
    sent = _as_sent(data) | {field: value, "title": "Kế hoạch đã sửa"}
    with translation.override("vi"):
        form = DraftEditForm(sent, draft=data)
        assert not form.is_valid()
        assert list(form.errors) == [field]
        assert message in " ".join(form.errors[field])
        assert form["title"].value() == "Kế hoạch đã sửa"  # the other edits stay on the form shown back
        with pytest.raises(ValidationError) as error:
            draft_edit(data, sent)
    assert list(error.value.message_dict) == [field]


def test_unknown_and_forged_paths_are_ignored():
    data = _draft()
    sent = _as_sent(data) | {
        "sections[7].heading": "Bịa",
        "sections[0].children[0].indicators[0].figures[0].direction": "down",
        "campaign.status": "issued",
        "issuing_unit": "01.00001",
        "title.drop": "on",
        "signer.drop": "on",
        "sections[0].children[0].indicators[5].drop": "on",
    }
    assert draft_edit(data, sent) == _draft()


@pytest.mark.parametrize(
    "campaign",
    [
        {"sections": "I.", "signer": "Nguyễn A", "recipients": None, "legal_bases": [3, "x"]},
        {"sections": [{"indicators": [{"figures": ["x", {"form": "rank", "value": {"a": 1}}]}]}, 3]},
        {"title": 5, "issued_on": "2025-02-30", "stages": [{"starts_on": 7}], "award_criteria": [{"quota_value": []}]},
    ],
)
def test_a_draft_of_the_wrong_shape_gives_a_form_not_an_error(campaign):
    data = {"format": "thidua.campaign/2", "campaign": campaign}
    sent = _as_sent(data)
    form = DraftEditForm(sent, draft=copy.deepcopy(data))
    form.is_valid()  # refused or not, never an exception
    assert "title" in form.fields and "signer.name" in form.fields

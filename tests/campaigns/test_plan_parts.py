"""What real plans carry (issue #15): legal bases, stages, award criteria and quotas, other participants, appendices,
the three-line signer and the number as printed, in the JSON form (version 2, version 1 still read), the editor and
print; the figures' rank form, strict comparison and "trong đó" link, judged by reports.achievement."""

import io
import json
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Appendix, AwardCriterion, Campaign, LegalBasis, OtherParticipant, Stage
from campaigns.serialization import campaign_export_json, campaign_import, campaign_parse
from documents.rendering import html_to_pdf, render_campaign_html
from reports.achievement import Status, achievement
from targets.models import Figure
from tests.campaigns.factories import campaign_data, make_campaign
from tests.campaigns.test_seeds import seed_units  # noqa: F401 - the fixture is used by name
from tests.documents import test_rendering as nd30

pytestmark = pytest.mark.django_db

PLAN = Path(__file__).resolve().parent / "data" / "plan_v2.json"


def _plan(tree) -> Campaign:
    return campaign_import(data=campaign_parse(PLAN.read_text(encoding="utf-8")))


def test_the_v2_file_round_trips_with_every_new_key(tree):
    text = PLAN.read_text(encoding="utf-8")
    campaign = _plan(tree)
    first = campaign_export_json(campaign=campaign)
    assert first == text  # every key read and written back, in the order of docs/campaign-json.md
    assert (campaign.number, campaign.number_text, campaign.reference) == (124, "0124", "0124/KH-UBND")
    assert campaign.signature_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert [b.line for b in campaign.legal_bases.all()][
        0
    ] == "Căn cứ Luật Thi đua, Khen thưởng ngày 15 tháng 6 năm 2022;"
    assert [(c.quota_kind, c.quota_value) for c in campaign.award_criteria.all()] == [
        ("per_unit", 1),
        ("per_unit", 1),
        ("top_n", 3),
        ("share_cap", 10),
        ("max_count", 5),
    ]
    assert campaign.stages.count() == 2 and campaign.other_participants.count() == 4
    appendix = campaign.appendices.first()
    assert appendix.tables[0]["rows"][1] == ["1", "Thực hiện các chỉ tiêu kinh tế", "40"]
    part = Figure.objects.get(indicator__section__campaign=campaign, part_of__gt="")
    assert part.part_of == "Số hộ được hỗ trợ phát triển sản xuất"
    assert Figure.objects.filter(indicator__section__campaign=campaign, form="rank").get().value == 15
    Campaign.objects.all().delete()
    second = campaign_export_json(campaign=campaign_import(data=campaign_parse(first)))
    assert first == second


def test_a_version_1_file_reads_as_before(tree):
    data = campaign_data(tree.cao_lau)
    data["format"] = "thidua.campaign/1"  # the number an integer, none of the new keys
    del data["campaign"]["signer"]["title"]
    campaign = campaign_import(data=data)
    assert (campaign.number, campaign.number_text, campaign.reference) == (109, "", "109/PĐ-UBND")
    assert not LegalBasis.objects.exists() and not Appendix.objects.exists()
    exported = json.loads(campaign_export_json(campaign=campaign))
    assert exported["format"] == "thidua.campaign/2" and exported["campaign"]["number"] == "109"
    assert exported["campaign"]["legal_bases"] == [] and exported["campaign"]["appendices"] == []


def test_a_number_given_by_the_register_drops_the_paper_form(tree, people):
    from campaigns.services import campaign_revise

    campaign = _plan(tree)
    draft = campaign_revise(campaign=campaign, user=people.officer)  # a new version keeps the parts, not the number
    assert (draft.number, draft.number_text, draft.legal_bases.count(), draft.appendices.count()) == (None, "", 3, 2)
    assert draft.signature_lines == campaign.signature_lines
    campaign.number = 5  # what documents.issuing does
    assert campaign.reference == "05/KH-UBND"


def test_bad_parts_are_refused_with_their_paths_and_nothing_is_saved(tree):
    data = json.loads(PLAN.read_text(encoding="utf-8"))
    c = data["campaign"]
    c["number"] = "12a"
    c["legal_bases"][0]["kind"] = "dieu"
    c["award_criteria"][0]["quota_kind"] = "share_cap"
    c["award_criteria"][0]["quota_value"] = "150"
    c["award_criteria"][1]["award"] = "gk_xa"
    c["stages"][0]["ends_on"] = "2024-01-01"
    c["appendices"][0]["tables"][0]["rows"][2] = ["2", "thiếu ô"]
    with pytest.raises(ValidationError) as error:
        campaign_import(data=data)
    text = "\n".join(error.value.messages)
    for path in ("number", "legal_bases[0].kind", "award_criteria[0].quota_value", "stages[0].ends_on"):
        assert path in text, (path, text)
    assert "appendices[0].tables" in text and "hàng 3" in text.lower()
    assert "award_criteria[1].award" in text and "Danh mục khen thưởng không có mã “gk_xa”" in text
    assert not Campaign.objects.exists() and not Stage.objects.exists()


def test_the_plan_prints_its_appendix_as_a_table_and_three_signer_lines_in_the_decree_30_format(tree, monkeypatch):
    campaign = _plan(tree)
    monkeypatch.setitem(nd30.DATE_LINES, "plan", "Cao Lâu, ngày 05 tháng 02 năm 2024")
    monkeypatch.setitem(nd30.NUMBER_LINES, "plan", "Số: 0124/KH-UBND")
    html = render_campaign_html(campaign=campaign)
    assert "|" not in html.split("<body>", 1)[1]
    with pdfplumber.open(io.BytesIO(html_to_pdf(html))) as pdf:
        footer = next(i for i, page in enumerate(pdf.pages) if "Nơi nhận:" in page.extract_text())
        annex = pdf.pages[footer + 1 :]
        assert len(annex) == 2  # one page for each appendix, each numbered on its own (its first page unnumbered)
        nd30.check_page_geometry(pdf, ["", *map(str, range(2, footer + 2)), "", ""])
        nd30.check_header(pdf.pages[0], "plan")
        nd30.check_body_and_footer(pdf, campaign, footer)
        signer = [
            nd30.norm(line["text"])
            for line in nd30.lines(pdf.pages[footer], (nd30.FOOTER_SPLIT, 0, nd30.A4[0], nd30.A4[1]))
        ]
        start = signer.index("TM. ỦY BAN NHÂN DÂN")
        assert signer[start : start + 3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        body = nd30.body_text(SimpleNamespace(pages=pdf.pages[: footer + 1]))
        assert "Căn cứ Luật Thi đua, Khen thưởng ngày 15 tháng 6 năm 2022;" in body
        assert body.index("Căn cứ") < body.index("UBND xã Cao Lâu xây dựng Kế hoạch")
        first = annex[0]
        texts = [nd30.norm(line["text"]) for line in nd30.lines(first)]
        assert texts[:3] == ["PHỤ LỤC I", "BẢNG ĐIỂM CHẤM THI ĐUA", campaign.appendices.first().subtitle]
        assert "1 Thực hiện các chỉ tiêu kinh tế 40" in texts and "Cộng 100" in texts
        assert len([r for r in first.rects + first.lines if r["x1"] - r["x0"] > 100]) >= 2, "a ruled table"
        header = nd30.find_line(first, "STT")
        assert all(nd30.is_bold(c) for c in nd30.ink(header["chars"]))
        assert nd30.norm(nd30.lines(annex[1])[0]["text"]) == "PHỤ LỤC II"


def test_the_editor_saves_the_parts_typed_as_lines_and_refuses_bad_ones(client, people, tree):
    draft = make_campaign(tree.cao_lau, title="Dự thảo", status="draft", number=None)
    client.force_login(people.officer)
    url = reverse("campaign_edit", kwargs={"pk": draft.pk})
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            name: getattr(draft, name) or ""
            for name in ("parent_body", "issuing_body", "symbol", "place", "year", "title", "kind", "signer_name")
        }
    )
    data.update(
        doc_type=draft.doc_type_id,
        recipients="Phòng Nội vụ;\nLưu: VT.",
        number_text="0124",
        signer_authority="TM.",
        signer_on_behalf_of="ỦY BAN NHÂN DÂN",
        signer_deputy_authority="KT.",
        signer_deputy_on_behalf_of="CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        legal_bases="Căn cứ Luật Thi đua, Khen thưởng ngày 15 tháng 6 năm 2022;\nThực hiện Kế hoạch số 15/KH-UBND,",
        stages="Đợt 1 | 05/02/2024 | 30/06/2024 | 20/06/2024 | Đợt 1: đến 30/6/2024",
        award_criteria="tập thể | Giấy khen của Chủ tịch UBND xã | dẫn đầu 3 | 03 thôn dẫn đầu\n"
        "| | tối đa 10% | không quá 10% tổng số",
        other_participants="Sở Tài chính | sở\nHợp tác xã Cao Lâu | doanh nghiệp",
        **{
            "appendix-TOTAL_FORMS": "1",
            "appendix-INITIAL_FORMS": "0",
            "appendix-0-label": "PHỤ LỤC",
            "appendix-0-title": "BẢNG ĐIỂM",
            "appendix-0-tables_text": "STT | Tiêu chí | Điểm\n(1) | (2) | (3)\n---\n1 | Kinh tế | 40",
        },
    )
    bad = {**data, "stages": "Đợt 1 | 31/02/2024", "legal_bases": "Theo Luật", "appendix-0-tables_text": "a | b\nc"}
    refused = client.post(url, bad)
    assert refused.status_code == 400 and not draft.stages.exists()
    content = refused.content.decode()
    assert "Dòng 1" in content and "“31/02/2024”" in content and "Căn cứ" in content and "Bảng 1, hàng 2" in content
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert (draft.reference, draft.signature_lines[:2]) == ("0124/PĐ-UBND", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"])
    assert [b.kind for b in draft.legal_bases.all()] == ["can_cu", "thuc_hien"]
    stage = draft.stages.get()
    assert (stage.starts_on.isoformat(), stage.deadline.isoformat()) == ("2024-02-05", "2024-06-20")
    assert [(c.subject, c.quota_kind, c.quota_value) for c in AwardCriterion.objects.filter(campaign=draft)] == [
        ("collective", "top_n", 3),
        ("", "share_cap", 10),
    ]
    assert [o.kind for o in OtherParticipant.objects.filter(campaign=draft)] == ["department", "enterprise"]
    appendix = draft.appendices.get()
    assert appendix.tables == [
        {"rows": [["STT", "Tiêu chí", "Điểm"], ["(1)", "(2)", "(3)"], ["1", "Kinh tế", "40"]], "header_rows": 2}
    ]
    again = client.get(url).content.decode()  # shown back as typed
    assert "dẫn đầu 3" in again and "Sở Tài chính | sở" in again and "(1) | (2) | (3)\n---" in again
    page = client.get(reverse("campaign_detail", kwargs={"pk": draft.pk})).content.decode()
    assert "Căn cứ Luật Thi đua, Khen thưởng ngày 15 tháng 6 năm 2022;" in page and "Sở Tài chính" in page
    assert '<td class="text-start">Kinh tế</td>' in page and '<th class="text-center">(2)</th>' in page
    assert "KT. CHỦ TỊCH" in page and "0124/PĐ-UBND" in page


def _figure(**kw):
    base = {"form": "at_least", "direction": "up", "value": None, "value_high": None, "reach": "", "strict": False}
    return SimpleNamespace(**{**base, "unit_of_measure": "%", "aggregation": "sum", **kw})


def test_a_rank_is_reached_at_or_better_than_its_value_and_strict_needs_to_pass_the_value():
    rank = _figure(form="rank", value=D(15), unit_of_measure="tỉnh")
    assert achievement(figure=rank, actual=D(15)).status == Status.ACHIEVED
    assert achievement(figure=rank, actual=D(3)).status == Status.ACHIEVED
    assert achievement(figure=rank, actual=D(16)).status == Status.MISSED
    assert achievement(figure=rank, actual=D(3)).percent is None
    above = _figure(value=D(85), strict=True)
    assert achievement(figure=above, actual=D(85)).status == Status.MISSED
    assert achievement(figure=above, actual=D("85.1")).status == Status.ACHIEVED
    assert achievement(figure=_figure(value=D(85)), actual=D(85)).status == Status.ACHIEVED  # not strict: 85 reaches
    below = _figure(value=D(5), direction="down", strict=True)
    assert achievement(figure=below, actual=D(5)).status == Status.MISSED
    assert achievement(figure=below, actual=D("4.9")).status == Status.ACHIEVED
    assert achievement(figure=below, actual=D(6)).status == Status.MISSED


SEEDS = Path(__file__).resolve().parents[2] / "campaigns" / "seeds"


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_each_seed_file_is_exactly_its_own_export(seed_units, name):  # noqa: F811
    """The seeds are written in version 2: importing one and exporting it gives the file, byte for byte; seed 001's
    "Thực hiện Kế hoạch số 29/KH-UBND …" line is a legal basis, printed where the preamble began."""
    text = (SEEDS / f"{name}.json").read_text(encoding="utf-8")
    campaign = campaign_import(data=campaign_parse(text))
    assert campaign_export_json(campaign=campaign) == text
    if name == "001":
        (basis,) = campaign.legal_bases.all()
        assert basis.line.startswith("Thực hiện Kế hoạch số 29/KH-UBND ngày 23/01/2024")
        html = render_campaign_html(campaign=campaign)
        assert html.index(basis.text) < html.index("Để thực hiện hoàn thành")


def test_a_reported_rank_is_a_whole_place_from_1():
    from reports.services import ValueInput, value_check

    rank = _figure(form="rank", value=D(15), unit_of_measure="tỉnh", name="Xếp hạng PCI")
    assert value_check(rank, ValueInput(figure_id=1, value=D(12))) is None
    assert "1" in value_check(rank, ValueInput(figure_id=1, value=D(0)))
    assert value_check(rank, ValueInput(figure_id=1, value=D("2.5"))) is not None

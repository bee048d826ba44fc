import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.serialization import campaign_export_json, campaign_import, campaign_parse
from campaigns.text import inline_html
from tests.campaigns.factories import campaign_data, make_campaign
from units.paging import PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_inline_marks_become_emphasis_and_html_is_escaped():
    assert inline_html("chủ đề: **“Siết chặt”** (*của 3 cấp*)") == (
        "chủ đề: <strong>“Siết chặt”</strong> (<em>của 3 cấp</em>)"
    )
    assert inline_html('<script>alert("x")</script> & **b**') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <strong>b</strong>"
    )


def test_a_user_sees_own_campaigns_and_issued_ones_from_above_but_no_sibling_or_draft_above(tree, people):
    own = make_campaign(tree.cao_lau)
    sibling = make_campaign(tree.thach_dan)
    district = make_campaign(tree.cao_loc, title="Chỉ thị của huyện")
    district_draft = make_campaign(tree.cao_loc, title="Dự thảo của huyện", status="draft", number=None)
    other_province = make_campaign(tree.huong_lam)
    visible = set(Campaign.objects.restrict(people.officer))
    assert visible == {own, district}
    assert set(Campaign.objects.restrict(people.reviewer)) == {own, sibling, district, district_draft}
    assert other_province not in set(Campaign.objects.restrict(people.reviewer))


def test_campaign_page_reads_like_the_document_and_escapes_html(client, tree, people):
    data = campaign_data(tree.cao_lau)
    data["campaign"]["closing"] = "<script>alert(1)</script>./."
    campaign = campaign_import(data=data)
    client.force_login(people.officer)
    text = client.get(reverse("campaign_detail", kwargs={"pk": campaign.pk})).content.decode()
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 109/PĐ-UBND",
        "Cao Lâu, ngày 24 tháng 01 năm 2024",
        "PHÁT ĐỘNG",
        "Chỉ tiêu số 2 đạt 1106 tấn.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Vũ Văn Thái",
        "<strong>“Siết chặt kỷ cương”</strong>",
    ):
        assert expected in text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


@pytest.mark.parametrize("url_name", ["campaign_detail"])
def test_campaign_page_queries_do_not_grow_with_indicators(client, tree, people, url_name):
    client.force_login(people.officer)
    counts = []
    for n, title in ((10, "Mười chỉ tiêu"), (100, "Một trăm chỉ tiêu")):
        campaign = make_campaign(tree.cao_lau, title=title, indicators=n, number=None, status="draft")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name, kwargs={"pk": campaign.pk})).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_export_import_export_is_identical(tree):
    from tests.factories import unit
    from units.models import UnitKind, UnitType

    village = unit(
        tree.cao_lau,
        code="06196.09",
        kind=UnitKind.VILLAGE,
        unit_type=UnitType.THON,
        short_name="Nà Pàn",
        official=False,
    )
    data = campaign_data(tree.cao_lau, participants=[tree.cao_lau, village])
    data["campaign"]["local_units"] = [
        {
            "edition": "2025-01",
            "code": "06196.09",
            "parent": "06196",
            "kind": "village",
            "type": "thôn",
            "name": "Thôn Nà Pàn",
        }
    ]
    data["campaign"]["sections"][0]["children"] = [
        {
            "label": "1.",
            "heading": "",
            "body": "Đoạn một.\n\nĐoạn hai.",
            "role": "contents",
            "field": "",
            "indicators": [],
            "children": [],
        }
    ]
    figure = data["campaign"]["sections"][0]["indicators"][0]["figures"][0]
    figure["value"], figure["form"], figure["value_high"] = "7", "range", "7.5"
    figure["targets"] = [
        {
            "unit": {"edition": "2025-01", "code": "06196.09"},
            "assigned_value": "14040.807",
            "assigned_high": None,
            "registered_value": "15000",
            "registered_high": None,
            "note": "x",
        }
    ]
    first = campaign_export_json(campaign=campaign_import(data=data))
    Campaign.objects.all().delete()
    village.delete()
    second = campaign_export_json(campaign=campaign_import(data=campaign_parse(first)))
    assert first == second
    assert (
        json.loads(first)["campaign"]["sections"][0]["indicators"][0]["figures"][0]["targets"][0]["assigned_value"]
        == "14040.807"
    )


def test_import_reports_every_error_and_writes_nothing(tree):
    data = campaign_data(tree.cao_lau)
    data["campaign"]["issuing_unit"] = {"edition": "2025-01", "code": "99999"}
    data["campaign"]["doc_type"] = "zz"
    data["campaign"]["issued_on"] = "24/01/2024"
    with pytest.raises(ValidationError) as excinfo:
        campaign_import(data=data)
    assert len(excinfo.value.messages) == 3
    assert Campaign.objects.count() == 0


def test_import_refuses_a_campaign_already_there_and_bad_files(tree):
    make_campaign(tree.cao_lau)
    with pytest.raises(ValidationError):
        make_campaign(tree.cao_lau)
    with pytest.raises(ValidationError):
        campaign_parse("{not json")
    with pytest.raises(ValidationError):
        campaign_parse('{"format": "other"}')


def test_changes_show_who_when_and_old_to_new(client, tree, people):
    from targets.models import Figure
    from targets.services import CellInput, targets_assign_save

    campaign = make_campaign(tree.cao_lau, participants=[tree.village])
    figure = Figure.objects.filter(indicator__section__campaign=campaign).first()
    targets_assign_save(campaign=campaign, user=people.officer, cells=[CellInput(figure.pk, tree.village.pk, 5)])
    target = figure.targets.get()
    target.assigned_value, target.updated_by = 7, people.leader
    target._history_user = people.leader
    target.save()
    client.force_login(people.officer)
    fragment = client.get(reverse("campaign_changes", kwargs={"pk": campaign.pk}), HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text and people.leader.get_full_name() in text
    assert 'được giao: <del class="text-danger">5</del> → <ins class="text-success">7</ins>' in text


def test_a_campaign_year_must_fit_the_units_edition(tree):
    import datetime

    from units.models import Unit

    Unit.objects.filter(pk=tree.cao_lau.pk).update(valid_until=datetime.date(2025, 6, 30))
    tree.cao_lau.refresh_from_db()
    make_campaign(tree.cao_lau, year=2025)  # the three-tier units stood until 30/06/2025
    with pytest.raises(ValidationError) as excinfo:
        make_campaign(tree.cao_lau, year=2026, title="Phát động thi đua năm 2026", number=1)
    assert "2026" in excinfo.value.messages[0]


def test_the_campaign_list_is_paged_whatever_page_size_the_url_asks(client, tree, people):
    """50 a page: a hand-typed ``per_page`` does not make a page of every campaign in the country."""
    campaign = make_campaign(tree.cao_lau)
    Campaign.objects.bulk_create(
        [
            Campaign(
                issuing_unit=campaign.issuing_unit,
                doc_type=campaign.doc_type,
                title=f"Phong trào thử {i:02d}",
                status=campaign.status,
                year=campaign.year,
            )
            for i in range(PER_PAGE + 5)
        ]
    )
    client.force_login(people.reviewer)
    html = client.get(reverse("campaign_list"), {"per_page": 100000}).content.decode()
    body = html.split("<tbody")[1].split("</tbody>")[0]
    assert body.count("<tr") == PER_PAGE
    last = client.get(reverse("campaign_list"), {"page": 999, "per_page": 100000})
    assert last.status_code == 200
    assert last.content.decode().split("<tbody")[1].split("</tbody>")[0].count("<tr") == 6

"""A figure's judgement rules in the editor and in the JSON form (issue #19): whose target it is (reach) and how its
change is measured (change_measure), blank meaning what follows from the unit of measure; files without the keys
read as before, and a wrong value is refused with a clear message."""

import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.serialization import campaign_export_json, campaign_import
from targets.models import Figure, Indicator
from targets.rules import Reach, figure_reach
from tests.campaigns.factories import campaign_data, make_campaign

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
FIGURE = {
    "name": "Kim ngạch xuất khẩu hàng địa phương",
    "form": "change",
    "direction": "up",
    "value": "8 - 9",
    "total": "",
    "grade": "",
    "unit_of_measure": "%",
    "source": "own",
    "source_body": "",
    "context": "",
    "aggregation": "sum",
    "weight_name": "",
}


def _first_figure(data: dict) -> dict:
    return data["campaign"]["sections"][0]["indicators"][0]["figures"][0]


def test_the_editor_sets_reach_and_change_measure(client, people, tree):
    draft = make_campaign(tree.cao_lau, title="Dự thảo", status="draft", number=None)
    indicator = Indicator.objects.filter(section__campaign=draft).first()
    client.force_login(people.officer)
    add = reverse("campaign_figure_add", kwargs={"pk": draft.pk}) + f"?indicator={indicator.pk}"
    form = html.unescape(client.get(add, **HX).content.decode())
    assert 'name="reach"' in form and 'name="change_measure"' in form and "Theo đơn vị tính" in form
    response = client.post(add, {**FIGURE, "reach": "each", "change_measure": "growth"}, **HX)
    assert response.status_code == 200
    figure = Figure.objects.get(indicator=indicator, name=FIGURE["name"])
    assert (figure.reach, figure.change_measure, figure.value, figure.value_high) == ("each", "growth", 8, 9)
    refused = client.post(add, {**FIGURE, "name": "Khác", "change_measure": "nhiều"}, **HX)
    assert not Figure.objects.filter(indicator=indicator, name="Khác").exists()
    assert refused.status_code in (200, 400)


def test_json_carries_the_rules_and_old_files_read_as_before(tree):
    data = campaign_data(tree.cao_lau)
    old = _first_figure(data)
    old.pop("reach", None), old.pop("change_measure", None)  # a file written before the keys existed
    campaign = campaign_import(data=data)
    figure = Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk").first()
    assert (figure.reach, figure.change_measure) == ("", "")
    assert figure_reach(figure) in Reach.values  # derived from the unit of measure
    exported = json.loads(campaign_export_json(campaign=campaign))
    assert _first_figure(exported)["reach"] == "" and _first_figure(exported)["change_measure"] == ""

    Campaign.objects.all().delete()
    chosen = campaign_data(tree.cao_lau)
    _first_figure(chosen).update(reach="total", change_measure="points")
    campaign = campaign_import(data=chosen)
    figure = Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk").first()
    assert (figure.reach, figure.change_measure) == ("total", "points")


def test_json_refuses_an_unknown_rule(tree):
    data = campaign_data(tree.cao_lau)
    _first_figure(data)["reach"] = "everyone"
    with pytest.raises(ValidationError) as error:
        campaign_import(data=data)
    assert any("everyone" in message and "each" in message for message in error.value.messages)

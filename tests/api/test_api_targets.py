"""A unit's targets through the API: read as the target grid page (scope, participation), registered through
targets.services.target_grid_save (the unit's officer, leader or administrator; never below what is assigned; a
stale cell is 409 with the grid's own sentence)."""

from decimal import Decimal

import pytest

from targets.models import Target
from targets.services import CellInput, targets_assign_save

pytestmark = pytest.mark.django_db


def _url(campaign, unit, action=""):
    return f"/api/v1/campaigns/{campaign.pk}/targets/{unit.pk}/" + (f"{action}/" if action else "")


def test_read_and_register(api, loop, tree, people):
    campaign, _period, figures = loop
    targets_assign_save(
        campaign=campaign,
        cells=[CellInput(figure_id=figures[0].pk, unit_id=tree.cao_lau.pk, value=Decimal(1000))],
        user=people.reviewer,
    )
    officer = api(people.officer)
    rows = officer.get(_url(campaign, tree.cao_lau)).json()
    assert [r["figure"] for r in rows] == [f.pk for f in figures]
    assert rows[0]["assigned_value"] == "1000.0000" and rows[0]["registered_value"] is None
    assert rows[0]["version"] == 1 and rows[1]["version"] is None and rows[0]["takes_number"] is True
    # who assigned it and whose the figure is, in the words of the target page
    assert rows[0]["assigned_by"] == f"{campaign.issuing_unit.name} giao"
    assert rows[0]["whose"].startswith(("Chỉ tiêu của", "Chỉ tiêu chung"))
    below = officer.post(
        _url(campaign, tree.cao_lau, "register"),
        {"targets": [{"figure": figures[0].pk, "value": "900", "version": 1}]},
        format="json",
    )
    assert below.status_code == 400 and "giao" in str(below.json()["errors"])
    saved = officer.post(
        _url(campaign, tree.cao_lau, "register"),
        {
            "targets": [
                {"figure": figures[0].pk, "value": "1100", "version": 1, "note": "Phấn đấu vượt"},
                {"figure": figures[1].pk, "value": "50", "version": None},
            ]
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert [r["registered_value"] for r in saved.json()] == ["1100.0000", "50.0000"]
    target = Target.objects.get(figure=figures[0], unit=tree.cao_lau)
    assert target.updated_by == people.officer and target.history.first().history_user == people.officer
    stale = api(people.leader).post(
        _url(campaign, tree.cao_lau, "register"),
        {"targets": [{"figure": figures[0].pk, "value": "1200", "version": 1}]},
        format="json",
    )
    assert stale.status_code == 409 and stale.json()["message"].startswith("Không lưu được")
    assert Target.objects.get(pk=target.pk).registered_value == Decimal(1100)


def test_targets_are_scoped_and_role_checked(api, loop, tree, people):
    campaign, _period, figures = loop
    body = {"targets": [{"figure": figures[0].pk, "value": "5", "version": None}]}
    assert api(people.sibling_officer).get(_url(campaign, tree.cao_lau)).status_code == 404
    assert api(people.reviewer).get(_url(campaign, tree.hoang_viet)).status_code == 404  # not participating
    assert api(people.reviewer).get(_url(campaign, tree.cao_lau)).status_code == 200
    assert api(people.reviewer).post(_url(campaign, tree.cao_lau, "register"), body, format="json").status_code == 403
    assert api(people.clerk).post(_url(campaign, tree.cao_lau, "register"), body, format="json").status_code == 403
    bad = api(people.officer).post(_url(campaign, tree.cao_lau, "register"), {"targets": []}, format="json")
    assert bad.status_code == 400 and "targets" in bad.json()["errors"]
    missing = api(people.officer).post(
        _url(campaign, tree.cao_lau, "register"), {"targets": [{"figure": figures[0].pk}]}, format="json"
    )
    assert missing.status_code == 400 and "targets.0.version" in missing.json()["errors"]
    elsewhere = api(people.officer).post(
        _url(campaign, tree.cao_lau, "register"),
        {"targets": [{"figure": 10**9, "value": "5", "version": None}]},
        format="json",
    )
    assert elsewhere.status_code == 400
    assert not Target.objects.filter(unit=tree.cao_lau).exists()

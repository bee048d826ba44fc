"""Writes through the API go through the pages' services: save and submit by the unit's people, return and approve
by a reviewer above; a stale version is 409 with the pages' own sentence; bad bodies are 400, never 500; what a
token does is recorded as its user's."""

import pytest

from reports.models import Report, ReportAction, ReportEvent

pytestmark = pytest.mark.django_db


def _url(period, unit, action=""):
    return f"/api/v1/periods/{period.pk}/reports/{unit.pk}/" + (f"{action}/" if action else "")


def _values(figures, value="1200"):
    return [{"figure": f.pk, "value": value, "note": "Theo số liệu thống kê"} for f in figures]


def test_save_submit_return_approve(api, loop, tree, people):
    _campaign, period, figures = loop
    officer, reviewer = api(people.officer), api(people.reviewer)
    saved = officer.post(
        _url(period, tree.cao_lau, "save"),
        {"version": 1, "values": _values(figures), "narrative": {"results": "Hoàn thành."}},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == 2 and saved.json()["results"] == "Hoàn thành." and saved["ETag"] == '"2"'
    submitted = officer.post(_url(period, tree.cao_lau, "submit"), {}, format="json", HTTP_IF_MATCH='"2"')
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    event = ReportEvent.objects.get(report__unit=tree.cao_lau, action=ReportAction.SUBMIT)
    assert event.by == people.officer  # the token's user, in the trail
    # the unit's own people do not review; the reviewer above does
    assert officer.post(_url(period, tree.cao_lau, "approve"), {"version": 3}, format="json").status_code == 403
    returned = reviewer.post(
        _url(period, tree.cao_lau, "return"),
        {"version": 3, "reason": "Thiếu minh chứng", "figure_reasons": {str(figures[0].pk): "Kiểm tra lại"}},
        format="json",
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["values"][0]["return_reason"] == "Kiểm tra lại"
    again = officer.post(_url(period, tree.cao_lau, "save"), {"version": 4, "submit": True}, format="json")
    assert again.status_code == 200 and again.json()["status"] == "submitted"
    approved = reviewer.post(_url(period, tree.cao_lau, "approve"), {"version": 6}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    report = Report.objects.get(period=period, unit=tree.cao_lau)
    assert report.reviewed_by == people.reviewer
    locked = officer.post(_url(period, tree.cao_lau, "save"), {"version": 7, "values": []}, format="json")
    assert locked.status_code == 400 and "đã duyệt" in str(locked.json())


def test_a_stale_version_is_409_with_the_pages_sentence_and_nothing_is_saved(api, loop, tree, people):
    _campaign, period, figures = loop
    officer, leader = api(people.officer), api(people.leader)
    assert officer.post(_url(period, tree.cao_lau, "save"), {"version": 1}, format="json").status_code == 200
    stale = leader.post(
        _url(period, tree.cao_lau, "save"), {"version": 1, "values": _values(figures, "5")}, format="json"
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict" and body["message"].startswith("Không lưu được: ")
    assert "tải lại trang" in body["message"]  # the pages' own sentence (units.versioning)
    assert not Report.objects.get(period=period, unit=tree.cao_lau).values.exists()
    header = leader.post(_url(period, tree.cao_lau, "submit"), {}, format="json", HTTP_IF_MATCH='"1"')
    assert header.status_code == 409


def test_writes_are_scoped_and_role_checked(api, loop, tree, people):
    _campaign, period, figures = loop
    assert (
        api(people.sibling_officer).post(_url(period, tree.cao_lau, "save"), {"version": 1}, format="json").status_code
        == 404
    )
    assert (
        api(people.other_reviewer).post(_url(period, tree.cao_lau, "return"), {"version": 1}, format="json").status_code
        == 404
    )
    council = api(people.council).post(_url(period, tree.cao_lau, "save"), {"version": 1}, format="json")
    assert council.status_code == 403 and council.json()["code"] == "forbidden"
    not_sent = api(people.reviewer).post(_url(period, tree.cao_lau, "approve"), {"version": 1}, format="json")
    assert not_sent.status_code == 400
    assert not Report.objects.filter(period=period).exists()  # a refused call created nothing


@pytest.mark.parametrize(
    ("body", "content_type", "field"),
    [
        (b"{not json", "application/json", None),
        (b"[1, 2]", "application/json", "__all__"),
        (b'{"version": "abc"}', "application/json", "version"),
        (b'{"version": 1, "vesion": 2}', "application/json", "vesion"),
        (b'{"version": 1, "values": [{"figure": "x"}]}', "application/json", "values.0.figure"),
        (b'{"version": 1, "values": [{"figure": 1, "value": "1e400"}]}', "application/json", "values.0.value"),
        (b'{"version": 1, "values": [{"figure": 1, "colour": "red"}]}', "application/json", "values.0.colour"),
        (b'{"version": 1, "values": {"a": 1}}', "application/json", "values"),
        (b'{"version": 1, "narrative": {"poem": "x"}}', "application/json", "narrative.poem"),
        (b'{"version": 99999999999999999999}', "application/json", "version"),
        (b"{}", "application/json", "version"),
        (b"version=1", "application/x-www-form-urlencoded", None),
        (b"\xff\xfe", "application/json", None),
    ],
)
def test_bad_bodies_are_400_or_415_never_500(api, loop, tree, people, body, content_type, field):
    _campaign, period, _figures = loop
    response = api(people.officer).generic("POST", _url(period, tree.cao_lau, "save"), body, content_type=content_type)
    assert response.status_code in (400, 415), response.content
    data = response.json()
    assert data["status"] == response.status_code and data["message"]
    if field:
        assert field in data["errors"], data
    assert not Report.objects.filter(period=period).exists()


def test_an_unknown_figure_and_a_figure_id_that_is_not_a_number(api, loop, tree, people):
    _campaign, period, figures = loop
    officer = api(people.officer)
    unknown = officer.post(
        _url(period, tree.cao_lau, "save"), {"version": 1, "values": [{"figure": 10**9}]}, format="json"
    )
    assert unknown.status_code == 400 and "không thuộc" in str(unknown.json()["errors"])
    officer.post(
        _url(period, tree.cao_lau, "save"), {"version": 1, "values": _values(figures), "submit": True}, format="json"
    )
    bad = api(people.reviewer).post(
        _url(period, tree.cao_lau, "return"), {"version": 3, "figure_reasons": {"abc": "x"}}, format="json"
    )
    assert bad.status_code == 400 and "figure_reasons" in bad.json()["errors"]


def test_methods_a_route_does_not_take_are_405(api, loop, tree, people):
    _campaign, period, _figures = loop
    officer = api(people.officer)
    response = officer.delete(_url(period, tree.cao_lau))
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
    assert officer.get(_url(period, tree.cao_lau, "save")).status_code == 405

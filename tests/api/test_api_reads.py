"""Every read route: what it returns, and that it is scoped exactly as the pages (404 outside, never a sibling's);
pages are capped; bad filters are 400 with the field named."""

from decimal import Decimal

import pytest

from reports import services
from reports.services import ValueInput
from tests.world import _issued
from units.models import Edition, UnitSuccession

pytestmark = pytest.mark.django_db


def _results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_units_are_scoped_and_filtered(api, tree, people):
    reviewer = api(people.reviewer)
    names = [u["name"] for u in _results(reviewer.get("/api/v1/units/"))]
    assert names == ["Huyện Cao Lộc", "Xã Cao Lâu", "Thôn Khòn Khuyên", "Xã Thạch Đạn"]
    children = _results(reviewer.get(f"/api/v1/units/?parent={tree.cao_loc.pk}"))
    assert [u["name"] for u in children] == ["Xã Cao Lâu", "Xã Thạch Đạn"]
    assert all(u["parent"] == tree.cao_loc.pk for u in children)
    assert [u["name"] for u in _results(reviewer.get("/api/v1/units/?q=thach dan"))] == ["Xã Thạch Đạn"]
    assert _results(reviewer.get(f"/api/v1/units/?parent={tree.hiep_hoa.pk}")) == []  # another province's
    officer = api(people.officer)
    assert officer.get(f"/api/v1/units/{tree.cao_lau.pk}/").status_code == 200
    for other in (tree.thach_dan, tree.cao_loc, tree.huong_lam):
        response = officer.get(f"/api/v1/units/{other.pk}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_unit_names_its_successors_and_predecessors(api, tree, people):
    from tests.factories import unit

    new = unit(code="99001", edition=Edition.E2025_07, short_name="Cao Lộc mới", kind="commune", unit_type="xã")
    UnitSuccession.objects.create(old=tree.cao_lau, new=new, is_main=True)
    tree.cao_lau.successor = new
    tree.cao_lau.save()
    data = api(people.superuser).get(f"/api/v1/units/{tree.cao_lau.pk}/").json()
    assert data["successor"] == new.pk
    assert data["successors"] == [
        {"unit": {"id": new.pk, "edition": "2025-07", "code": "99001", "name": new.name}, "is_main": True, "note": ""}
    ]
    back = api(people.superuser).get(f"/api/v1/units/{new.pk}/").json()
    assert [p["unit"]["id"] for p in back["predecessors"]] == [tree.cao_lau.pk]
    both = {u["edition"] for u in _results(api(people.superuser).get("/api/v1/units/?code=99001"))}
    assert both == {"2025-07"}


def test_campaigns_as_the_pages_see_them(api, loop, tree, people):
    campaign, _period, figures = loop
    from tests.campaigns.factories import make_campaign

    sibling = make_campaign(tree.thach_dan, title="Của Thạch Đạn")
    officer = api(people.officer)
    listed = {c["id"] for c in _results(officer.get("/api/v1/campaigns/"))}
    assert campaign.pk in listed and sibling.pk not in listed  # the district's issued one, never a sibling's
    assert officer.get(f"/api/v1/campaigns/{sibling.pk}/").status_code == 404
    detail = officer.get(f"/api/v1/campaigns/{campaign.pk}/").json()
    assert detail["document"]["format"] == "thidua.campaign/2"
    assert detail["document"]["campaign"]["title"] == "Chỉ thị thi đua"
    assert detail["reference"] == "109/PĐ-UBND" and detail["issuing_unit"]["code"] == "183"
    assert _results(officer.get("/api/v1/campaigns/?q=Thạch Đạn")) == []
    rows = _results(officer.get(f"/api/v1/campaigns/{campaign.pk}/figures/"))
    assert [r["id"] for r in rows] == [f.pk for f in figures]
    assert rows[0]["value"] == "1105.0000" and rows[0]["unit_of_measure"] == "tấn"
    assert officer.get(f"/api/v1/campaigns/{sibling.pk}/figures/").status_code == 404


def test_periods_reports_and_rollup(api, loop, tree, people):
    campaign, period, figures = loop
    for unit, user, value in ((tree.cao_lau, people.officer, 1200), (tree.thach_dan, people.sibling_officer, 800)):
        report = services.report_for(period=period, unit=unit)
        report = services.report_save(
            report=report,
            user=user,
            expected_version=report.version,
            values=[ValueInput(figure_id=f.pk, value=Decimal(value)) for f in figures],
        )
        services.report_submit(report=report, user=user, expected_version=report.version)
    officer, reviewer = api(people.officer), api(people.reviewer)
    periods = _results(officer.get(f"/api/v1/periods/?campaign={campaign.pk}"))
    assert [p["label"] for p in periods] == ["6 tháng đầu năm 2024"]
    assert officer.get(f"/api/v1/periods/{period.pk}/").json()["closes_on"] == str(period.closes_on)
    assert [r["unit"]["name"] for r in _results(officer.get("/api/v1/reports/"))] == ["Xã Cao Lâu"]
    assert len(_results(reviewer.get("/api/v1/reports/?status=submitted"))) == 2
    assert _results(reviewer.get("/api/v1/reports/?status=approved")) == []
    detail = officer.get(f"/api/v1/periods/{period.pk}/reports/{tree.cao_lau.pk}/")
    assert detail.status_code == 200 and detail["ETag"] == '"3"'
    assert detail.json()["status"] == "submitted"
    assert [v["value"] for v in detail.json()["values"]] == ["1200.0000", "1200.0000"]
    assert officer.get(f"/api/v1/periods/{period.pk}/reports/{tree.thach_dan.pk}/").status_code == 404
    assert reviewer.get(f"/api/v1/periods/{period.pk}/reports/{tree.hoang_viet.pk}/").status_code == 404  # not in it
    rolled = reviewer.get(f"/api/v1/periods/{period.pk}/rollup/{tree.cao_loc.pk}/").json()
    assert rolled["own"]["expected"] == 2
    assert rolled["own"]["cells"][0]["value"] == "2000.0000" and rolled["own"]["cells"][0]["reported"] == 2
    assert rolled["children"]["count"] == 2
    assert [c["unit"]["name"] for c in rolled["children"]["results"]] == ["Xã Cao Lâu", "Xã Thạch Đạn"]
    assert officer.get(f"/api/v1/periods/{period.pk}/rollup/{tree.cao_loc.pk}/").status_code == 404
    own = officer.get(f"/api/v1/periods/{period.pk}/rollup/{tree.cao_lau.pk}/").json()
    assert own["own"]["cells"][0]["value"] == "1200.0000"


def test_issued_documents_with_pdf_and_verification(api, tree, people):
    from tests.campaigns.factories import make_campaign

    issued = _issued(make_campaign(tree.cao_loc, title="Chỉ thị của huyện"))
    sibling = _issued(make_campaign(tree.thach_dan))
    officer = api(people.officer)
    rows = _results(officer.get("/api/v1/documents/"))
    assert [r["id"] for r in rows] == [issued.pk]  # the district's, seen below it; not the sibling's
    row = rows[0]
    assert row["code"] == issued.code and row["reference"] == "109/PĐ-UBND"
    assert row["pdf_url"] == f"http://testserver/api/v1/documents/{issued.pk}/pdf/"
    assert row["verification_url"] == f"http://testserver/tra-cuu/{issued.code}/"
    assert officer.get(f"/api/v1/documents/{sibling.pk}/").status_code == 404
    pdf = officer.get(row["pdf_url"].removeprefix("http://testserver"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert officer.get(f"/api/v1/documents/{sibling.pk}/pdf/").status_code == 404
    assert _results(officer.get(f"/api/v1/documents/?code={issued.code}"))[0]["id"] == issued.pk
    assert _results(officer.get("/api/v1/documents/?year=2023")) == []


def test_pages_are_capped_and_bad_filters_are_400(api, tree, people, settings):
    admin = api(people.superuser)
    page = admin.get("/api/v1/units/?page_size=100000").json()
    assert page["count"] == 10 and len(page["results"]) == 10
    one = admin.get("/api/v1/units/?page_size=1&page=2").json()
    assert len(one["results"]) == 1 and "page=3" in one["next"]
    beyond = admin.get("/api/v1/units/?page=999")
    assert beyond.status_code == 404 and "trang" in beyond.json()["message"]
    bad = admin.get("/api/v1/units/?kind=planet&edition=1999")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"kind", "edition"}
    assert admin.get("/api/v1/reports/?period=abc").status_code == 400
    assert admin.get(f"/api/v1/units/?parent={2**70}").status_code == 400
    assert admin.get("/api/v1/units/99999999999999999999999/").status_code == 404
    assert admin.get("/api/v1/no-such-thing/").json()["code"] == "not_found"


def test_the_schema_lists_every_route_and_the_docs_page_is_local(client, tree, people):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = set(schema.json()["paths"])
    assert {
        "/api/v1/units/",
        "/api/v1/units/{id}/",
        "/api/v1/campaigns/",
        "/api/v1/campaigns/{id}/",
        "/api/v1/campaigns/{id}/figures/",
        "/api/v1/campaigns/{id}/targets/{unit_pk}/",
        "/api/v1/campaigns/{id}/targets/{unit_pk}/register/",
        "/api/v1/periods/",
        "/api/v1/periods/{id}/",
        "/api/v1/reports/",
        "/api/v1/periods/{period_pk}/reports/{unit_pk}/",
        "/api/v1/periods/{period_pk}/reports/{unit_pk}/save/",
        "/api/v1/periods/{period_pk}/reports/{unit_pk}/submit/",
        "/api/v1/periods/{period_pk}/reports/{unit_pk}/return/",
        "/api/v1/periods/{period_pk}/reports/{unit_pk}/approve/",
        "/api/v1/periods/{period_pk}/rollup/{unit_pk}/",
        "/api/v1/documents/",
        "/api/v1/documents/{id}/",
    } <= paths
    assert "bearerAuth" in schema.json()["components"]["securitySchemes"]
    client.force_login(people.officer)
    docs = client.get("/api/v1/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200 and "<style" not in html and "/static/drf_spectacular_sidecar/" in html
    assert "http" not in html.split("<body>")[1].replace("http-equiv", "")  # nothing from another site
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


@pytest.mark.parametrize(
    ("url", "headers", "status"),
    [
        ("/api/v1/units/?page=99999999999999999999", {}, 404),
        ("/api/v1/units/?page=abc", {}, 404),
        ("/api/v1/units/?page_size=0", {}, 200),
        ("/api/v1/units/?page_size=-5&ordering=password", {}, 200),
        ("/api/v1/units/?q=" + "x" * 500, {}, 400),
        ("/api/v1/units/?q=%00", {}, 400),
        ("/api/v1/campaigns/?year=99999999999999999999999", {}, 200),
        ("/api/v1/documents/?year=3000", {}, 400),
        ("/api/v1/units/", {"HTTP_ACCEPT": "text/html"}, 406),
        ("/api/v1/units/", {"HTTP_AUTHORIZATION": "Basic YWRtaW46YWRtaW4="}, 401),
        ("/api/v1/units/", {"HTTP_AUTHORIZATION": "Bearer td_\u00e9\u00e9_x".encode().decode("latin-1")}, 401),
    ],
)
def test_odd_requests_get_the_error_body_never_a_500(api, tree, people, url, headers, status):
    client = api(people.reviewer) if "HTTP_AUTHORIZATION" not in headers else api()
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:300]
    if status >= 400:
        body = response.json()
        assert body["status"] == status and body["message"] and "Error" not in body["message"][:5]


def test_an_unknown_address_answers_the_json_404_even_to_a_post_with_a_session_cookie(client, people):
    """Not Django's CSRF page (HTML, 403): found by schemathesis against the live server (scripts/api_fuzz)."""
    client.force_login(people.reviewer)
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/v1/campaigns/8/targets/null%2Cnull/register/", {}, content_type="application/json")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")

"""Whose a figure is and who assigned it (issue #19, targets.whose), on the seeds' chain: Tỉnh Lạng Sơn's Chỉ thị →
Huyện Cao Lộc's Chỉ thị 02/CT-UBND, adopted from it → Xã Cao Lâu. The target grid said "Chỉ tiêu của phong trào"
beside the district's 1.020 ha and the commune's 50 ha without saying whose each was; the report page said "tỉnh giao"
of the 50 ha the district assigned."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from reports.models import ReportValue
from reports.selectors import report_rows
from targets import services
from targets.models import Figure, Source, Target
from targets.numbers import format_number
from targets.whose import assigned_by, figure_owner, target_source
from tests.campaigns.test_seeds import seed_units  # noqa: F401 - the fixture is used by name
from tests.factories import member, unit
from tests.reports.test_judgement import chain, reported  # noqa: F401 - the fixtures are used by name
from units.models import UnitKind, UnitType

pytestmark = pytest.mark.django_db

FOREST = "Diện tích trồng rừng mới"  # assigned: province → Cao Lộc (its total), Cao Lộc → Cao Lâu (50 ha)
COVER = "Tỷ lệ che phủ rừng"  # a rate of every unit
TOURISTS = "Lượng khách du lịch"  # the district's own total, assigned to no commune


def _figure(campaign, name):
    return Figure.objects.get(indicator__section__campaign=campaign, name=name)


def _row_html(html: str, name: str) -> str:
    """The table row of the figure named."""
    rows = re.findall(r"<tr\b.*?</tr>", html, flags=re.S)
    found = [row for row in rows if f">{name}<" in row]
    assert len(found) == 1, name
    return found[0]


def _labels(campaign, unit):
    rows = report_rows(campaign=campaign, unit=unit, values={})
    return {row.figure.name: row.source_label for row in rows}


def test_the_grid_says_whose_each_figure_is_and_who_assigned(client, chain):  # noqa: F811
    officer = member(chain.cao_lau, Role.OFFICER, username="canbo.caolau")
    client.force_login(officer)
    url = reverse("target_grid", kwargs={"pk": chain.district.pk, "unit_pk": chain.cao_lau.pk})
    html = client.get(url).content.decode()
    assert '<th class="text-end">Huyện Cao Lộc giao</th>' in html  # the column of what the district assigned
    forest = _row_html(html, FOREST)
    district_total = format_number(_figure(chain.district, FOREST).value)
    assert f"{district_total} ha" in forest and "Chỉ tiêu của Huyện Cao Lộc (toàn huyện)" in forest
    assert ">50<" in forest and "tỉnh giao" not in forest
    cover = _row_html(html, COVER)
    assert "Chỉ tiêu chung cho mỗi đơn vị" in cover and "toàn huyện" not in cover
    assert "Chỉ tiêu của Huyện Cao Lộc (toàn huyện)" in _row_html(html, TOURISTS)


def test_the_districts_grid_on_the_provinces_campaign_says_the_province_assigned(client, chain):  # noqa: F811
    reviewer = member(chain.cao_loc, Role.OFFICER, username="canbo.caoloc")
    client.force_login(reviewer)
    url = reverse("target_grid", kwargs={"pk": chain.province.pk, "unit_pk": chain.cao_loc.pk})
    html = client.get(url).content.decode()
    assert "Tỉnh Lạng Sơn giao" in html and "Huyện Cao Lộc giao" not in html
    assert "Chỉ tiêu của Tỉnh Lạng Sơn (toàn tỉnh)" in _row_html(html, FOREST)


def test_the_source_label_along_the_adopted_chain(chain):  # noqa: F811
    # The commune on the district's Chỉ thị: what the district assigned, and its rates of every unit, are "huyện giao";
    # a district total assigned to no commune has no source (the commune is "không giao chỉ tiêu").
    commune = _labels(chain.district, chain.cao_lau)
    assert (commune[FOREST], commune[COVER], commune[TOURISTS]) == ("huyện giao", "huyện giao", "")
    # The district on the province's Chỉ thị: the province assigned it its share.
    district_below = _labels(chain.province, chain.cao_loc)
    assert district_below[FOREST] == "tỉnh giao" and district_below[COVER] == "tỉnh giao"
    # The district on its own Chỉ thị: the province's figures are "tỉnh giao", its own totals have no source.
    district = _labels(chain.district, chain.cao_loc)
    assert (district[FOREST], district[COVER], district[TOURISTS]) == ("tỉnh giao", "tỉnh giao", "")
    cover = _figure(chain.district, COVER)
    assert (cover.source, cover.source_body) == (Source.ASSIGNED, "tỉnh giao")
    assert _figure(chain.district, TOURISTS).source == Source.OWN


def test_a_registered_target_is_the_units_own(chain):  # noqa: F811
    forest = _figure(chain.district, FOREST)
    target = Target.objects.get(figure=forest, unit=chain.cao_lau)
    services.target_grid_save(
        campaign=chain.district,
        unit=chain.cao_lau,
        user=chain.admin,
        cells=[services.CellInput(forest.pk, chain.cao_lau.pk, Decimal(55), version=target.version)],
    )
    assert _labels(chain.district, chain.cao_lau)[FOREST] == "đơn vị đăng ký"


def test_the_report_page_says_huyen_giao_for_the_commune(client, chain, reported):  # noqa: F811
    officer = member(chain.cao_lau, Role.OFFICER, username="canbo.caolau")
    client.force_login(officer)
    html = client.get(reverse("report_detail", args=[reported.pk, chain.cao_lau.pk])).content.decode()
    forest = _row_html(html, FOREST)
    assert "huyện giao" in forest and "tỉnh giao" not in forest
    assert ReportValue.objects.filter(report__period=reported, report__unit=chain.cao_lau, figure__name=FOREST).exists()


@pytest.mark.parametrize(
    ("kind", "unit_type", "name", "short_name", "owner", "giao"),
    [
        (UnitKind.COMMUNE, UnitType.XA, "Xã Cao Lâu", "Cao Lâu", "Chỉ tiêu của Xã Cao Lâu (toàn xã)", "xã giao"),
        (
            UnitKind.DISTRICT,
            UnitType.THI_XA,
            "Thị xã Bỉm Sơn",
            "Bỉm Sơn",
            "Chỉ tiêu của Thị xã Bỉm Sơn (toàn thị xã)",
            "thị xã giao",
        ),
        (UnitKind.AGENCY, UnitType.SO, "Sở Y tế", "Sở Y tế", "Chỉ tiêu của Sở Y tế (toàn đơn vị)", "sở Y tế giao"),
    ],
)
def test_whose_and_who_assigned_by_kind_of_unit(kind, unit_type, name, short_name, owner, giao):
    issuer = unit(kind=kind, unit_type=unit_type, name=name, short_name=short_name)
    total = Figure(form="at_least", unit_of_measure="ha", aggregation="sum")
    assert figure_owner(total, issuer) == owner and assigned_by(issuer) == giao
    rate = Figure(form="at_least", unit_of_measure="%", aggregation="sum")
    assert figure_owner(rate, issuer) == "Chỉ tiêu chung cho mỗi đơn vị"
    assert target_source(rate, None, issuing_unit=issuer, issuer=False) == giao
    assert target_source(total, None, issuing_unit=issuer, issuer=False) == ""


def test_the_districts_assignment_grid_says_the_province_gave_its_own_figures(client, chain):  # noqa: F811
    client.force_login(member(chain.cao_loc, Role.OFFICER, username="canbo.caoloc"))
    html = client.get(reverse("assignment_grid", kwargs={"pk": chain.district.pk})).content.decode()
    footer = html[html.index("<tfoot") : html.index("</tfoot>")]
    own_row = re.findall(r"<tr>.*?</tr>", footer, flags=re.S)[1]  # "Chỉ tiêu của Cao Lộc"
    forest = _figure(chain.district, FOREST)
    cells = re.findall(r"<td.*?</td>", own_row, flags=re.S)
    forest_cell = next(c for c in cells if f"{format_number(forest.value)} ha" in c)
    assert "tỉnh giao" in forest_cell and "Chỉ tiêu chung cho mỗi đơn vị" not in forest_cell
    assert own_row.count("Chỉ tiêu chung cho mỗi đơn vị") >= 1  # the rates of every unit (tỷ lệ che phủ rừng, …)

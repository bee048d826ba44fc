"""The previous year's value (ReportValue.previous): the baseline a change figure ("Giảm tỷ lệ hộ nghèo 5% trở lên") is
judged against. The unit enters it on its report for change figures only; a change figure is complete for sending
only with both values; the submission keeps it; the report page judges the change with it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.achievement import Status
from reports.models import PeriodKind, ReportEvent, ReportStatus, ReportValue
from reports.services import ValueInput
from targets.models import Direction, Figure, FigureForm
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree, people):
    """A campaign whose first figure is "Giảm tỷ lệ hộ nghèo 5% trở lên" (a change, down) and second "đạt 1106 tấn"
    (at least), and the commune's report for its first half year."""
    campaign = make_campaign(tree.cao_loc, participants=[tree.cao_lau])
    change, at_least = Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk")
    change.name, change.form, change.direction = "Giảm tỷ lệ hộ nghèo", FigureForm.CHANGE, Direction.DOWN
    change.value, change.unit_of_measure = Decimal(5), "%"
    change.save()
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(timezone.localdate(), datetime.date(2024, 6, 30)),
    )
    report = services.report_for(period=period, unit=tree.cao_lau)
    return period, report, change, at_least


def test_save_and_submit_with_the_previous_value(setup, people):
    _period, report, change, at_least = setup
    saved = services.report_save(
        report=report,
        user=people.officer,
        expected_version=report.version,
        values=[
            ValueInput(figure_id=change.pk, value=Decimal(92)),  # no baseline yet
            ValueInput(figure_id=at_least.pk, value=Decimal(1200)),
        ],
    )
    assert services.report_missing(saved) == [change]  # the change cannot be judged without the baseline
    with pytest.raises(ValidationError):
        services.report_submit(report=saved, user=people.officer, expected_version=saved.version)

    saved = services.report_save(
        report=saved,
        user=people.officer,
        expected_version=saved.version,
        values=[ValueInput(figure_id=change.pk, value=Decimal(92), previous=Decimal(100))],
    )
    assert ReportValue.objects.get(report=saved, figure=change).previous == Decimal(100)
    sent = services.report_submit(report=saved, user=people.officer, expected_version=saved.version)
    assert sent.status == ReportStatus.SUBMITTED
    snapshot = ReportEvent.objects.get(report=sent).snapshot["values"]
    assert snapshot[str(change.pk)]["previous"] == "100" and snapshot[str(change.pk)]["value"] == "92"
    assert "previous" not in snapshot[str(at_least.pk)]  # only a figure with a baseline carries one


def test_a_missing_reason_stands_for_a_missing_baseline(setup, people):
    _period, report, change, at_least = setup
    saved = services.report_save(
        report=report,
        user=people.officer,
        expected_version=report.version,
        values=[
            ValueInput(figure_id=change.pk, value=Decimal(92), missing_reason="Chưa có số liệu năm 2023."),
            ValueInput(figure_id=at_least.pk, value=Decimal(1200)),
        ],
    )
    assert services.report_missing(saved) == []


def test_previous_is_refused_for_a_figure_that_is_not_a_change(setup, people):
    _period, report, change, at_least = setup
    with pytest.raises(ValidationError) as error:
        services.report_save(
            report=report,
            user=people.officer,
            expected_version=report.version,
            values=[ValueInput(figure_id=at_least.pk, value=Decimal(1200), previous=Decimal(1000))],
        )
    assert list(error.value.message_dict) == [f"figure_{at_least.pk}"]
    assert at_least.name in error.value.message_dict[f"figure_{at_least.pk}"][0]
    assert not ReportValue.objects.exists()  # all or nothing


def _url(period, unit):
    return reverse("report_detail", kwargs={"period_pk": period.pk, "unit_pk": unit.pk})


def _status_of(html: str, figure) -> str:
    row = re.search(rf'id="figure-{figure.pk}">(.*?)</tr>', html, re.S).group(1)
    return re.search(r'class="badge ach ach-(\w+)"', row).group(1)


def test_the_page_takes_the_previous_year_and_judges_the_change_with_it(client, setup, tree, people):
    period, report, change, at_least = setup
    client.force_login(people.officer)
    html = client.get(_url(period, tree.cao_lau)).content.decode()
    assert f'name="previous_{change.pk}"' in html
    assert re.search(rf'<label[^>]*for="id_previous_{change.pk}">(Năm trước|Previous year)</label>', html)
    assert f'name="previous_{at_least.pk}"' not in html  # only a change figure takes a baseline
    assert _status_of(html, change) == Status.NO_DATA

    data = {
        "action": "submit",
        "version": str(report.version),
        f"value_{change.pk}": "92",
        f"previous_{change.pk}": "100",
        f"value_{at_least.pk}": "1.106",
    }
    response = client.post(_url(period, tree.cao_lau), data)
    assert response.status_code == 302
    value = ReportValue.objects.get(report=report, figure=change)
    assert (value.value, value.previous) == (Decimal(92), Decimal(100))

    html = client.get(_url(period, tree.cao_lau)).content.decode()  # read-only now: sent for review
    row = re.search(rf'id="figure-{change.pk}">(.*?)</tr>', html, re.S).group(1)
    # A poverty rate of 100% → 92% is a fall of 8 percentage points (issue #19: a rate's change is in points, where
    # this test read it as 8% of the previous value), against "5 or more": above it (vượt, 160%).
    assert _status_of(html, change) == Status.EXCEEDED
    assert "Giảm 8,0 điểm phần trăm" in row and "100% → 92%" in row and "160,0%" in row
    assert 'data-role="previous"' in row and "100%" in row


def test_the_page_refuses_a_previous_value_typed_the_english_way(client, setup, tree, people):
    period, report, change, at_least = setup
    client.force_login(people.officer)
    data = {
        "action": "save",
        "version": str(report.version),
        f"value_{change.pk}": "92",
        f"previous_{change.pk}": "100.5",
        f"value_{at_least.pk}": "1.106",
    }
    response = client.post(_url(period, tree.cao_lau), data)
    assert response.status_code == 400
    assert 'value="100.5"' in response.content.decode()  # what was typed is kept
    assert not ReportValue.objects.exists()


def _cell(html: str, name: str) -> str:
    """The input named ``name`` and the markup after it up to the end of its cell."""
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start) : html.index("</td>", start)]


def test_a_refusal_names_the_missing_previous_value_and_marks_that_cell(setup, people, client):
    """Issue #19: the refusal said "no value" while the value was there and the previous year's value was not."""
    period, report, change, at_least = setup
    url = reverse("report_detail", kwargs={"period_pk": period.pk, "unit_pk": report.unit_id})
    client.force_login(people.officer)
    response = client.post(
        url,
        {
            "version": report.version,
            "action": "submit",
            f"value_{change.pk}": "2,3",  # the rate this year, without last year's
            f"value_{at_least.pk}": "",  # nothing, and no reason
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"{change.name} (thiếu số liệu năm trước)" in html and f"{at_least.name} (thiếu số liệu)" in html
    previous, value = _cell(html, f"previous_{change.pk}"), _cell(html, f"value_{change.pk}")
    assert "is-invalid" in previous and "Nhập số liệu năm trước" in previous
    assert "is-invalid" not in value.split(">")[0]  # the value typed is not what is missing
    other = _cell(html, f"value_{at_least.pk}")
    assert "is-invalid" in other.split(">")[0] and "Nhập số liệu, hoặc ghi lý do chưa có số liệu." in other
    assert "data-focus-invalid" in html  # static/js/app.js scrolls to the first and focuses it


def test_gaps_say_what_each_figure_lacks(setup, people):
    _period, report, change, at_least = setup
    saved = services.report_save(
        report=report,
        user=people.officer,
        expected_version=report.version,
        values=[ValueInput(figure_id=change.pk, previous=Decimal("3.1"))],
    )
    gaps = {gap.figure: (gap.value, gap.previous) for gap in services.report_gaps(saved)}
    assert gaps == {change: (True, False), at_least: (True, False)}
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=saved, user=people.officer, expected_version=saved.version)
    assert set(error.value.message_dict) == {"__all__", f"figure_{change.pk}", f"figure_{at_least.pk}"}

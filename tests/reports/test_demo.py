"""The demo reports (reports.demo): Cao Lộc's Chỉ thị gets its 2024 periods and its communes' reports, one returned
with a reason on a figure; the roll-up adds them up; a second load changes nothing."""

import pytest
from django.contrib.auth import get_user_model

from campaigns.demo import demo_load_campaigns, demo_load_target_chain
from campaigns.models import Campaign
from reports import rollup
from reports.demo import RETURN_REASON, demo_load_reports
from reports.models import ReportStatus
from tests.campaigns.test_seeds import seed_units  # noqa: F401 - the fixture is used by name
from tests.factories import unit
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_reports(seed_units):  # noqa: F811
    cao_loc = Unit.objects.get_parent(seed_units["06196"])
    thach_dan = unit(cao_loc, code="06199", short_name="Thạch Đạn")
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "x")
    demo_load_campaigns()
    demo_load_target_chain(user=admin)
    campaign = Campaign.objects.get(issuing_unit=cao_loc, higher_campaign__isnull=False)
    assert demo_load_reports(campaign=campaign, reviewer=admin, officers={}) == 3  # 2 communes × 2 periods − 1
    half, year = campaign.periods.order_by("ends_on")
    returned = half.reports.get(unit=thach_dan)
    assert returned.status == ReportStatus.RETURNED and returned.return_reason == RETURN_REASON
    assert returned.values.exclude(return_reason="").count() == 1
    assert half.reports.get(unit=seed_units["06196"]).status == ReportStatus.APPROVED
    assert year.reports.count() == 1  # the last commune has not started the year
    roll = rollup.rollup_unit(period=half, unit=cao_loc)
    assert roll.expected == 2 and any(cell.value is not None for cell in roll.cells.values())
    assert demo_load_reports(campaign=campaign, reviewer=admin, officers={}) == 0
    from summaries.demo import demo_load_summary
    from summaries.models import SummaryReport

    assert demo_load_summary() and not demo_load_summary()
    summary = SummaryReport.objects.get(period=half)
    assert summary.unit == cao_loc and "1/2 đơn vị đã gửi báo cáo" in summary.results  # Thạch Đạn's came back
    # six months: additive totals against half the year's, rates against the year's as "chỉ tiêu cả năm"
    assert "2.030 (cả năm 4.060)" in str(summary_annex_targets(half, cao_loc))
    assert "chỉ tiêu cả năm đang thực hiện" in summary.results
    assert "Sở Nội vụ tỉnh Lạng Sơn;" in summary.recipient_lines


def summary_annex_targets(period, unit) -> list[str]:
    from summaries.selectors import summary_annex

    return [row.target for row in summary_annex(period=period, unit=unit)]


def test_demo_scoring_sheet(seed_units):  # noqa: F811
    from scoring.demo import demo_load_scoring
    from scoring.models import ScoreEntry, ScoreSheet, StageKind
    from units.models import Cluster, ClusterMember, MemberRole

    cao_loc = Unit.objects.get_parent(seed_units["06196"])
    thach_dan = unit(cao_loc, code="06199", short_name="Thạch Đạn")
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "x")
    demo_load_campaigns()
    demo_load_target_chain(user=admin)
    campaign = Campaign.objects.get(issuing_unit=cao_loc, higher_campaign__isnull=False)
    demo_load_reports(campaign=campaign, reviewer=admin, officers={})
    cluster = Cluster.objects.create(organiser=cao_loc, name="Cụm thi đua số 1", year=2024)
    ClusterMember.objects.create(cluster=cluster, unit=seed_units["06196"], role=MemberRole.LEADER)
    ClusterMember.objects.create(cluster=cluster, unit=thach_dan, role=MemberRole.MEMBER)
    period = campaign.periods.order_by("-ends_on").first()
    members = {seed_units["06196"].pk: admin, thach_dan.pk: admin}
    assert demo_load_scoring(
        cluster=cluster, campaign=campaign, period=period, organiser_user=admin, member_users=members
    )
    sheet = ScoreSheet.objects.get(cluster=cluster)
    assert sheet.stages.get(kind=StageKind.EXPLANATION).status == "open"
    # 2 members × 8 criteria (with the level row, the penalty per case, the 0 / -2 penalty and the disqualifier)
    assert ScoreEntry.objects.filter(stage__sheet=sheet, stage__kind=StageKind.SELF).count() == 16
    assert not demo_load_scoring(
        cluster=cluster, campaign=campaign, period=period, organiser_user=admin, member_users=members
    )


@pytest.mark.parametrize(
    ("unit_of_measure", "count"),
    [
        ("xã", True),
        ("trường", True),
        ("xã, thị trấn", True),
        ("HTX", True),
        ("Hộ", True),
        ("lượt", True),
        ("nghìn lượt", False),  # thousands: 162,4 nghìn lượt is a value
        ("bác sĩ/vạn dân", False),
        ("%", False),
        ("ha", False),
        ("tỷ đồng", False),
        ("", False),
    ],
)
def test_a_count_is_told_by_its_unit_of_measure(unit_of_measure, count):
    from types import SimpleNamespace

    from targets.rules import is_count

    assert is_count(SimpleNamespace(unit_of_measure=unit_of_measure, form="at_least")) is count


def test_demo_counts_are_whole_and_the_trail_has_the_demo_dates(seed_units):  # noqa: F811
    """Issue #19 item 6: no "0,5 xã" or "7,4 trường" from demo data, on the district's own totals or the reports;
    the review history says a report was sent and reviewed when its header says it was."""
    from reports.models import Report, ReportAction, ReportValue
    from targets.models import Figure
    from targets.rules import is_count

    cao_loc = Unit.objects.get_parent(seed_units["06196"])
    unit(cao_loc, code="06199", short_name="Thạch Đạn")
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "x")
    demo_load_campaigns()
    demo_load_target_chain(user=admin)
    campaign = Campaign.objects.get(issuing_unit=cao_loc, higher_campaign__isnull=False)
    demo_load_reports(campaign=campaign, reviewer=admin, officers={})

    district_counts = [f for f in Figure.objects.filter(indicator__section__campaign=campaign) if is_count(f)]
    assert district_counts, "the district's Chỉ thị has count figures"
    for figure in district_counts:
        for number in (figure.value, figure.value_high):
            assert number is None or number == number.to_integral_value(), (figure.name, number)
    values = [v for v in ReportValue.objects.select_related("figure") if is_count(v.figure)]
    reported = [n for v in values for n in (v.value, v.previous) if n is not None]
    assert len(reported) >= 6
    assert all(n == n.to_integral_value() for n in reported), [n for n in reported if n != n.to_integral_value()]

    reports = list(Report.objects.exclude(submitted_at=None).prefetch_related("events"))
    assert {r.status for r in reports} >= {ReportStatus.APPROVED, ReportStatus.RETURNED}
    for report in reports:
        times = {e.action: e.at for e in report.events.all()}
        assert times[ReportAction.SUBMIT] == report.submitted_at
        for action in (ReportAction.APPROVE, ReportAction.RETURN):
            if action in times:
                assert times[action] == report.reviewed_at


def test_the_changes_of_an_issued_demo_document_carry_its_date(seed_units):  # noqa: F811
    """The "Changes" card of Huyện Cao Lộc's 02/CT-UBND of 16/01/2024 says its targets were assigned that day, not
    on the day the demo was loaded; the order of the changes is kept, and a second pass moves nothing."""
    import datetime

    from django.utils import timezone

    from campaigns.demo import demo_date_changes
    from campaigns.selectors import campaign_changes

    started = timezone.now()
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "x")
    demo_load_campaigns()
    demo_load_target_chain(user=admin)
    district = Campaign.objects.get(higher_campaign__isnull=False, issuing_unit__code="183")
    before = campaign_changes(campaign=district)
    assert before and all(c.when >= started for c in before)
    assert demo_date_changes(since=started) > 0
    after = campaign_changes(campaign=district)
    assert {timezone.localtime(c.when).date() for c in after} == {datetime.date(2024, 1, 16)}
    assert [(c.what, c.kind) for c in after] == [(c.what, c.kind) for c in before]  # same order
    assert demo_date_changes(since=timezone.now()) == 0


def test_small_shares_of_a_count_add_up_to_the_total():
    """2 trường over 22 communes: each commune reports a whole number, and together about the 2, not 22 zeros."""
    import random
    from decimal import Decimal
    from types import SimpleNamespace

    from reports.demo import _plausible

    figure = SimpleNamespace(pk=1, value=Decimal(2), aggregation="sum", unit_of_measure="trường")
    rng, carry = random.Random(1), {}
    values = [_plausible(figure, None, Decimal(1) / 22, rng, Decimal(1), carry) for _unit in range(22)]
    assert all(v == v.to_integral_value() for v in values)
    assert sum(values) == carry[1].to_integral_value(rounding="ROUND_FLOOR") == 2

"""History across the 2025 merger (issue 18, item 3): consecutive-year chains run across it, "so với năm 2024"
adds up the predecessors' 2024 results, and moving people leaves the 2024 decisions and roll-ups as they were.
Xã Cao Lâu (06196) and Xã Thạch Đạn cease on 30/6/2025; Xã Ba Sơn (06202) is their main successor (tests/merger.py).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from awards import eligibility
from awards.models import AwardKind, AwardRecord, AwardRule, AwardType, DecisionEntry
from campaigns.serialization import campaign_import
from documents.models import IssuedDocument
from people.models import Collective, CollectiveKind, Person
from reports import rollup, selectors
from reports.baseline import predecessors_sum
from reports.forms import ReportForm
from reports.models import Period, PeriodKind, Report, ReportStatus, ReportValue
from reports.selectors import report_page
from targets.models import Direction, Figure, FigureForm
from tests.awards.factories import draft, issue
from tests.campaigns.factories import campaign_data
from tests.merger import merge_2025
from units.reorganise import follow_successors

pytestmark = pytest.mark.django_db


def record(award_type, year, *, person=None, collective=None, kind=AwardKind.REGULAR, reference=None):
    return AwardRecord.objects.create(
        person=person,
        collective=collective,
        award_type=award_type,
        year=year,
        award_kind=kind,
        decision_reference=reference or f"{year % 100:02d}/QĐ-UBND",
        decided_on=datetime.date(year + 1, 1, 10),
        decided_by="Chủ tịch UBND",
    )


def chain(verdict) -> dict[str, bool]:
    return {check.label: check.ok for check in verdict.checks if check.label.startswith("CSTĐCS")}


# ---------------------------------------------------------------- a person's chain


def test_a_cstdcs_chain_runs_across_the_merger_for_a_person(tree, awards):
    hoa = Person.objects.create(unit=tree.cao_lau, full_name="Nguyễn Thị Hoa")
    record(awards.cstdcs, 2024, person=hoa, reference="05/QĐ-UBND")  # decided in Huyện Cao Lộc's time
    before = eligibility.judge(award_type=awards.cstd_tinh, year=2026, person=hoa)
    assert chain(before) == {"CSTĐCS 2024": True, "CSTĐCS 2025": False, "CSTĐCS 2026": False}

    new = merge_2025(tree)
    follow_successors(apply=True)
    hoa.refresh_from_db()
    assert hoa.unit == new.ba_son
    record(awards.cstdcs, 2025, person=hoa)  # in Xã Ba Sơn
    record(awards.cstdcs, 2026, person=hoa)
    verdict = eligibility.judge(award_type=awards.cstd_tinh, year=2026, person=hoa)
    assert chain(verdict) == {"CSTĐCS 2024": True, "CSTĐCS 2025": True, "CSTĐCS 2026": True}
    assert verdict.eligible  # as if no merger had happened
    detail = next(check.detail for check in verdict.checks if check.label == "CSTĐCS 2024")
    assert "05/QĐ-UBND" in detail


# ---------------------------------------------------------------- the commune itself as a collective


@pytest.fixture
def commune_title(awards):
    """A title for a commune that needs three consecutive years of Xã tiêu biểu (the catalogue has no collective
    chain of its own; rules are data, so a province could set one)."""
    flag = AwardType.objects.create(
        code="co-xa-test", name="Cờ của xã (thử)", short_name="Cờ xã", category="title", recipient="commune"
    )
    AwardRule.objects.create(
        award_type=flag,
        valid_from=datetime.date(2020, 1, 1),
        legal_basis="Thử",
        confer_kind="province",
        prerequisite=awards.xa_tieu_bieu,
        prerequisite_years=3,
    )
    return flag


def _commune(unit, keeper):
    return Collective.objects.create(unit=keeper, kind=CollectiveKind.COMMUNE, name=unit.name, linked_unit=unit)


def test_a_commune_counts_its_predecessors_years(tree, awards, commune_title):
    cao_lau, thach_dan = _commune(tree.cao_lau, tree.cao_loc), _commune(tree.thach_dan, tree.cao_loc)
    record(awards.xa_tieu_bieu, 2024, collective=cao_lau, reference="11/QĐ-UBND")
    record(awards.xa_tieu_bieu, 2024, collective=thach_dan, reference="12/QĐ-UBND")
    new = merge_2025(tree)
    plan = follow_successors(apply=True)
    # Xã Ba Sơn as a collective is created where its predecessors are kept (the district's successor, the province).
    ba_son = Collective.objects.get(kind=CollectiveKind.COMMUNE, linked_unit=new.ba_son)
    assert (ba_son.name, ba_son.unit) == ("Xã Ba Sơn", new.lang_son)
    assert [(row.name, [p.name for p in predecessors]) for row, predecessors in plan.created] == [
        ("Xã Ba Sơn", ["Xã Cao Lâu", "Xã Thạch Đạn"])
    ]
    record(awards.xa_tieu_bieu, 2025, collective=ba_son)
    record(awards.xa_tieu_bieu, 2026, collective=ba_son)

    def checks():
        verdict = eligibility.judge(award_type=commune_title, year=2026, collective=ba_son)
        return verdict, {c.label: (c.ok, c.detail) for c in verdict.checks}

    with translation.override("vi"):
        verdict, by_label = checks()
        assert verdict.eligible
        ok, detail = by_label["Xã, phường tiêu biểu 2024"]
        assert ok and "Xã Cao Lâu, trước khi sắp xếp: quyết định 11/QĐ-UBND" in detail and "12/QĐ-UBND" in detail
        assert by_label["Xã, phường tiêu biểu 2025"][0] and by_label["Xã, phường tiêu biểu 2026"][0]

        # Every predecessor must have held it: one that did not breaks the chain, and is named.
        AwardRecord.objects.filter(collective=thach_dan).delete()
        verdict, by_label = checks()
        assert not verdict.eligible
        assert by_label["Xã, phường tiêu biểu 2024"] == (
            False,
            "Xã Thạch Đạn, trước khi sắp xếp: không có trong lịch sử khen thưởng",
        )

        # An ad hoc award of a predecessor does not count either.
        record(awards.xa_tieu_bieu, 2024, collective=thach_dan, kind=AwardKind.AD_HOC)
        assert not checks()[0].eligible


def test_a_commune_without_predecessors_has_only_its_own_years(tree, awards, commune_title):
    hoang_viet = _commune(tree.hoang_viet, tree.van_lang)
    record(awards.xa_tieu_bieu, 2025, collective=hoang_viet)
    record(awards.xa_tieu_bieu, 2026, collective=hoang_viet)
    verdict = eligibility.judge(award_type=commune_title, year=2026, collective=hoang_viet)
    assert not verdict.eligible
    assert not next(c for c in verdict.checks if c.label.endswith("2024")).ok


# ---------------------------------------------------------------- 2024 stays as it was issued


def _year_period(campaign, year) -> Period:
    return Period.objects.create(
        campaign=campaign,
        kind=PeriodKind.YEAR,
        label=f"Năm {year}",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        due_on=datetime.date(year, 12, 15),
    )


def _approved(period, unit, values: dict) -> Report:
    report = Report.objects.create(period=period, unit=unit, status=ReportStatus.APPROVED)
    for figure, value in values.items():
        ReportValue.objects.create(report=report, figure=figure, value=value)
    return report


def test_moving_people_leaves_the_2024_decision_and_roll_up_as_issued(tree, people, council, awards):
    decision = draft(council, people)
    issued, _job = issue(decision, people)
    campaign = campaign_import(data=campaign_data(tree.cao_loc, participants=[tree.cao_lau, tree.thach_dan]))
    first, second = Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk")
    period = _year_period(campaign, 2024)
    _approved(period, tree.cao_lau, {first: Decimal(600), second: Decimal(7)})
    _approved(period, tree.thach_dan, {first: Decimal(500), second: Decimal(3)})

    def snapshot():
        document = IssuedDocument.objects.get(pk=issued.pk)
        roll = rollup.rollup_unit(period=period, unit=tree.cao_loc)
        return (
            document.html,
            document.snapshot,
            document.reference,
            sorted(DecisionEntry.objects.filter(decision=decision).values_list("description", "amount"), key=str),
            sorted(
                AwardRecord.objects.values_list("person_id", "collective_id", "award_type_id", "year", "amount"),
                key=str,
            ),
            {pk: (cell.value, cell.reported, cell.expected, cell.status) for pk, cell in roll.cells.items()},
            sorted(Report.objects.values_list("unit_id", "status")),
        )

    before = snapshot()
    assert before[5][first.pk][:3] == (Decimal(1100), 2, 2)
    new = merge_2025(tree)
    plan = follow_successors(apply=True)
    assert council.hoa.pk in {move.subject.pk for move in plan.people}
    assert Person.objects.get(pk=council.hoa.pk).unit == new.ba_son
    assert snapshot() == before


# ---------------------------------------------------------------- "so với năm 2024"


@pytest.fixture
def years(tree):
    """Huyện Cao Lộc's 2024 campaign with both communes' approved year-end reports (600 and 500 tấn), and the two-tier
    Lạng Sơn's 2025 campaign where "Chỉ tiêu số 1" must grow by 3% on 2024."""
    old = campaign_import(data=campaign_data(tree.cao_loc, participants=[tree.cao_lau, tree.thach_dan]))
    first_2024, _second = Figure.objects.filter(indicator__section__campaign=old).order_by("pk")
    period_2024 = _year_period(old, 2024)
    _approved(period_2024, tree.cao_lau, {first_2024: Decimal(600)})
    _approved(period_2024, tree.thach_dan, {first_2024: Decimal(500)})
    new = merge_2025(tree)
    data = campaign_data(new.lang_son, participants=[new.ba_son], year=2025, number=12)
    data["campaign"]["issued_on"] = "2025-07-20"
    campaign = campaign_import(data=data)
    change, _other = Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk")
    change.form, change.direction, change.value, change.unit_of_measure = (
        FigureForm.CHANGE,
        Direction.UP,
        Decimal(3),
        "%",
    )
    change.save()
    period = _year_period(campaign, 2025)
    return new, period, change, period_2024, first_2024


def _row(page, figure):
    return next(row for row in page.rows if row.figure.pk == figure.pk)


def test_a_merged_commune_is_compared_with_its_predecessors_2024_sum(tree, years):
    new, period, change, _period_2024, _first = years
    report = Report.objects.create(period=period, unit=new.ba_son)
    ReportValue.objects.create(report=report, figure=change, value=Decimal(1210))  # no previous of its own
    page = report_page(period=period, unit=new.ba_son)
    row = _row(page, change)
    assert row.inherited_previous == Decimal(1100)  # 600 + 500
    with translation.override("vi"):
        assert _row(report_page(period=period, unit=new.ba_son), change).previous_text == (
            "1.100% (cộng của các đơn vị trước khi sắp xếp)"
        )
    # 1.100 → 1.210 is +10% against "tăng 3%": exceeded.
    assert row.achievement.status == selectors.Status.EXCEEDED and "1.100" in row.achievement.explanation
    form = ReportForm(rows=page.rows, report=page.report)
    assert form.initial[f"previous_{change.pk}"] == Decimal(1100)  # offered on the entry form

    ReportValue.objects.filter(report=report, figure=change).update(previous=Decimal(1200))  # its own wins
    row = _row(report_page(period=period, unit=new.ba_son), change)
    assert row.inherited_previous is None and "1.200" in row.achievement.explanation


def test_the_predecessors_sum_for_any_year(tree, years):
    new, _period, change, _period_2024, _first = years
    assert predecessors_sum(unit=new.ba_son, figure=change, year=2024) == Decimal(1100)  # a 2026 figure too
    assert predecessors_sum(unit=new.ba_son, figure=change, year=2023) is None  # no 2023 reports
    assert predecessors_sum(unit=tree.hoang_viet, figure=change, year=2024) is None  # took over nothing


def test_no_baseline_unless_every_predecessor_reported_an_approved_year(tree, years):
    new, period, change, period_2024, _first = years
    Report.objects.filter(period=period_2024, unit=tree.thach_dan).update(status=ReportStatus.SUBMITTED)
    row = _row(report_page(period=period, unit=new.ba_son), change)
    assert row.inherited_previous is None and row.achievement.status == selectors.Status.NO_DATA


def test_a_rate_of_several_predecessors_is_not_added_up(tree, years):
    new, period, change, _period_2024, _first = years
    Figure.objects.filter(pk=change.pk).update(aggregation="weighted")
    row = _row(report_page(period=period, unit=new.ba_son), change)
    assert row.inherited_previous is None

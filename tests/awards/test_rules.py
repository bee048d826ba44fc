"""The award rules engine (awards.eligibility, awards.money, awards.rules) on the catalogue the data migration loads:
the boundary cases of the issue. Labels are compared in English (translation.override("en")), so the tests do not
depend on the Vietnamese catalogue; the structure of the explanation is compared in any language."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import Role
from accounts.permissions import ActionRefused
from awards import eligibility
from awards.catalogue import catalogue_ensure
from awards.eligibility import Check, Verdict, judge, nomination_check
from awards.models import AwardKind, AwardRecord, AwardRule, AwardSetting, AwardType, BaseSalary, SettingKey
from awards.money import award_amount, base_salary, money_for
from awards.rules import ballot_passes, confer_kind, confer_kinds, judgement_date, rule_for, vote_threshold
from awards.services_settings import setting_create
from nominations.models import Nomination, NominationStatus
from people.models import (
    Collective,
    CollectiveKind,
    DisciplineKind,
    DisciplineRecord,
    Initiative,
    Person,
    Rating,
    TaskRating,
)
from tests.factories import member

D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cat(db):
    catalogue_ensure()  # the migration loaded it; a flushed database gets it back
    return {t.code: t for t in AwardType.objects.all()}


@pytest.fixture
def office(tree):
    return Collective.objects.create(unit=tree.cao_lau, kind=CollectiveKind.COLLECTIVE, name="Văn phòng UBND xã")


def person(tree, name="Nguyễn Thị Hoa", collective=None, unit=None):
    return Person.objects.create(unit=unit or tree.cao_lau, collective=collective, full_name=name)


def record(subject, award_type, year, kind=AwardKind.REGULAR):
    field = "person" if isinstance(subject, Person) else "collective"
    return AwardRecord.objects.create(
        **{field: subject},
        award_type=award_type,
        year=year,
        award_kind=kind,
        decision_reference=f"{year}/QĐ-UBND",
        decided_on=D(year + 1, 1, 15),
        decided_by="Chủ tịch UBND huyện Cao Lộc",
    )


def rate(subject, year, rating):
    field = "person" if isinstance(subject, Person) else "collective"
    return TaskRating.objects.create(**{field: subject}, year=year, rating=rating)


def nominate(subject, award_type, year, status=NominationStatus.SUBMITTED, kind=AwardKind.REGULAR):
    field = "person" if isinstance(subject, Person) else "collective"
    return Nomination.objects.create(
        **{field: subject}, unit=subject.unit, award_type=award_type, year=year, status=status, award_kind=kind
    )


def labels(verdict):
    return [(c.label, c.ok) for c in verdict.checks]


# ------------------------------------------------------------------ the catalogue as data


def test_the_migration_loads_every_title_and_form_with_a_rule_for_each_period(cat):
    assert {
        "ldtt",
        "cstdcs",
        "cstd-tinh",
        "cstd-toan-quoc",
        "ttldtt",
        "ttldxs",
        "co-thi-dua-tinh",
        "thon-van-hoa",
        "gia-dinh-van-hoa",
        "xa-tieu-bieu",
        "giay-khen",
        "giay-khen-tt",
        "bang-khen-tinh",
        "bang-khen-tinh-tt",
    } <= set(cat)
    for award_type in cat.values():
        *history, old, new = AwardRule.objects.filter(award_type=award_type).order_by("valid_from")
        if award_type.code == "xa-tieu-bieu":  # a title since the law of 2022
            assert history == []
        else:  # the award history: the law of 2003 with Nghị định 42/2010, then 91/2017, until 31/12/2023
            nd42, nd91 = history
            assert (nd42.valid_from, nd42.valid_until) == (D(2010, 6, 1), D(2017, 9, 14))
            assert (nd91.valid_from, nd91.valid_until) == (D(2017, 9, 15), D(2023, 12, 31))
            assert "42/2010/NĐ-CP" in nd42.legal_basis and "91/2017/NĐ-CP" in nd91.legal_basis
        assert (old.valid_from, old.valid_until) == (D(2024, 1, 1), D(2025, 6, 30))
        assert (new.valid_from, new.valid_until) == (D(2025, 7, 1), None)
        assert "98/2023/NĐ-CP" in old.legal_basis and "152/2025/NĐ-CP" in new.legal_basis
        assert "129/2025/NĐ-CP" in new.legal_basis
    assert cat["cstdcs"].recipient == "individual" and cat["thon-van-hoa"].recipient == "village"
    assert cat["gia-dinh-van-hoa"].recipient == "household" and cat["giay-khen"].category == "form"
    catalogue_ensure()  # idempotent
    assert AwardRule.objects.count() == 2 * len(cat) + 2 * (len(cat) - 1)


def test_judgement_date_and_the_rule_in_force(cat):
    assert judgement_date(2024) == D(2024, 12, 31)
    assert "98/2023" in rule_for(cat["cstdcs"], D(2025, 6, 30)).legal_basis
    assert "152/2025" in rule_for(cat["cstdcs"], D(2025, 7, 1)).legal_basis
    assert rule_for(cat["cstdcs"], D(2023, 12, 31)) is None  # the rules of the history judge nothing
    history = rule_for(cat["cstd-tinh"], D(2023, 12, 31), history=True)
    assert "91/2017/NĐ-CP" in history.legal_basis and "tỉnh, thành phố trực thuộc trung ương" in history.printed_name


def test_who_confers_cstdcs_before_and_after_1_july_2025(cat):
    assert confer_kind(award_type=cat["cstdcs"], on=D(2025, 6, 30)) == "district"
    assert confer_kind(award_type=cat["cstdcs"], on=D(2025, 7, 1)) == "commune"
    assert confer_kind(award_type=cat["thon-van-hoa"], on=D(2025, 6, 30)) == "district"
    assert confer_kind(award_type=cat["ttldtt"], on=D(2025, 7, 1)) == "commune"
    assert confer_kinds(award_type=cat["ldtt"], on=D(2025, 6, 30)) == ("commune", "district")
    assert confer_kinds(award_type=cat["ldtt"], on=D(2025, 7, 1)) == ("commune",)
    for code in ("co-thi-dua-tinh", "cstd-tinh", "ttldxs", "bang-khen-tinh"):
        assert confer_kind(award_type=cat[code], on=D(2025, 7, 1)) == "province"
    assert confer_kind(award_type=cat["cstdcs"], on=D(2023, 6, 1)) == ""


def test_no_rule_in_force_is_not_eligible_and_says_so(tree, cat):
    hoa = person(tree)
    rate(hoa, 2023, Rating.EXCELLENT)
    verdict = judge(award_type=cat["ldtt"], year=2023, person=hoa)
    assert not verdict.eligible and verdict.rule is None
    assert labels(verdict) == [("no rule for LĐTT is in force on 31/12/2023", False)]


# ------------------------------------------------------------------ individuals


def test_ldtt_needs_a_good_rating(tree, cat):
    hoa, nam = person(tree), person(tree, "Trần Văn Nam")
    rate(hoa, 2024, Rating.GOOD)
    rate(nam, 2024, Rating.COMPLETED)
    assert judge(award_type=cat["ldtt"], year=2024, person=hoa).eligible
    refused = judge(award_type=cat["ldtt"], year=2024, person=nam)
    assert not refused.eligible
    assert refused.checks[0].detail == "rated: completed tasks"
    missing = judge(award_type=cat["ldtt"], year=2024, person=person(tree, "Lê Văn Ba"))
    assert not missing.eligible and missing.checks[0].detail == "no rating entered for 2024"


def test_cstdcs_explains_excellent_or_initiative_and_either_suffices(tree, cat):
    hoa = person(tree)
    record(hoa, cat["ldtt"], 2024)
    rate(hoa, 2024, Rating.GOOD)
    Initiative.objects.create(
        person=hoa,
        code="SK-2024-03",
        title="Số hóa hồ sơ một cửa",
        recognised_by="Hội đồng sáng kiến xã",
        recognised_on=D(2024, 10, 2),
    )
    verdict = judge(award_type=cat["cstdcs"], year=2024, person=hoa)
    assert verdict.eligible
    assert verdict.summary() == (
        "CSTĐCS: LĐTT 2024 ✓; completed tasks excellently ✗; initiative SK-2024-03 recognised ✓ → eligible"
    )
    with translation.override("vi"):  # whatever the translation, the shape of the explanation holds
        vietnamese = judge(award_type=cat["cstdcs"], year=2024, person=hoa).summary()
    assert re.fullmatch(r"CSTĐCS: LĐTT 2024 ✓; [^;]+ ✗; [^;]*SK-2024-03[^;]* ✓ → .+", vietnamese)
    assert verdict.as_json()[1] == {
        "label": "completed tasks excellently",
        "ok": False,
        "detail": "rated: completed tasks well",
        "group": "excellent_or_initiative",
    }

    nam = person(tree, "Trần Văn Nam")
    record(nam, cat["ldtt"], 2024)
    rate(nam, 2024, Rating.GOOD)
    refused = judge(award_type=cat["cstdcs"], year=2024, person=nam)
    assert not refused.eligible
    assert refused.summary() == (
        "CSTĐCS: LĐTT 2024 ✓; completed tasks excellently ✗ (rated: completed tasks well); "
        "an initiative recognised in 2023 or 2024 ✗ (none recorded) → not eligible"
    )


def test_cstdcs_with_ldtt_proposed_in_the_same_round(tree, cat):
    hoa = person(tree)
    rate(hoa, 2024, Rating.EXCELLENT)
    assert not judge(award_type=cat["cstdcs"], year=2024, person=hoa).eligible  # no LĐTT at all
    ldtt = nominate(hoa, cat["ldtt"], 2024)
    verdict = judge(award_type=cat["cstdcs"], year=2024, person=hoa)
    assert verdict.eligible and verdict.checks[0] == Check("LĐTT 2024", True, "nominated in the same round")
    ldtt.status = NominationStatus.WITHDRAWN
    ldtt.save()
    assert not judge(award_type=cat["cstdcs"], year=2024, person=hoa).eligible


def test_a_same_round_ldtt_that_is_not_eligible_does_not_carry_cstdcs(tree, cat):
    hoa = person(tree)
    Initiative.objects.create(person=hoa, code="SK-1", title="x", recognised_by="xã", recognised_on=D(2024, 3, 1))
    rate(hoa, 2024, Rating.COMPLETED)  # not good enough for LĐTT
    nominate(hoa, cat["ldtt"], 2024)
    verdict = judge(award_type=cat["cstdcs"], year=2024, person=hoa)
    assert not verdict.eligible
    assert verdict.checks[0] == Check(
        "LĐTT 2024", False, "nominated in the same round, but that nomination is not eligible"
    )


def _cstdcs_years(subject, cat, years, kinds=None):
    for year in years:
        record(subject, cat["cstdcs"], year, (kinds or {}).get(year, AwardKind.REGULAR))


def test_cstd_tinh_three_consecutive_years_pass_two_fail(tree, cat):
    three, two = person(tree), person(tree, "Trần Văn Nam")
    _cstdcs_years(three, cat, (2023, 2024, 2025))
    _cstdcs_years(two, cat, (2024, 2025))
    assert judge(award_type=cat["cstd-tinh"], year=2025, person=three).eligible
    refused = judge(award_type=cat["cstd-tinh"], year=2025, person=two)
    assert not refused.eligible
    assert labels(refused) == [("CSTĐCS 2023", False), ("CSTĐCS 2024", True), ("CSTĐCS 2025", True)]
    assert refused.checks[0].detail == "not in the award history"


def test_an_ad_hoc_award_inside_a_chain_does_not_count_as_a_year(tree, cat):
    hoa = person(tree)
    _cstdcs_years(hoa, cat, (2023, 2024, 2025), kinds={2024: AwardKind.AD_HOC})
    verdict = judge(award_type=cat["cstd-tinh"], year=2025, person=hoa)
    assert not verdict.eligible
    assert labels(verdict) == [("CSTĐCS 2023", True), ("CSTĐCS 2024", False), ("CSTĐCS 2025", True)]
    assert "does not count toward consecutive years" in verdict.checks[1].detail
    # A thematic one neither; a campaign award does.
    nam = person(tree, "Trần Văn Nam")
    _cstdcs_years(nam, cat, (2023, 2024, 2025), kinds={2024: AwardKind.CAMPAIGN})
    assert judge(award_type=cat["cstd-tinh"], year=2025, person=nam).eligible


def test_cstd_toan_quoc_needs_two_consecutive_cstd_tinh(tree, cat):
    hoa = person(tree)
    record(hoa, cat["cstd-tinh"], 2024)
    assert not judge(award_type=cat["cstd-toan-quoc"], year=2025, person=hoa).eligible
    record(hoa, cat["cstd-tinh"], 2025)
    assert judge(award_type=cat["cstd-toan-quoc"], year=2025, person=hoa).eligible


def test_a_2024_nomination_is_judged_by_98_2023_and_a_2025_one_by_152_2025(tree, cat):
    hoa = person(tree)
    for year in (2024, 2025):
        record(hoa, cat["ldtt"], year)
        rate(hoa, year, Rating.EXCELLENT)
    old, new = nominate(hoa, cat["cstdcs"], 2024), nominate(hoa, cat["cstdcs"], 2025)
    old_verdict, new_verdict = nomination_check(old), nomination_check(new)
    assert old_verdict.eligible and new_verdict.eligible
    assert "Nghị định số 98/2023/NĐ-CP" in old_verdict.rule.legal_basis
    assert old_verdict.rule.confer_kind == "district" and old_verdict.rule.valid_until == D(2025, 6, 30)
    assert "Nghị định số 152/2025/NĐ-CP" in new_verdict.rule.legal_basis
    assert new_verdict.rule.confer_kind == "commune"
    old.refresh_from_db()
    assert old.eligible is True and old.checked_at is not None and old.version == 1
    assert old.explanation == old_verdict.as_json() and old.explanation[0]["label"] == "LĐTT 2024"


def test_a_frozen_nominee_while_a_complaint_is_pending(tree, cat):
    hoa = person(tree)
    rate(hoa, 2024, Rating.EXCELLENT)
    complaint = DisciplineRecord.objects.create(person=hoa, kind=DisciplineKind.COMPLAINT, started_on=D(2024, 11, 5))
    verdict = judge(award_type=cat["ldtt"], year=2024, person=hoa)
    assert not verdict.eligible
    assert verdict.checks[0] == Check(
        "discipline or complaint under review: judging suspended",
        False,
        "pending complaint or denunciation since 05/11/2024",
    )
    complaint.ended_on = D(2025, 1, 10)
    complaint.save()
    assert judge(award_type=cat["ldtt"], year=2024, person=hoa).eligible


def test_one_initiative_supports_one_title_only(tree, cat):
    hoa = person(tree)
    for year in (2024, 2025):
        record(hoa, cat["ldtt"], year)
        rate(hoa, year, Rating.GOOD)
    initiative = Initiative.objects.create(
        person=hoa,
        code="SK-2024-03",
        title="Số hóa hồ sơ",
        recognised_by="Hội đồng sáng kiến xã",
        recognised_on=D(2024, 12, 15),
    )
    first = nominate(hoa, cat["cstdcs"], 2024)
    assert nomination_check(first).eligible
    initiative.refresh_from_db()
    assert initiative.used_by == first
    assert nomination_check(first).eligible  # checking again keeps it

    second = nominate(hoa, cat["cstdcs"], 2025)  # the same initiative, again (recognised late the year before)
    verdict = nomination_check(second)
    assert not verdict.eligible
    used = verdict.checks[-1]
    assert used.label.startswith("initiative SK-2024-03 already used for the nomination ")
    assert str(first) in used.label and used.detail == "one initiative supports one title only"
    initiative.refresh_from_db()
    assert initiative.used_by == first

    first.status = NominationStatus.WITHDRAWN  # withdrawn: the initiative is free again
    first.save()
    assert nomination_check(second).eligible
    initiative.refresh_from_db()
    assert initiative.used_by == second


def test_an_excellent_rating_does_not_take_the_initiative(tree, cat):
    hoa = person(tree)
    record(hoa, cat["ldtt"], 2024)
    rate(hoa, 2024, Rating.EXCELLENT)
    initiative = Initiative.objects.create(
        person=hoa, code="SK-9", title="x", recognised_by="xã", recognised_on=D(2024, 5, 1)
    )
    assert nomination_check(nominate(hoa, cat["cstdcs"], 2024)).eligible
    initiative.refresh_from_db()
    assert initiative.used_by is None


# ------------------------------------------------------------------ collectives


def members(tree, collective, count, *, ldtt=0, cstdcs=0, rating=Rating.GOOD, year=2024, cat=None):
    people = [person(tree, f"Thành viên {i:02d}", collective=collective) for i in range(count)]
    for i, someone in enumerate(people):
        rate(someone, year, rating)
        if i < ldtt:
            record(someone, cat["ldtt"], year)
        if i < cstdcs:
            record(someone, cat["cstdcs"], year)
    return people


def test_ttldxs_70_percent_passes_69_fails(tree, cat, office):
    rate(office, 2024, Rating.EXCELLENT)
    members(tree, office, 10, ldtt=7, cstdcs=1, cat=cat)
    verdict = judge(award_type=cat["ttldxs"], year=2024, collective=office)
    assert verdict.eligible, verdict.summary()
    assert ("members with LĐTT: 7/10 = 70% (at least 70%)", True) in labels(verdict)

    other = Collective.objects.create(unit=tree.cao_lau, name="Trường Mầm non Cao Lâu")
    rate(other, 2024, Rating.EXCELLENT)
    members(tree, other, 13, ldtt=9, cstdcs=1, cat=cat)  # 69,2 %
    refused = judge(award_type=cat["ttldxs"], year=2024, collective=other)
    assert not refused.eligible
    assert ("members with LĐTT: 9/13 = 69,2% (at least 70%)", False) in labels(refused)


def test_ttldxs_needs_everyone_completing_and_one_cstdcs(tree, cat, office):
    rate(office, 2024, Rating.EXCELLENT)
    people = members(tree, office, 10, ldtt=8, cstdcs=0, cat=cat)
    verdict = judge(award_type=cat["ttldxs"], year=2024, collective=office)
    assert ("at least one member with CSTĐCS in 2024", False) in labels(verdict) and not verdict.eligible
    record(people[0], cat["cstdcs"], 2024)
    assert judge(award_type=cat["ttldxs"], year=2024, collective=office).eligible
    TaskRating.objects.filter(person=people[9]).update(rating=Rating.NOT_COMPLETED)
    refused = judge(award_type=cat["ttldxs"], year=2024, collective=office)
    assert ("every member completed their tasks in 2024: 9/10", False) in labels(refused)
    assert "Thành viên 09" in refused.checks[1].detail


def test_ttldtt_more_than_half_nationally_and_a_province_share_with_its_dates(tree, cat, office, people):
    rate(office, 2024, Rating.GOOD)
    rate(office, 2025, Rating.GOOD)
    crew = members(tree, office, 10, ldtt=5, cat=cat)
    for someone in crew:
        rate(someone, 2025, Rating.GOOD)
    for someone in crew[:6]:
        record(someone, cat["ldtt"], 2025)
    half = judge(award_type=cat["ttldtt"], year=2024, collective=office)
    assert ("members with LĐTT: 5/10 = 50% (more than 50%)", False) in labels(half) and not half.eligible
    assert judge(award_type=cat["ttldtt"], year=2025, collective=office).eligible  # 6/10 > 50 %

    # Lạng Sơn sets 70 % from 1/1/2025: 2024 is still judged by the law, 2025 by the province; Bắc Giang not at all.
    setting_create(
        province=tree.lang_son,
        award_type=cat["ttldtt"],
        key=SettingKey.MEMBER_SHARE,
        value=Decimal(70),
        valid_from=D(2025, 1, 1),
        legal_basis="Quyết định 86/2025/QĐ-UBND",
        user=people.province_admin,
    )
    strict = judge(award_type=cat["ttldtt"], year=2025, collective=office)
    assert ("members with LĐTT: 6/10 = 60% (at least 70%)", False) in labels(strict) and not strict.eligible
    assert judge(award_type=cat["ttldtt"], year=2024, collective=office).checks[1].label.endswith("(more than 50%)")
    record(crew[6], cat["ldtt"], 2025)
    assert judge(award_type=cat["ttldtt"], year=2025, collective=office).eligible  # 7/10 = 70 %
    far = Collective.objects.create(unit=tree.huong_lam, name="Văn phòng Hương Lâm")
    rate(far, 2025, Rating.GOOD)
    for i in range(10):
        someone = person(tree, f"Người {i}", collective=far, unit=tree.huong_lam)
        if i < 6:
            record(someone, cat["ldtt"], 2025)
    assert judge(award_type=cat["ttldtt"], year=2025, collective=far).eligible


def test_ttldtt_refused_when_a_member_is_warned_that_year(tree, cat, office):
    rate(office, 2024, Rating.GOOD)
    crew = members(tree, office, 4, ldtt=4, cat=cat)
    DisciplineRecord.objects.create(person=crew[0], kind=DisciplineKind.REPRIMAND, started_on=D(2024, 3, 1))
    assert judge(award_type=cat["ttldtt"], year=2024, collective=office).eligible  # a reprimand is below warning
    DisciplineRecord.objects.create(person=crew[1], kind=DisciplineKind.WARNING, started_on=D(2024, 6, 1))
    verdict = judge(award_type=cat["ttldtt"], year=2024, collective=office)
    assert not verdict.eligible
    assert ("nobody disciplined at “warning” or above in 2024", False) in labels(verdict)
    assert crew[1].full_name in verdict.checks[-1].detail
    assert judge(award_type=cat["ttldtt"], year=2025, collective=office).checks[-1].ok  # not in 2025


def test_a_collective_title_for_a_person_is_refused(tree, cat):
    verdict = judge(award_type=cat["ttldtt"], year=2024, person=person(tree))
    assert not verdict.eligible and verdict.checks[0].label == "TTLĐTT is awarded to: collective"


def test_co_thi_dua_goes_to_the_leading_unit_the_council_accepted(tree, cat, people):
    from scoring.models import CouncilDecision, DecisionItem, LeadingProposal, ScoreSheet
    from tests.campaigns.factories import make_campaign
    from tests.factories import ClusterFactory

    commune = Collective.objects.create(
        unit=tree.cao_lau, kind=CollectiveKind.COMMUNE, name="Xã Cao Lâu", linked_unit=tree.cao_lau
    )
    refused = judge(award_type=cat["co-thi-dua-tinh"], year=2024, collective=commune)
    assert not refused.eligible
    cluster = ClusterFactory(organiser=tree.lang_son, name="Cụm thi đua số 1", year=2024)
    sheet = ScoreSheet.objects.create(cluster=cluster, campaign=make_campaign(tree.lang_son), title="Bảng điểm 2024")
    proposal = LeadingProposal.objects.create(sheet=sheet, proposed_at=timezone.now())
    decision = CouncilDecision.objects.create(proposal=proposal, decided_at=timezone.now())
    item = DecisionItem.objects.create(decision=decision, unit=tree.cao_lau, accepted=False, reason="Cắt")
    assert not judge(award_type=cat["co-thi-dua-tinh"], year=2024, collective=commune).eligible
    item.accepted = True
    item.save()
    verdict = judge(award_type=cat["co-thi-dua-tinh"], year=2024, collective=commune)
    assert verdict.eligible
    assert verdict.checks[0].label == "leading unit of Cụm thi đua số 1 (accepted by the council)"
    assert not judge(award_type=cat["co-thi-dua-tinh"], year=2025, collective=commune).eligible


def test_a_province_cap_on_cstdcs_flags_every_nomination_over_it(tree, cat, people):
    setting_create(
        province=tree.lang_son,
        award_type=cat["cstdcs"],
        key=SettingKey.CAP_PERCENT,
        value=Decimal(15),
        valid_from=D(2024, 1, 1),
        user=people.province_admin,
    )
    crew = [person(tree, f"Cán bộ {i:02d}") for i in range(14)]
    for someone in crew:
        record(someone, cat["ldtt"], 2024)
        rate(someone, 2024, Rating.EXCELLENT)
    first, second = nominate(crew[0], cat["cstdcs"], 2024), nominate(crew[1], cat["cstdcs"], 2024)
    assert nomination_check(first).eligible  # 2 of at most 2 (15 % of 14, rounded down)
    cap = nomination_check(second).checks[-1]
    assert cap == Check(
        "CSTĐCS nominations of Cao Lâu: 2, at most 2 (15% of 14 with LĐTT)", True, "set by the province"
    )
    third = nominate(crew[2], cat["cstdcs"], 2024)
    assert not nomination_check(third).eligible
    assert not nomination_check(first).eligible  # every one over the cap, until the unit withdraws one
    third.status = NominationStatus.WITHDRAWN
    third.save()
    assert nomination_check(first).eligible
    other = person(tree, "Ở Hương Lâm", unit=tree.huong_lam)  # Bắc Giang has no cap
    record(other, cat["ldtt"], 2024)
    rate(other, 2024, Rating.EXCELLENT)
    assert len(nomination_check(nominate(other, cat["cstdcs"], 2024)).checks) == 3


def test_verdict_summary_of_stored_checks():
    verdict = Verdict(False, None, (Check("LĐTT 2024", False, "not in the award history"),), "CSTĐCS")
    assert verdict.summary() == "CSTĐCS: LĐTT 2024 ✗ (not in the award history) → not eligible"


# ------------------------------------------------------------------ council votes


def test_ballots_at_79_and_80_percent():
    eighty = Decimal(80)
    assert ballot_passes(votes_for=8, members_total=10, threshold=eighty)
    assert not ballot_passes(votes_for=7, members_total=10, threshold=eighty)
    assert not ballot_passes(votes_for=15, members_total=19, threshold=eighty)  # 78,9 %
    assert ballot_passes(votes_for=16, members_total=19, threshold=eighty)  # 84,2 %
    assert not ballot_passes(votes_for=79, members_total=100, threshold=eighty)
    assert ballot_passes(votes_for=80, members_total=100, threshold=eighty)
    assert not ballot_passes(votes_for=8, members_total=9, threshold=Decimal(90))  # 88,9 %
    assert ballot_passes(votes_for=9, members_total=10, threshold=Decimal(90))
    # The default is more than half: 5 of 10 is not enough.
    assert not ballot_passes(votes_for=5, members_total=10, threshold=Decimal(50))
    assert ballot_passes(votes_for=6, members_total=10, threshold=Decimal(50))
    with pytest.raises(ValidationError):
        ballot_passes(votes_for=11, members_total=10, threshold=eighty)
    with pytest.raises(ValidationError):
        ballot_passes(votes_for=0, members_total=0, threshold=eighty)


def test_vote_thresholds_by_title_and_province_setting(tree, cat, people):
    on = D(2025, 1, 20)
    assert vote_threshold(award_type=cat["cstdcs"], on=on, province=tree.lang_son) == 80
    assert vote_threshold(award_type=cat["co-thi-dua-tinh"], on=on, province=tree.lang_son) == 80
    assert vote_threshold(award_type=cat["cstd-tinh"], on=on, province=tree.lang_son) == 90
    assert vote_threshold(award_type=cat["ldtt"], on=on, province=tree.lang_son) == 50
    setting_create(
        province=tree.lang_son,
        award_type=cat["ldtt"],
        key=SettingKey.VOTE_THRESHOLD,
        value=Decimal("66.67"),
        valid_from=D(2025, 1, 1),
        user=people.province_admin,
    )
    assert vote_threshold(award_type=cat["ldtt"], on=on, province=tree.lang_son) == Decimal("66.67")
    assert vote_threshold(award_type=cat["ldtt"], on=D(2024, 12, 31), province=tree.lang_son) == 50
    assert vote_threshold(award_type=cat["ldtt"], on=on, province=tree.bac_giang) == 50


# ------------------------------------------------------------------ money


def test_money_is_the_factor_times_the_base_salary_rounded_up_to_10000(cat):
    on = D(2025, 1, 20)
    assert base_salary(on) == 2_340_000 and base_salary(D(2024, 6, 30)) == 1_800_000
    assert money_for(Decimal("0.3"), 2_340_000) == 710_000  # 702.000 rounded up
    assert award_amount(award_type=cat["ldtt"], on=on) == 710_000
    assert award_amount(award_type=cat["ldtt"], on=D(2024, 6, 30)) == 540_000  # already round
    assert award_amount(award_type=cat["cstdcs"], on=on) == 2_340_000
    assert award_amount(award_type=cat["ttldtt"], on=on) == 1_880_000  # 1.872.000
    assert award_amount(award_type=cat["ttldxs"], on=on) == 3_510_000
    assert award_amount(award_type=cat["cstd-tinh"], on=on) == 7_020_000
    assert award_amount(award_type=cat["co-thi-dua-tinh"], on=on) == 18_720_000
    assert award_amount(award_type=cat["giay-khen"], on=on, household=True) == 1_060_000  # 1.053.000 for a household
    assert award_amount(award_type=cat["gia-dinh-van-hoa"], on=on) == 0
    assert award_amount(award_type=cat["ldtt"], on=D(2023, 12, 31)) == 0  # no rule in force
    assert money_for(Decimal("0.3"), 2_340_001) == 710_000 and money_for(Decimal(1), 2_340_000) == 2_340_000
    BaseSalary.objects.filter(valid_from__lt=D(2024, 1, 1)).delete()
    with pytest.raises(ValidationError):
        award_amount(award_type=cat["ldtt"], on=D(2024, 6, 30))  # no base salary entered that far back


# ------------------------------------------------------------------ settings


def test_a_new_setting_closes_the_previous_one_the_day_before(tree, cat, people):
    args = {"province": tree.lang_son, "award_type": cat["ttldtt"], "key": SettingKey.MEMBER_SHARE}
    first = setting_create(**args, value=Decimal(60), valid_from=D(2024, 1, 1), user=people.province_admin)
    second = setting_create(**args, value=Decimal(70), valid_from=D(2025, 7, 1), user=people.province_admin)
    first.refresh_from_db()
    assert first.valid_until == D(2025, 6, 30) and second.valid_until is None
    assert (
        eligibility.setting_value(cat["ttldtt"], SettingKey.MEMBER_SHARE, province=tree.lang_son, on=D(2025, 6, 30))
        == 60
    )
    assert (
        eligibility.setting_value(cat["ttldtt"], SettingKey.MEMBER_SHARE, province=tree.lang_son, on=D(2025, 7, 1))
        == 70
    )
    assert (
        eligibility.setting_value(cat["ttldtt"], SettingKey.MEMBER_SHARE, province=tree.bac_giang, on=D(2025, 7, 1))
        is None
    )
    assert second.updated_by == people.province_admin


def test_overlapping_setting_dates_are_refused_with_a_message(tree, cat, people):
    args = {"province": tree.lang_son, "award_type": cat["ttldtt"], "key": SettingKey.MEMBER_SHARE}
    setting_create(
        **args, value=Decimal(60), valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31), user=people.province_admin
    )
    setting_create(**args, value=Decimal(70), valid_from=D(2025, 7, 1), user=people.province_admin)
    for start, end in (
        (D(2024, 6, 1), None),
        (D(2025, 7, 1), None),
        (D(2024, 12, 1), D(2025, 2, 1)),
        (D(2023, 1, 1), D(2024, 1, 1)),
    ):
        with pytest.raises(ValidationError) as refused:
            setting_create(**args, value=Decimal(65), valid_from=start, valid_until=end, user=people.province_admin)
        assert "overlap" in refused.value.message_dict["valid_from"][0]
    assert AwardSetting.objects.count() == 2
    gap = setting_create(
        **args, value=Decimal(65), valid_from=D(2025, 1, 1), valid_until=D(2025, 6, 30), user=people.province_admin
    )  # fits the gap
    assert gap.pk and AwardSetting.objects.count() == 3
    with pytest.raises(ValidationError) as wrong:
        setting_create(**args, value=Decimal(120), valid_from=D(2026, 1, 1), user=people.province_admin)
    assert "value" in wrong.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        setting_create(
            **args, value=Decimal(50), valid_from=D(2027, 1, 1), valid_until=D(2026, 1, 1), user=people.province_admin
        )
    assert "valid_until" in backwards.value.message_dict


def test_only_an_administrator_of_the_province_sets_its_values(tree, cat, people):
    args = {
        "award_type": cat["ttldtt"],
        "key": SettingKey.MEMBER_SHARE,
        "value": Decimal(70),
        "valid_from": D(2025, 1, 1),
    }
    for user in (people.officer, people.reviewer, people.other_reviewer):
        with pytest.raises(ActionRefused):
            setting_create(province=tree.lang_son, user=user, **args)
    with pytest.raises(ActionRefused):
        setting_create(province=tree.bac_giang, user=people.province_admin, **args)
    with pytest.raises(ActionRefused):
        setting_create(province=None, user=people.province_admin, **args)  # national values: superuser
    commune_admin = member(tree.cao_lau, Role.ADMIN, username="quantri.caolau")
    with pytest.raises(ActionRefused):
        setting_create(province=tree.lang_son, user=commune_admin, **args)
    assert setting_create(province=None, user=people.superuser, **args).province is None
    assert setting_create(province=tree.bac_giang, user=people.superuser, **args).province == tree.bac_giang

"""The demo of the present (December 2026), in the two-tier world since 1/7/2025 (the 2025-07 edition).

Tỉnh Lạng Sơn's plan for 2026 (demo/data/lang-son-2026.json, a demo document) goes to its 65 communes; the province
assigns every commune its targets and Xã Ba Sơn registers higher ones on two; the reports of the first quarter are
approved, those of six months too but Xã Cao Lộc's, returned with a reason; of nine months some are approved, some
submitted, one a draft and one not started; the year is open for entry. Cụm thi đua số 3 (Ba Sơn, Cao Lộc, Đồng Đăng,
Xuân Dương) scores its members from their approved six-month reports; Xã Ba Sơn's own plan implementing the
province's waits as a draft for its clerk to issue. Xã Ba Sơn's council meets in December 2026 and
its chairman, who confers LĐTT, CSTĐCS and Giấy khen since 1/7/2025 (Nghị định 152/2025), issues the decision.

The 2024 seeds and their demo (Huyện Cao Lộc, Xã Cao Lâu: 2025-01 edition) stay as the history. Idempotent; the
figures, people and votes are demo values."""

import datetime
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.demo import _spread
from campaigns.models import Campaign, Participation
from campaigns.serialization import campaign_find, campaign_import, campaign_parse
from reports.demo import APPROVED, MIXED, REVIEWED, demo_load_reports
from reports.models import PeriodKind
from reports.services import campaign_figures, period_add
from targets.models import Aggregation, Target
from targets.services import CellInput, target_grid_save, targets_assign_save
from units.models import Cluster, ClusterKind, ClusterMember, Edition, MemberRole, Unit, UnitKind

PLAN = Path(__file__).resolve().parent / "data" / "lang-son-2026.json"
YEAR = 2026
PROVINCE, BA_SON, CAO_LOC, DONG_DANG, XUAN_DUONG = "20", "06202", "06193", "06184", "06607"

# The province's figure → the share of it Ba Sơn registers above what it was assigned.
REGISTERED_ABOVE = {"Diện tích trồng rừng mới": Decimal("1.2"), "Số nhà ở xây dựng mới cho hộ nghèo, hộ cận nghèo": 1}
PERIODS = (
    (
        PeriodKind.QUARTER,
        "Quý I năm 2026",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 10),
        APPROVED,
    ),
    (
        PeriodKind.HALF,
        "6 tháng đầu năm 2026",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
        datetime.date(2026, 7, 10),
        REVIEWED,
    ),
    (
        PeriodKind.NINE_MONTHS,
        "9 tháng năm 2026",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 10),
        MIXED,
    ),
)
YEAR_PERIOD = (
    PeriodKind.YEAR,
    "Năm 2026",
    datetime.date(2026, 1, 1),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 1, 10),
)

CLUSTER_NAME = "Cụm thi đua số 3 tỉnh Lạng Sơn"
CLUSTER_MEMBERS = (
    (BA_SON, MemberRole.LEADER),
    (CAO_LOC, MemberRole.DEPUTY),
    (DONG_DANG, MemberRole.MEMBER),
    (XUAN_DUONG, MemberRole.MEMBER),
)
SHEET_TITLE = "Bảng chấm điểm thi đua năm 2026"

OFFICE = "Văn phòng HĐND và UBND xã Ba Sơn"
# Xã Ba Sơn's people: name, birth year, female, position, rating 2025, rating 2026, nominations 2026.
PEOPLE = (
    ("Nông Thị Hoa", 1984, True, "Công chức Văn phòng - Thống kê", "excellent", "excellent", ["ldtt", "cstdcs"]),
    ("Lương Văn Tâm", 1987, False, "Công chức Tư pháp - Hộ tịch", "good", "good", ["ldtt"]),
    ("Hà Thị Mến", 1990, True, "Công chức Văn hóa - Xã hội", "good", "excellent", ["ldtt", "cstdcs"]),
    (
        "Vi Văn Khoa",
        1982,
        False,
        "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường",
        "good",
        "good",
        ["ldtt"],
    ),
    ("Mông Thị Thảo", 1995, True, "Nhân viên hợp đồng", "completed", "completed", ["ldtt"]),
)
INITIATIVES = (
    ("Nông Thị Hoa", "SK-2026-01", "Một cửa liên thông số cho ba xã sau sáp nhập", "Hội đồng sáng kiến xã Ba Sơn"),
    ("Hà Thị Mến", "SK-2026-04", "Sổ tay văn hóa thôn bản song ngữ Tày - Việt", "Hội đồng sáng kiến xã Ba Sơn"),
)
SESSION_TITLE = "Phiên họp Hội đồng Thi đua - Khen thưởng xã Ba Sơn xét khen thưởng năm 2026"
COUNCIL = (
    ("Hoàng Đức Thịnh", "Chủ tịch UBND xã", "chair"),
    ("Lộc Thị Hạnh", "Công chức Văn phòng - Thống kê", "secretary"),
    ("Vy Văn Cường", "Phó Chủ tịch UBND xã", "vice_chair"),
    ("Lăng Thị Nguyệt", "Chủ tịch Ủy ban MTTQ Việt Nam xã", "member"),
    ("Chu Văn Đạt", "Bí thư Đoàn Thanh niên xã", "member"),
    ("Hoàng Thị Ngân", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "member"),
    ("Dương Văn Tùng", "Chủ tịch Hội Nông dân xã", "member"),
)
# Hà Thị Mến's CSTĐCS gets 5 of 7 (71,4 %): below the 80 % of all members it needs, so it does not pass.
VOTES = {("Hà Thị Mến", "cstdcs"): 5}


def _unit(code: str) -> Unit:
    return Unit.objects.get(edition=Edition.E2025_07, code=code)


def _users() -> dict:
    return {u.username: u for u in User.objects.filter(username__contains=".")}  # the demo's logins


def present_campaign() -> Campaign | None:
    """Tỉnh Lạng Sơn's plan of 2026 once loaded."""
    return campaign_find(campaign_parse(PLAN.read_text(encoding="utf-8")))


@transaction.atomic
def demo_load_present_campaign(users) -> tuple[Campaign, bool]:
    """The plan, its 65 communes, the targets the province assigns them and those Ba Sơn registers."""
    data = campaign_parse(PLAN.read_text(encoding="utf-8"))
    campaign = campaign_find(data)
    if campaign is not None:
        return campaign, False
    campaign = campaign_import(data=data, user=users["sonoivu.langson"])
    communes = list(Unit.objects.get_children(_unit(PROVINCE)).filter(kind=UnitKind.COMMUNE).order_by("code"))
    Participation.objects.bulk_create([Participation(campaign=campaign, unit=c) for c in communes])
    rng = random.Random(YEAR)  # noqa: S311 - repeatable demo figures, not a secret
    weights = {c.pk: rng.randint(6, 14) for c in communes}  # the communes differ in size
    cells = []
    for figure in campaign_figures(campaign):
        if figure.aggregation == Aggregation.SUM:
            cells += [CellInput(figure.pk, pk, v) for pk, v in _spread(figure.value, weights).items()]
        else:  # a rate the plan means for every commune
            cells += [CellInput(figure.pk, c.pk, figure.value) for c in communes]
    targets_assign_save(campaign=campaign, cells=cells, user=users["sonoivu.langson"])
    ba_son = _unit(BA_SON)
    own = {t.figure_id: t for t in Target.objects.filter(unit=ba_son, figure__indicator__section__campaign=campaign)}
    registered = []
    for figure in campaign_figures(campaign):
        if figure.name in REGISTERED_ABOVE:
            target = own[figure.pk]
            more = max(1, (target.assigned_value * REGISTERED_ABOVE[figure.name] / 10).quantize(Decimal(1)))
            registered.append(CellInput(figure.pk, ba_son.pk, target.assigned_value + more, version=target.version))
    target_grid_save(campaign=campaign, unit=ba_son, cells=registered, user=users["canbo.bason"])
    return campaign, True


def demo_load_present_adoption(campaign, users) -> Campaign:
    """Xã Ba Sơn's own plan implementing the province's, left as a draft for its clerk to issue (the user guide's
    issuing walk)."""
    from campaigns.adoption import campaign_adopt

    draft, created = campaign_adopt(higher=campaign, unit=_unit(BA_SON), user=users["canbo.bason"])
    if created:  # signed by the commune's chairman, as its decision is
        leader = users["lanhdao.bason"]
        Campaign.objects.filter(pk=draft.pk).update(
            signer_authority="TM.",
            signer_on_behalf_of="ỦY BAN NHÂN DÂN",
            signer_title="CHỦ TỊCH",
            signer_name=leader.full_name,
        )
    return draft


def demo_load_present_reports(campaign, users) -> int:
    """The reports of the quarter, six and nine months; the year open for entry."""
    created = demo_load_reports(
        campaign=campaign,
        reviewer=users["sonoivu.langson"],
        officers={BA_SON: users["canbo.bason"], CAO_LOC: users["canbo.xacaoloc"]},
        periods=PERIODS,
        returned_unit=CAO_LOC,
        seed=YEAR,
    )
    kind, label, starts, ends, due = YEAR_PERIOD
    if not campaign.periods.filter(label=label).exists():
        period_add(campaign=campaign, kind=kind, label=label, starts_on=starts, ends_on=ends, due_on=due)
    return created


@transaction.atomic
def demo_load_present_scoring(campaign, users) -> bool:
    from scoring.demo import demo_load_scoring

    province = _unit(PROVINCE)
    cluster, _new = Cluster.objects.get_or_create(
        organiser=province, year=YEAR, name=CLUSTER_NAME, defaults={"kind": ClusterKind.CLUSTER}
    )
    for code, role in CLUSTER_MEMBERS:
        ClusterMember.objects.get_or_create(cluster=cluster, unit=_unit(code), defaults={"role": role})
    period = campaign.periods.get(label=PERIODS[1][1])
    return demo_load_scoring(
        cluster=cluster,
        campaign=campaign,
        period=period,
        organiser_user=users["sonoivu.langson"],
        member_users={_unit(BA_SON).pk: users["canbo.bason"], _unit(CAO_LOC).pk: users["canbo.xacaoloc"]},
        title=SHEET_TITLE,
        disqualified={_unit(CAO_LOC).pk},  # the ranking shows a unit "không xếp loại"
    )


@transaction.atomic
def demo_load_present_scoring_papers(campaign, users) -> bool:
    """Xã Ba Sơn, the cluster's leader, issues its self-scoring report and the cluster's minutes (with the score
    table), both signed by its chairman."""
    from scoring.demo import demo_load_scoring_papers
    from scoring.models import ScoreSheet

    sheet = ScoreSheet.objects.filter(cluster__name=CLUSTER_NAME, cluster__year=YEAR, campaign=campaign).first()
    if sheet is None:
        return False
    return demo_load_scoring_papers(
        sheet=sheet,
        unit=_unit(BA_SON),
        officer=users["canbo.bason"],
        clerk=users["vanthu.bason"],
        leader=users["lanhdao.bason"],
        secretary=(COUNCIL[1][0], f"{COUNCIL[1][1]} xã Ba Sơn"),
    )


def _people(ba_son):
    from people.models import Collective, Initiative, Person, TaskRating

    office, _new = Collective.objects.get_or_create(unit=ba_son, kind="collective", name=OFFICE)
    people = {}
    for name, born, female, position, rating_before, rating, _codes in PEOPLE:
        person, _new = Person.objects.get_or_create(
            unit=ba_son,
            full_name=name,
            defaults={"birth_year": born, "female": female, "position": position, "collective": office},
        )
        people[name] = person
        TaskRating.objects.get_or_create(person=person, year=YEAR - 1, defaults={"rating": rating_before})
        TaskRating.objects.get_or_create(person=person, year=YEAR, defaults={"rating": rating})
    for owner, code, title, by in INITIATIVES:
        Initiative.objects.get_or_create(
            person=people[owner],
            code=code,
            defaults={"title": title, "recognised_by": by, "recognised_on": datetime.date(YEAR, 11, 20)},
        )
    return people


@transaction.atomic
def demo_load_present_awards(users):
    """Xã Ba Sơn's nominations, its council's votes and the decision its chairman signs, issued today."""
    from awards.demo import _nominate, certificates_render, council_meet, council_papers_issue, decision_from_session
    from awards.models import AwardType
    from nominations.models import CouncilSession

    ba_son = _unit(BA_SON)
    session = CouncilSession.objects.filter(unit=ba_son, year=YEAR, title=SESSION_TITLE).first()
    if session is not None:
        return session.decisions.first()
    people = _people(ba_son)
    types = {t.code: t for t in AwardType.objects.all()}
    for code in sorted({c for *_rest, codes in PEOPLE for c in codes}, key=lambda c: types[c].rank):
        for name, *_rest, codes in PEOPLE:
            if code in codes:
                _nominate(
                    unit=ba_son, user=users["canbo.bason"], code=code, types=types, person=people[name], year=YEAR
                )
    session, _ballots = council_meet(
        unit=ba_son,
        user=users["hoidong.bason"],
        year=YEAR,
        title=SESSION_TITLE,
        held_on=timezone.localdate() - datetime.timedelta(days=4),
        place="Hội trường UBND xã Ba Sơn",
        members=COUNCIL,
        votes=VOTES,
    )
    council_papers_issue(session=session, clerk=users["vanthu.bason"], signer=users["lanhdao.bason"])
    decision = decision_from_session(
        session=session,
        drafter=users["sonoivu.langson"],
        clerk=users["vanthu.bason"],
        leader=users["lanhdao.bason"],
        signature=("TM.", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    )
    certificates_render(decision=decision, user=users["vanthu.bason"])
    return decision


def demo_load_present():
    """Everything of the present, in order, and then the 2024 history's people and collectives (Xã Cao Lâu's, Xã
    Thạch Đạn's) follow their communes' successors with their records (units.reorganise.follow_successors).
    Returns (campaign, reports created, scoring sheet made, decision)."""
    from units.reorganise import follow_successors

    users = _users()
    campaign, _created = demo_load_present_campaign(users)
    demo_load_present_adoption(campaign, users)
    reports = demo_load_present_reports(campaign, users)
    scoring = demo_load_present_scoring(campaign, users)
    demo_load_present_scoring_papers(campaign, users)
    decision = demo_load_present_awards(users)
    follow_successors(apply=True, user=users.get("sonoivu.langson"))
    return campaign, reports, scoring, decision

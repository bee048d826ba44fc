"""Demo awards over the seed communes of Huyện Cao Lộc (year 2024, judged by Nghị định 98/2023, decided in January
2025): people,
collectives, households and villages of Xã Cao Lâu and Xã Thạch Đạn with their ratings, initiatives, discipline and
award history; a nomination that passes and one that is refused for every title the communes nominate for; the
cluster's proposal for Cờ thi đua tỉnh and the council's decision on it; Xã Cao Lâu's council session with its
ballots (one below the 80 % a CSTĐCS needs); and the decision issued from it. Idempotent; demo names and values."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

YEAR = 2024
# Xã Cao Lâu held its 2024 council and issued its decision in January 2025, under Nghị định 98/2023, before it merged
# into Xã Ba Sơn on 1/7/2025: the demo records them on those dates (a ceased commune issues nothing today).
SESSION_HELD_ON = datetime.date(2025, 1, 10)
DECISION_ON = datetime.date(2025, 1, 15)
SESSION_TITLE = "Phiên họp Hội đồng Thi đua - Khen thưởng xã Cao Lâu xét khen thưởng năm 2024"

# Xã Cao Lâu's people: name, birth year, female, position, collective key, rating 2024, award history
# [(code, year, kind)], nominations [codes]. The history is of years before 2024, entered as historical: Hoàng Thị
# Nhung's CSTĐCS of 2021, 2022 and 2023 (Nghị định 91/2017) carry her chain to the CSTĐ cấp tỉnh of 2024.
OFFICE = "Văn phòng HĐND và UBND xã Cao Lâu"
CLINIC = "Trạm Y tế xã Cao Lâu"
PEOPLE = [
    ("Nông Văn Tuấn", 1980, False, "Chủ tịch UBND xã", OFFICE, "excellent", [], ["ldtt", "cstdcs", "bang-khen-tinh"]),
    (
        "Hoàng Thị Nhung",
        1983,
        True,
        "Công chức Văn phòng - Thống kê",
        OFFICE,
        "excellent",
        [
            ("ldtt", 2021, "regular"),
            ("cstdcs", 2021, "regular"),
            ("ldtt", 2022, "regular"),
            ("cstdcs", 2022, "regular"),
            ("ldtt", 2023, "regular"),
            ("cstdcs", 2023, "regular"),
        ],
        ["ldtt", "cstdcs", "cstd-tinh"],
    ),
    ("Lăng Văn Bình", 1986, False, "Công chức Tư pháp - Hộ tịch", OFFICE, "good", [], ["ldtt", "cstdcs"]),
    ("Triệu Thị Hằng", 1990, True, "Công chức Địa chính - Xây dựng", OFFICE, "good", [], ["ldtt", "cstdcs"]),
    (
        "Vi Văn Định",
        1978,
        False,
        "Công chức Văn hóa - Xã hội",
        OFFICE,
        "good",
        [("cstdcs", 2022, "regular"), ("cstdcs", 2023, "ad_hoc")],
        ["ldtt", "cstd-tinh"],
    ),
    ("Đinh Thị Thu", 1992, True, "Công chức Tài chính - Kế toán", OFFICE, "good", [], ["ldtt"]),
    ("Hà Văn Lực", 1988, False, "Chỉ huy trưởng Ban Chỉ huy quân sự xã", OFFICE, "good", [], ["ldtt"]),
    ("Lý Thị Phượng", 1995, True, "Nhân viên hợp đồng", OFFICE, "completed", [], ["ldtt"]),
    ("Chu Văn Khánh", 1979, False, "Trưởng Trạm Y tế", CLINIC, "good", [], ["ldtt", "giay-khen"]),
    ("Mã Thị Lụa", 1987, True, "Y sĩ", CLINIC, "good", [], ["ldtt"]),
    ("Dương Văn Pháo", 1991, False, "Điều dưỡng", CLINIC, "good", [], ["ldtt"]),
    ("Sầm Thị Duyên", 1993, True, "Nữ hộ sinh", CLINIC, "completed", [], []),
    ("Bế Văn Sơn", 1985, False, "Dược sĩ", CLINIC, "completed", [], ["giay-khen", "bang-khen-tinh"]),
]
INITIATIVE = (
    "Triệu Thị Hằng",
    "SK-2024-03",
    "Số hóa hồ sơ địa chính bằng mã QR thửa đất",
    "Hội đồng sáng kiến xã Cao Lâu",
)
COMPLAINT = "Bế Văn Sơn"  # a pending complaint: every nomination of his is frozen

# Collectives: (unit code, kind, name, linked unit code, rating 2024, pending complaint, nominations)
COLLECTIVES = [
    (
        "06196",
        "collective",
        OFFICE,
        None,
        "excellent",
        False,
        ["ttldtt", "ttldxs", "giay-khen-tt", "bang-khen-tinh-tt"],
    ),
    ("06196", "collective", CLINIC, None, "good", False, ["ttldtt", "ttldxs"]),
    ("06196", "village", "Thôn Nà Lệnh", None, "good", False, ["thon-van-hoa"]),
    ("06196", "village", "Thôn Pác Sào", None, "good", True, ["thon-van-hoa", "giay-khen-tt", "bang-khen-tinh-tt"]),
    ("06196", "household", "Hộ gia đình ông Hoàng Văn Sáng", None, None, False, ["gia-dinh-van-hoa"]),
    ("06196", "household", "Hộ gia đình bà Lộc Thị Hoa", None, None, True, ["gia-dinh-van-hoa"]),
    ("06196", "commune", "Xã Cao Lâu", "06196", "excellent", False, ["co-thi-dua-tinh", "xa-tieu-bieu"]),
    ("06199", "commune", "Xã Thạch Đạn", "06199", "good", True, ["co-thi-dua-tinh", "xa-tieu-bieu"]),
]

# Lạng Sơn sets its own share of members with LĐTT for TTLĐTT (70 %, as Bắc Ninh does): the Trạm Y tế's 3 of 5
# (60 %) would pass the law's "more than 50 %" but not the province's setting.
PROVINCE_SHARE = ("20", "ttldtt", "70", datetime.date(2024, 1, 1), "Quy định thi đua, khen thưởng tỉnh Lạng Sơn (mẫu)")

COUNCIL = [
    ("Nông Văn Tuấn", "Chủ tịch UBND xã", "chair"),
    ("Vũ Văn Thái", "Phó Chủ tịch UBND xã", "vice_chair"),
    ("Nguyễn Thị Lan", "Công chức Văn phòng - Thống kê", "secretary"),
    ("Hoàng Văn Quý", "Chủ tịch Ủy ban MTTQ Việt Nam xã", "member"),
    ("Lương Thị Nga", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "member"),
    ("Chu Văn Dũng", "Bí thư Đoàn Thanh niên xã", "member"),
    ("Mã Thị Hiền", "Chủ tịch Hội Nông dân xã", "member"),
]
# Votes for, by (nominee, award code); every other eligible nomination of the session gets 7 of 7. Triệu Thị Hằng's
# LĐTT gets 3 of 7: not more than half of the members, so it does not pass. Under Nghị định 98/2023 (the law of
# January 2025) the commune's council votes only what its chairman confers (LĐTT, Giấy khen, Gia đình văn hóa);
# the CSTĐCS and the higher titles go on to the district and the province.
VOTES = {("Triệu Thị Hằng", "ldtt"): 3, ("Hoàng Thị Nhung", "ldtt"): 6}


@dataclass
class DemoAwards:
    nominations: int = 0
    ballots: int = 0
    decision: object = None


def _users():
    from accounts.models import User

    return {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "canbo.caolau",
                "canbo.thachdan",
                "hoidong.caolau",
                "vanthu.caolau",
                "lanhdao.caolau",
                "noivu.caoloc",
                "hoidong.caoloc",
                "quantri.langson",
            ]
        )
    }


def _unit(code):
    from units.models import Edition, Unit

    return Unit.objects.get(edition=Edition.E2025_01, code=code)


def _record(*, person=None, collective=None, code, year, kind, types):
    """A past decision of Huyện Cao Lộc entered by hand (people.services: historical before 2024, no rule checked)."""
    from awards.models import AwardRecord
    from people.services import award_record_add

    if AwardRecord.objects.filter(person=person, collective=collective, award_type=types[code], year=year).exists():
        return
    award_record_add(
        subject=person or collective,
        award_type=types[code],
        year=year,
        award_kind=kind,
        decision_reference=f"{100 + year % 100}/QĐ-UBND",
        decided_on=datetime.date(year + 1, 1, 20),
        decided_by="Chủ tịch UBND huyện Cao Lộc",
        note="Nhập từ hồ sơ giấy",
    )


def demo_load_register() -> tuple[dict, dict]:
    """The people and collectives with their 2024 record. Returns ({name: Person}, {name: Collective})."""
    from awards.models import AwardSetting, AwardType, SettingKey
    from people.models import Collective, DisciplineRecord, Initiative, Person, TaskRating

    types = {t.code: t for t in AwardType.objects.all()}
    collectives = {}
    for code, kind, name, linked, rating, complaint, _codes in COLLECTIVES:
        collective, _new = Collective.objects.get_or_create(
            unit=_unit(code), kind=kind, name=name, defaults={"linked_unit": _unit(linked) if linked else None}
        )
        collectives[name] = collective
        if rating:
            TaskRating.objects.get_or_create(collective=collective, year=YEAR, defaults={"rating": rating})
        if complaint:
            DisciplineRecord.objects.get_or_create(
                collective=collective,
                kind="complaint",
                started_on=datetime.date(YEAR, 10, 15),
                defaults={"note": "Đơn khiếu nại đang được giải quyết"},
            )
    cao_lau = _unit("06196")
    people = {}
    for name, born, female, position, group, rating, history, _codes in PEOPLE:
        person, _new = Person.objects.get_or_create(
            unit=cao_lau,
            full_name=name,
            defaults={"birth_year": born, "female": female, "position": position, "collective": collectives[group]},
        )
        people[name] = person
        TaskRating.objects.get_or_create(person=person, year=YEAR, defaults={"rating": rating})
        for code, year, kind in history:
            _record(person=person, code=code, year=year, kind=kind, types=types)
    owner, code, title, by = INITIATIVE
    Initiative.objects.get_or_create(
        person=people[owner],
        code=code,
        defaults={"title": title, "recognised_by": by, "recognised_on": datetime.date(YEAR, 11, 5)},
    )
    DisciplineRecord.objects.get_or_create(
        person=people[COMPLAINT],
        kind="complaint",
        started_on=datetime.date(YEAR, 9, 2),
        defaults={"note": "Đơn khiếu nại về kết quả đánh giá đang được giải quyết"},
    )
    province, award, value, since, basis = PROVINCE_SHARE
    AwardSetting.objects.get_or_create(
        province=_unit(province),
        award_type=types[award],
        key=SettingKey.MEMBER_SHARE,
        valid_from=since,
        defaults={"value": value, "legal_basis": basis},
    )
    return people, collectives


def demo_load_cluster_decision(users) -> bool:
    """The demo cluster's sheet goes on to its final result; the cluster proposes Cao Lâu and Thạch Đạn for Cờ thi
    đua tỉnh and the council accepts Cao Lâu and cuts Thạch Đạn. Both records are kept."""
    from scoring import services as scoring
    from scoring.models import CouncilDecision, ScoreSheet, StageKind, StageStatus
    from units.demo import DEMO_CLUSTER

    sheet = ScoreSheet.objects.filter(cluster__name=DEMO_CLUSTER["name"], cluster__year=YEAR).first()
    if sheet is None or CouncilDecision.objects.filter(proposal__sheet=sheet).exists():
        return False
    organiser = users["noivu.caoloc"]
    for kind in (StageKind.EXPLANATION, StageKind.UPPER, StageKind.FINAL):
        stage = sheet.stages.get(kind=kind)
        if stage.status == StageStatus.CLOSED:
            continue
        if stage.status != StageStatus.OPEN:
            scoring.stage_open(sheet=sheet, kind=kind, user=organiser)
        scoring.stage_close(sheet=sheet, kind=kind, user=organiser)
    units = [_unit("06196"), _unit("06199")]
    scoring.proposal_save(
        sheet=sheet,
        units=units,
        note="Hai đơn vị có tổng điểm cao nhất cụm năm 2024.",
        user=organiser,
        expected_version=None,
    )
    scoring.decision_save(
        sheet=sheet,
        items=[
            scoring.DecisionInput(unit_id=units[0].pk, accepted=True, reason=""),
            scoring.DecisionInput(
                unit_id=units[1].pk, accepted=False, reason="Còn đơn khiếu nại đang giải quyết; chưa đủ điều kiện."
            ),
        ],
        note="Hội đồng Thi đua - Khen thưởng tỉnh chấp thuận 01 đơn vị.",
        user=users["quantri.langson"],
        expected_version=None,
    )
    return True


def _nominate(*, unit, user, code, types, person=None, collective=None, year=YEAR):
    from nominations import services
    from nominations.models import Nomination, NominationStatus

    existing = (
        Nomination.objects.filter(award_type=types[code], year=year, person=person, collective=collective)
        .exclude(status=NominationStatus.WITHDRAWN)
        .first()
    )
    if existing is not None:
        return existing, False
    nomination = services.nomination_create(
        unit=unit, user=user, year=year, award_type=types[code], person=person, collective=collective
    )
    if nomination.eligible:
        nomination = services.nomination_submit(nomination=nomination, user=user, expected_version=nomination.version)
    return nomination, True


def demo_load_nominations(people, collectives, users) -> int:
    """Every nomination of the demo, in the order a commune sends them (LĐTT before the titles that need it)."""
    from awards.models import AwardType

    types = {t.code: t for t in AwardType.objects.all()}
    order = list(types)  # lower titles first: the catalogue's rank, lowest first
    order.sort(key=lambda code: types[code].rank)
    created = 0
    for code in order:
        for name, *_rest, codes in PEOPLE:
            if code in codes:
                person = people[name]
                _n, new = _nominate(unit=person.unit, user=users["canbo.caolau"], code=code, types=types, person=person)
                created += new
        for unit_code, _kind, name, *_rest, codes in COLLECTIVES:
            if code in codes:
                user = users["canbo.caolau" if unit_code == "06196" else "canbo.thachdan"]
                collective = collectives[name]
                _n, new = _nominate(unit=collective.unit, user=user, code=code, types=types, collective=collective)
                created += new
    return created


def council_meet(*, unit, user, year: int, title: str, held_on, place: str, members, votes: dict):
    """A council of ``unit`` meets from 8:00 to 10:30 and votes on the nominations before it that the unit's
    chairman confers on ``held_on`` (``members``: (name, position, role); the secretary heads the count committee
    with the last member; ``votes``: votes for by (nominee, award code), else all); returns the closed session, its
    minutes and count drafted, and the number of ballots."""
    from awards.rules import confer_kinds
    from nominations import services

    session = services.session_create(
        unit=unit,
        user=user,
        year=year,
        title=title,
        held_on=held_on,
        place=place,
        opened_at=datetime.time(8, 0),
        closed_at=datetime.time(10, 30),
    )
    tellers = {next(name for name, _p, role in members if role == "secretary"), members[-1][0]}
    for name, position, role in members:
        services.member_add(
            session=session, user=user, name=name, position=position, role=role, counts_votes=name in tellers
        )
    ballots = 0
    for nomination in services.nominations_before(session):
        if "commune" not in confer_kinds(award_type=nomination.award_type, on=held_on):
            continue
        votes_for = votes.get((str(nomination.nominee), nomination.award_type.code), len(members))
        services.ballot_record(
            session=session,
            nomination=nomination,
            user=user,
            votes_for=votes_for,
            votes_against=len(members) - votes_for,
        )
        ballots += 1
    session.refresh_from_db()
    services.session_close(session=session, user=user, expected_version=session.version)
    session.refresh_from_db()
    return session, ballots


def council_papers_issue(*, session, clerk, signer) -> list:
    """The closed session's minutes and count committee's minutes issued by ``clerk`` from the unit's register (that
    of the meeting's year, opened when missing), dated the day of the meeting, the minutes with ``signer``'s
    signature image and the seal (the council's chair is the commune's chairman), the count signed on paper."""
    from documents import issuing
    from documents.models import Register
    from nominations.models import CouncilPaperKind
    from nominations.papers import council_paper_issue

    year = session.held_on.year
    if not Register.objects.filter(unit=session.unit, year=year).exists():
        issuing.register_open(unit=session.unit, year=year, user=clerk, past=True)
    issued = []
    for kind, by in ((CouncilPaperKind.MINUTES, signer), (CouncilPaperKind.COUNT, None)):
        paper = session.papers.get(kind=kind)
        if paper.status == "draft":
            document, _job = council_paper_issue(paper=paper, user=clerk, expected_version=paper.version, signer=by)
            issued.append(document)
    return issued


def certificates_render(*, decision, user):
    """The certificates of an issued decision rendered into one PDF, as the Certificates button does (a document
    job, here run at once: no worker)."""
    from documents.services import document_job_render

    return document_job_render(subject=decision, kind="certificates", user=user)


def decision_from_session(
    *, session, drafter, clerk, leader, signature: tuple[str, str, str], on=None, proposal: tuple = ("", None)
):
    """The decision drafted from the session, signed by ``leader`` under ``signature`` (authority, on behalf of,
    title), citing the council's Tờ trình ``proposal`` (number, date) when given, and issued by ``clerk`` on ``on``
    (today by default), its register opened when missing; the award history of its recipients is written as it is
    issued."""
    from awards import services
    from documents import issuing
    from documents.models import Register

    decision = services.decision_draft(session=session, user=drafter, on=on)
    authority, on_behalf_of, title = signature
    decision = services.decision_update(
        decision=decision,
        user=drafter,
        expected_version=decision.version,
        signer_authority=authority,
        signer_on_behalf_of=on_behalf_of,
        signer_title=title,
        signer_name=leader.full_name,
        proposal_number=proposal[0],
        proposal_date=proposal[1],
    )
    year = (on or timezone.localdate()).year
    if not Register.objects.filter(unit=decision.unit, year=year).exists():
        issuing.register_open(unit=decision.unit, year=year, user=clerk, past=on is not None)
    services.decision_issue(decision=decision, user=clerk, expected_version=decision.version, signer=leader, on=on)
    decision.refresh_from_db()
    return decision


def demo_load_session(users):
    """Xã Cao Lâu's council votes on the nominations its chairman confers; returns the closed session."""
    from nominations.models import CouncilSession

    cao_lau = _unit("06196")
    session = CouncilSession.objects.filter(unit=cao_lau, year=YEAR, title=SESSION_TITLE).first()
    if session is not None:
        return session, 0
    return council_meet(
        unit=cao_lau,
        user=users["hoidong.caolau"],
        year=YEAR,
        title=SESSION_TITLE,
        held_on=SESSION_HELD_ON,
        place="Hội trường UBND xã Cao Lâu",
        members=COUNCIL,
        votes=VOTES,
    )


@transaction.atomic
def demo_load_awards() -> DemoAwards:
    """Once loaded, nothing more: the people may since have followed Xã Cao Lâu's successor (demo.present), and
    loading them again at Cao Lâu would make them twice."""
    from nominations.models import CouncilSession

    users = _users()
    result = DemoAwards()
    session = CouncilSession.objects.filter(unit=_unit("06196"), year=YEAR, title=SESSION_TITLE).first()
    if session is not None:
        result.decision = session.decisions.first()
        return result
    people, collectives = demo_load_register()
    demo_load_cluster_decision(users)
    result.nominations = demo_load_nominations(people, collectives, users)
    session, result.ballots = demo_load_session(users)
    result.decision = demo_load_decision(session, users)
    return result


def demo_load_decision(session, users):
    """The decision drafted from the session by the district's reviewer, signed by the commune's deputy chairman and
    issued by its clerk on 15/01/2025."""
    if session.decisions.exists():
        return session.decisions.first()
    return decision_from_session(
        session=session,
        drafter=users["noivu.caoloc"],
        clerk=users["vanthu.caolau"],
        leader=users["lanhdao.caolau"],
        signature=("KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        on=DECISION_ON,
        proposal=("01/TTr-HĐTĐKT", session.held_on),
    )

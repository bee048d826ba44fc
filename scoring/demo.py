"""A demo scoring sheet: Cụm thi đua số 1 huyện Cao Lộc scores its members for Cao Lộc's Chỉ thị 02/CT-UBND, year
2024. Criteria of every kind, and the rules of real tables: a section whose penalty points are capped ("tổng điểm
trừ mục không quá 1,5") holding a row scored at one of its levels (Chuẩn 3 / 1,5 / 0) and a penalty per case
("mỗi trường hợp trừ 0,5"), a penalty at 0 / -2 and a disqualifier ("không xếp loại"); the bonus counts in the
subtotals. The members' quantitative points come from their approved year reports; the self-score and the cluster
check are done, the explanation stage is open. Idempotent; demo values."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from documents.issuing import register_open
from documents.models import Register
from reports.services import campaign_figures
from scoring import papers, services
from scoring.models import CriterionKind, Formula, ScoreSheet, StageKind

TITLE = "Bảng chấm điểm thi đua năm 2024"


def _add(sheet, user, heading, kind, points=None, **extra):
    sheet.refresh_from_db()
    return services.criterion_save(
        sheet=sheet,
        user=user,
        expected_version=sheet.version,
        heading=heading,
        kind=kind,
        max_points=Decimal(points) if points is not None else None,
        **extra,
    )


@transaction.atomic
def demo_load_scoring(
    *, cluster, campaign, period, organiser_user, member_users: dict, title: str = TITLE, disqualified=()
) -> bool:
    """``member_users``: unit id -> the user who self-scores for it; ``disqualified``: the unit ids that answer yes
    to the disqualifier. Returns False when the sheet exists."""
    if ScoreSheet.objects.filter(cluster=cluster, campaign=campaign).exists():
        return False
    campaign.clusters.add(cluster)
    sheet = services.sheet_create(
        cluster=cluster, campaign=campaign, title=title, user=organiser_user, period=period, bonus_in_subtotals=True
    )
    figures = [f for f in campaign_figures(campaign) if f.value is not None][:2]
    economy = _add(
        sheet, organiser_user, "Thực hiện các chỉ tiêu kinh tế - xã hội", CriterionKind.GROUP, "40", label="1."
    )
    criteria = []
    for number, figure in enumerate(figures, start=1):
        criteria.append(
            _add(
                sheet,
                organiser_user,
                figure.name,
                CriterionKind.QUANTITATIVE,
                "20",
                parent=economy,
                label=f"1.{number}",
                figure=figure,
                formula=Formula.PROPORTIONAL,
                formula_params={"cap": "1.2"},
            )
        )
    criteria.append(
        _add(sheet, organiser_user, "Công tác chỉ đạo, tổ chức phong trào", CriterionKind.DIRECT, "30", label="2.")
    )
    criteria.append(
        _add(
            sheet,
            organiser_user,
            "Giữ vững an ninh chính trị, trật tự an toàn xã hội",
            CriterionKind.QUALITATIVE,
            "20",
            label="3.",
        )
    )
    criteria.append(_add(sheet, organiser_user, "Mô hình mới, cách làm hay", CriterionKind.BONUS, "5", label="4."))
    criteria.append(_add(sheet, organiser_user, "Chậm báo cáo", CriterionKind.PENALTY, "5", label="5."))
    direct, qualitative, bonus, penalty = criteria[-4:]
    section = _add(
        sheet,
        organiser_user,
        "Công tác thi đua, khen thưởng",
        CriterionKind.GROUP,
        "3",
        label="6.",
        penalty_cap=Decimal("1.5"),
        guidance="Tổng điểm trừ mục 6 không quá 1,5 điểm.",
    )
    standard = _add(
        sheet,
        organiser_user,
        "Xây dựng kế hoạch, phát động phong trào đúng thời hạn",
        CriterionKind.DIRECT,
        "3",
        parent=section,
        label="6.1",
        levels=[[Decimal(3), "Chuẩn"], [Decimal("1.5"), "Chậm"], [Decimal(0), "Không thực hiện"]],
    )
    per_case = _add(
        sheet,
        organiser_user,
        "Hồ sơ đề nghị khen thưởng sai sót, phải trả lại",
        CriterionKind.PENALTY,
        "2",
        parent=section,
        label="6.2",
        per_case=Decimal("0.5"),
        guidance="Mỗi trường hợp trừ 0,5 điểm.",
    )
    drill = _add(
        sheet,
        organiser_user,
        "Tham gia diễn tập phòng thủ khu vực",
        CriterionKind.PENALTY,
        "2",
        label="7.",
        levels=[[Decimal(0), "Tham gia"], [Decimal(-2), "Không tham gia"]],
    )
    serious = _add(
        sheet,
        organiser_user,
        "Để xảy ra vụ việc phức tạp về an ninh, trật tự kéo dài",
        CriterionKind.DISQUALIFIER,
        label="8.",
        guidance="Có: không xếp loại thi đua, dù được bao nhiêu điểm.",
    )
    services.stage_open(sheet=sheet, kind=StageKind.SELF, user=organiser_user)
    for index, unit in enumerate(cluster.members.order_by("unit__code")):
        user = member_users.get(unit.unit_id)
        if user is None:
            continue
        items = [
            services.EntryInput(criterion_id=direct.pk, score=Decimal(27 - index * 2)),
            services.EntryInput(criterion_id=qualitative.pk, score=Decimal(20)),
            services.EntryInput(criterion_id=bonus.pk, score=Decimal(3 - index)),
            services.EntryInput(criterion_id=penalty.pk, score=Decimal(-index)),
            services.EntryInput(criterion_id=standard.pk, score=Decimal(3) if index % 2 == 0 else Decimal("1.5")),
            services.EntryInput(criterion_id=per_case.pk, score=None, cases=index + 1),  # the 4th: capped at -1,5
            services.EntryInput(criterion_id=drill.pk, score=Decimal(0) if index < 2 else Decimal(-2)),
            services.EntryInput(criterion_id=serious.pk, score=Decimal(1 if unit.unit_id in disqualified else 0)),
        ]
        services.entries_save(sheet=sheet, kind=StageKind.SELF, unit=unit.unit, user=user, items=items)
    services.stage_close(sheet=sheet, kind=StageKind.SELF, user=organiser_user)
    services.stage_open(sheet=sheet, kind=StageKind.CLUSTER, user=organiser_user)
    services.stage_close(sheet=sheet, kind=StageKind.CLUSTER, user=organiser_user)
    services.stage_open(sheet=sheet, kind=StageKind.EXPLANATION, user=organiser_user)
    return True


def demo_load_scoring_for_seeds() -> bool:
    """The sheet of the demo cluster (units.demo.DEMO_CLUSTER) for Cao Lộc's Chỉ thị and its year 2024 period."""
    from accounts.models import User
    from reports.demo import district_campaign
    from units.demo import DEMO_CLUSTER
    from units.models import Cluster

    campaign = district_campaign()
    cluster = Cluster.objects.filter(name=DEMO_CLUSTER["name"], year=DEMO_CLUSTER["year"]).first()
    period = campaign.periods.order_by("-ends_on").first() if campaign else None
    if campaign is None or cluster is None or period is None:
        return False
    users = {
        u.username: u for u in User.objects.filter(username__in=["noivu.caoloc", "canbo.caolau", "canbo.thachdan"])
    }
    members = {
        m.unit_id: users.get({"06196": "canbo.caolau", "06199": "canbo.thachdan"}.get(m.unit.code, ""))
        for m in cluster.members.select_related("unit")
    }
    return demo_load_scoring(
        cluster=cluster,
        campaign=campaign,
        period=period,
        organiser_user=users["noivu.caoloc"],
        member_users={k: v for k, v in members.items() if v is not None},
    )


@transaction.atomic
def demo_load_scoring_papers(*, sheet, unit, officer, clerk, leader, secretary: tuple[str, str]) -> bool:
    """``unit`` (a member leading the cluster) reports its self-score and issues the cluster's minutes of the cluster
    check, each from its register today, signed by ``leader`` (the minutes' chair), with ``secretary`` (name,
    position). Returns False when the sheet has its papers already."""
    if sheet.self_reports.exists() or sheet.minutes.exists():
        return False
    if not Register.objects.filter(unit=unit, year=timezone.localdate().year).exists():
        register_open(unit=unit, year=timezone.localdate().year, user=clerk)
    report = papers.self_report_draft(sheet=sheet, unit=unit, user=officer)
    report = papers.self_report_update(
        report=report,
        user=officer,
        expected_version=report.version,
        assessment=(
            f"{unit.body_name} đã triển khai đầy đủ các nội dung thi đua, hoàn thành các chỉ tiêu chủ yếu; mô hình "
            "“Một cửa liên thông số” được nhân rộng.\n\nCòn chậm báo cáo kết quả quý I; một số tài liệu kiểm chứng "
            "chưa đầy đủ."
        ),
        proposals="Đề nghị Cụm xem xét, công nhận kết quả tự chấm điểm của đơn vị.",
    )
    papers.self_report_issue(report=report, user=clerk, expected_version=report.version, signer=leader)
    minutes = papers.minutes_draft(sheet=sheet, user=officer)
    minutes = papers.minutes_update(
        minutes=minutes,
        user=officer,
        expected_version=minutes.version,
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        opened_at=datetime.time(8, 0),
        closed_at=datetime.time(11, 30),
        secretary_name=secretary[0],
        secretary_position=secretary[1],
        chair_position=f"Chủ tịch {unit.body_name}, Cụm trưởng {sheet.cluster.name}",
    )
    papers.minutes_issue(minutes=minutes, user=clerk, expected_version=minutes.version, signer=leader)
    return True

"""Scoring sheets for tests, built through the services: a cluster of Huyện Cao Lộc with Xã Cao Lâu as leader and
Xã Thạch Đạn as member, a campaign naming the cluster, its figures, reports and a sheet of criteria."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reports import services as reports
from reports.models import PeriodKind
from reports.services import ValueInput
from scoring import services
from scoring.models import CriterionKind, Formula, StageKind
from targets.models import Figure
from tests.campaigns.factories import make_campaign
from tests.factories import ClusterFactory
from units.models import ClusterMember, MemberRole

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="bien-ban.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def cluster_with(organiser, members, *, name=None):
    """A cluster of ``organiser``; the first member is the leader, the second (if any, and ``deputy``) the rest
    ordinary members."""
    cluster = ClusterFactory(organiser=organiser, **({"name": name} if name else {}))
    for position, unit in enumerate(members):
        ClusterMember.objects.create(
            cluster=cluster, unit=unit, role=MemberRole.LEADER if position == 0 else MemberRole.MEMBER
        )
    return cluster


def campaign_for(cluster, members, *, indicators=2):
    campaign = make_campaign(
        cluster.organiser, title=f"Chỉ thị thi đua {cluster.name}", participants=members, indicators=indicators
    )
    campaign.clusters.add(cluster)
    # The figures (tấn) are absolute, by default the district's own totals: here every member is scored against
    # them, so the campaign says they are every unit's target.
    Figure.objects.filter(indicator__section__campaign=campaign).update(reach="each")
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    return campaign, figures


def add(sheet, user, heading, kind, max_points=None, **kwargs):
    sheet.refresh_from_db()
    return services.criterion_save(
        sheet=sheet,
        user=user,
        expected_version=sheet.version,
        heading=heading,
        kind=kind,
        max_points=Decimal(max_points) if max_points is not None else None,
        **kwargs,
    )


def standard_criteria(sheet, user, figures):
    """1. Kinh tế (group, 20): 1.1 quantitative proportional cap 1,2 (10), 1.2 quantitative threshold (5),
    1.3 qualitative (5); 2. direct (10); 3. bonus (3); 4. penalty (5)."""
    group = add(sheet, user, "Phát triển kinh tế", CriterionKind.GROUP, "20", label="1.")
    c = SimpleNamespace(group=group)
    c.proportional = add(
        sheet,
        user,
        "Sản lượng lương thực",
        CriterionKind.QUANTITATIVE,
        "10",
        label="1.1",
        parent=group,
        figure=figures[0],
        formula=Formula.PROPORTIONAL,
        formula_params={"cap": Decimal("1.2")},
    )
    c.threshold = add(
        sheet,
        user,
        "Chỉ tiêu thứ hai",
        CriterionKind.QUANTITATIVE,
        "5",
        label="1.2",
        parent=group,
        figure=figures[1],
        formula=Formula.THRESHOLD,
    )
    c.qualitative = add(sheet, user, "Giữ vững an ninh", CriterionKind.QUALITATIVE, "5", label="1.3", parent=group)
    c.direct = add(sheet, user, "Công tác chỉ đạo", CriterionKind.DIRECT, "10", label="2.")
    c.bonus = add(sheet, user, "Điểm thưởng sáng kiến", CriterionKind.BONUS, "3", label="3.")
    c.penalty = add(sheet, user, "Điểm trừ vi phạm", CriterionKind.PENALTY, "5", label="4.")
    return c


def period_for(campaign):
    today = timezone.localdate()
    return reports.period_add(
        campaign=campaign,
        kind=PeriodKind.YEAR,
        label="Năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        due_on=max(today, datetime.date(2024, 12, 31)),
        grace_days=5,
    )


def report(period, unit, figures, values, *, officer, reviewer=None):
    """The unit's report with ``values`` (one per figure), submitted; approved when a reviewer is given."""
    row = reports.report_for(period=period, unit=unit)
    row = reports.report_save(
        report=row,
        user=officer,
        expected_version=row.version,
        values=[ValueInput(figure_id=f.pk, value=Decimal(v)) for f, v in zip(figures, values, strict=True)],
    )
    row = reports.report_submit(report=row, user=officer, expected_version=row.version)
    if reviewer is not None:
        row = reports.report_approve(report=row, user=reviewer, expected_version=row.version)
    return row


def close_all_before(sheet, kind, user):
    """Opens and closes the stages before ``kind``, then opens ``kind``."""
    from scoring.models import STAGE_ORDER

    for stage in STAGE_ORDER:
        services.stage_open(sheet=sheet, kind=stage, user=user)
        if stage == kind:
            return
        services.stage_close(sheet=sheet, kind=stage, user=user)


def matrix_objects(tree, people, cluster, campaign) -> dict:
    """The objects of the scoring rows of tests/test_permissions.py MATRIX, for the fixture's cluster (organised by
    Cao Lộc, Cao Lâu leader, Thạch Đạn member) and the district's campaign naming it."""
    campaign.clusters.add(cluster)
    sheet = services.sheet_create(cluster=cluster, campaign=campaign, title="Bảng chấm điểm", user=people.reviewer)
    criterion = add(sheet, people.reviewer, "Công tác chỉ đạo", CriterionKind.DIRECT, "10", label="1.")
    services.stage_open(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)
    (entry,) = services.entries_save(
        sheet=sheet,
        kind=StageKind.SELF,
        unit=tree.cao_lau,
        user=people.officer,
        items=[services.EntryInput(criterion_id=criterion.pk, score=Decimal(8), evidence=(pdf_upload(),))],
    )
    # A cluster of a sibling district (Văn Lãng): nobody of Cao Lộc or below sees its sheet.
    other = cluster_with(tree.van_lang, [tree.hoang_viet], name="Cụm Văn Lãng")
    other_campaign = make_campaign(tree.van_lang, title="Chỉ thị của Văn Lãng", participants=[tree.hoang_viet])
    other_campaign.clusters.add(other)
    other_sheet = services.sheet_create(
        cluster=other, campaign=other_campaign, title="Bảng chấm điểm Văn Lãng", user=people.province_admin
    )
    # Cao Lộc scoring Cao Lâu directly, without a cluster: Thạch Đạn (not scored on it) does not see it.
    own_sheet = services.sheet_create(
        organiser=tree.cao_loc,
        participants=[tree.cao_lau],
        campaign=campaign,
        title="Bảng chấm điểm trực tiếp",
        user=people.reviewer,
    )
    return {
        "score_own_sheet": own_sheet,
        "score_own_cao_loc": {"unit_pk": tree.cao_loc.pk},
        "score_own_cao_lau": {"unit_pk": tree.cao_lau.pk},
        "score_cluster_cao_loc": {"cluster_pk": cluster.pk},
        "score_cluster_van_lang": {"cluster_pk": other.pk},
        "score_sheet": sheet,
        "score_sheet_van_lang": other_sheet,
        "score_criterion": {"pk": sheet.pk, "criterion_pk": criterion.pk},
        "score_stage_self": {"pk": sheet.pk, "stage": "self"},
        "score_stage_open": {"pk": sheet.pk, "stage": "cluster", "action": "open"},
        "score_entry_cao_lau": {"pk": sheet.pk, "stage": "self", "unit_pk": tree.cao_lau.pk},
        "score_entry_thach_dan": {"pk": sheet.pk, "stage": "self", "unit_pk": tree.thach_dan.pk},
        "score_evidence_cao_lau": {"pk": entry.evidence.get().pk},
    }

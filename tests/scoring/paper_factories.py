"""A scored sheet for the tests of the printed papers: Huyện Cao Lộc's cluster (Xã Cao Lâu leader, Xã Thạch Đạn
member) with the standard criteria, both communes' year reports approved, their self-scores entered (with a comment
and an evidence file) and the self-score and cluster check closed."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from scoring import papers, services
from scoring.models import ScoringMinutes, StageKind
from scoring.services import EntryInput
from tests.scoring.factories import campaign_for, cluster_with, pdf_upload, period_for, report, standard_criteria

D = Decimal


def scored_sheet(tree, people, *, close_cluster_check=True):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan], name="Cụm thi đua số 1 huyện Cao Lộc")
    campaign, figures = campaign_for(cluster, [tree.cao_lau, tree.thach_dan])
    period = period_for(campaign)
    report(period, tree.cao_lau, figures, ["1326", "1200"], officer=people.officer, reviewer=people.reviewer)
    report(period, tree.thach_dan, figures, ["900", "1000"], officer=people.sibling_officer, reviewer=people.reviewer)
    sheet = services.sheet_create(
        cluster=cluster, campaign=campaign, period=period, title="Bảng chấm điểm thi đua năm 2024", user=people.reviewer
    )
    c = standard_criteria(sheet, people.reviewer, figures)
    services.stage_open(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)
    scores = {
        tree.cao_lau: (people.officer, ("12", "5", "5", "9", "2", "0")),
        tree.thach_dan: (people.sibling_officer, ("8.14", "0", "5", "7", "0", "-1")),
    }
    for unit, (user, points) in scores.items():
        criteria = (c.proportional, c.threshold, c.qualitative, c.direct, c.bonus, c.penalty)
        items = [EntryInput(criterion_id=k.pk, score=D(p)) for k, p in zip(criteria, points, strict=True)]
        if unit == tree.cao_lau:
            items[3] = EntryInput(
                criterion_id=c.direct.pk, score=D(9), comment="Ban hành kế hoạch đúng hạn.", evidence=(pdf_upload(),)
            )
        services.entries_save(sheet=sheet, kind=StageKind.SELF, unit=unit, user=user, items=items)
    services.stage_close(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)
    if close_cluster_check:
        services.stage_open(sheet=sheet, kind=StageKind.CLUSTER, user=people.reviewer)
        services.entries_save(
            sheet=sheet,
            kind=StageKind.CLUSTER,
            unit=tree.thach_dan,
            user=people.officer,  # the leader unit's officer checks the member
            items=[EntryInput(criterion_id=c.direct.pk, score=D(6), comment="Thiếu kế hoạch thôn.")],
        )
        services.stage_close(sheet=sheet, kind=StageKind.CLUSTER, user=people.reviewer)
    return SimpleNamespace(cluster=cluster, campaign=campaign, figures=figures, period=period, sheet=sheet, c=c)


def paper_matrix_objects(tree, people, sheet) -> dict:
    """The objects of the papers' rows of tests/test_permissions.py MATRIX, on the matrix's sheet (self-score open):
    Xã Cao Lâu's draft self-scoring report and draft minutes of its cluster, which Cao Lâu leads."""
    report = papers.self_report_draft(sheet=sheet, unit=tree.cao_lau, user=people.officer)
    minutes = ScoringMinutes.objects.create(
        sheet=sheet,
        unit=tree.cao_lau,
        issuing_body=sheet.cluster.name.upper(),
        place="Cao Lâu",
        year=sheet.cluster.year,
        title="Họp chấm điểm, bình xét thi đua",
        stage=StageKind.SELF,
        held_on=datetime.date(2024, 12, 20),
        opened_at=datetime.time(8, 0),
        closed_at=datetime.time(11, 0),
        venue="Hội trường UBND xã Cao Lâu",
        attendees="Đại diện lãnh đạo Ủy ban nhân dân xã Thạch Đạn - đơn vị thành viên",
        signer_title="CHỦ TRÌ",
        signer_name="Nguyễn Văn A",
    )
    return {
        "papers_sheet": sheet,
        "paper_report_draft": {"pk": sheet.pk, "unit_pk": tree.cao_lau.pk},
        "paper_report": report,
        "paper_minutes": minutes,
    }

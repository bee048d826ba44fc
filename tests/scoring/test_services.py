"""The scoring services: sheets, stages in order and by role, all-or-nothing saves with a version check, refusals
(above the maximum, a positive penalty), quantitative points from the reports, ranking, proposal and decision."""

import io
import re
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from reports.achievement import Status
from scoring import files, services
from scoring.access import SheetAccess
from scoring.models import (
    CouncilDecision,
    CriterionKind,
    LeadingProposal,
    ScoreEntry,
    StageKind,
    StageStatus,
)
from scoring.selectors import sheet_board
from scoring.services import EntryInput
from tests.campaigns.factories import make_campaign
from tests.scoring.factories import (
    PDF,
    PNG,
    add,
    campaign_for,
    close_all_before,
    cluster_with,
    pdf_upload,
    period_for,
    report,
    standard_criteria,
)
from units.versioning import VersionConflict

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world(tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign, figures = campaign_for(cluster, [tree.cao_lau, tree.thach_dan])
    period = period_for(campaign)
    sheet = services.sheet_create(
        cluster=cluster, campaign=campaign, period=period, title="Bảng chấm điểm 2024", user=people.reviewer
    )
    criteria = standard_criteria(sheet, people.reviewer, figures)
    return SimpleNamespace(cluster=cluster, campaign=campaign, figures=figures, period=period, sheet=sheet, c=criteria)


def save(world, unit, user, kind=StageKind.SELF, **scores):
    """Saves ``scores`` ({criterion name in world.c: points or (points, reason)}) with the current versions."""
    current = {
        e.criterion_id: e.version
        for e in ScoreEntry.objects.filter(stage__sheet=world.sheet, stage__kind=kind, unit=unit)
    }
    items = []
    for name, value in scores.items():
        criterion = getattr(world.c, name)
        score, reason = value if isinstance(value, tuple) else (value, "")
        items.append(
            EntryInput(
                criterion_id=criterion.pk,
                score=D(score) if score is not None else None,
                reason=reason,
                version=current.get(criterion.pk),
            )
        )
    return services.entries_save(sheet=world.sheet, kind=kind, unit=unit, user=user, items=items)


# ------------------------------------------------------------------ sheets and criteria


def test_a_sheet_needs_a_campaign_naming_the_cluster_and_a_period_of_that_campaign(tree, people, world):
    other = make_campaign(tree.cao_loc, title="Không có cụm", participants=[tree.cao_lau])
    with pytest.raises(ValidationError) as error:
        services.sheet_create(cluster=world.cluster, campaign=other, title="X", user=people.reviewer)
    assert error.value.message_dict["campaign"] == [_(services.ERR_CAMPAIGN_CLUSTER) % {"cluster": world.cluster.name}]
    other.clusters.add(world.cluster)
    with pytest.raises(ValidationError) as error:
        services.sheet_create(
            cluster=world.cluster, campaign=other, title="X", period=world.period, user=people.reviewer
        )
    assert "period" in error.value.message_dict
    with pytest.raises(ValidationError, match=re.escape(_(services.ERR_SHEET_EXISTS))):
        services.sheet_create(
            cluster=world.cluster, campaign=world.campaign, period=world.period, title="Y", user=people.reviewer
        )
    assert [s.kind for s in world.sheet.stages.all()] == ["self", "cluster", "explanation", "upper", "final"]


def test_a_stale_criteria_edit_is_refused(world, people):
    stale = world.sheet.version - 1
    with pytest.raises(VersionConflict):
        services.criterion_save(
            sheet=world.sheet,
            user=people.reviewer,
            expected_version=stale,
            heading="X",
            kind=CriterionKind.DIRECT,
            max_points=D(1),
        )


def test_a_criterion_stands_only_under_a_group_of_its_sheet_and_never_under_itself(world, people):
    with pytest.raises(ValidationError) as error:
        add(world.sheet, people.reviewer, "Con", CriterionKind.DIRECT, "1", parent=world.c.direct)
    assert error.value.message_dict["parent"] == [_(services.ERR_PARENT_NOT_GROUP)]
    inner = add(world.sheet, people.reviewer, "Nhóm con", CriterionKind.GROUP, parent=world.c.group)
    world.sheet.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.criterion_save(
            sheet=world.sheet,
            criterion=world.c.group,
            user=people.reviewer,
            expected_version=world.sheet.version,
            heading="Phát triển kinh tế",
            kind=CriterionKind.GROUP,
            parent=inner,
        )
    assert error.value.message_dict["parent"] == [_(services.ERR_PARENT_CYCLE)]


def test_criteria_are_fixed_once_the_self_score_opens(world, people):
    services.stage_open(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    with pytest.raises(ValidationError, match=re.escape(_(services.ERR_SHEET_STARTED))):
        add(world.sheet, people.reviewer, "Muộn", CriterionKind.DIRECT, "1")
    world.sheet.refresh_from_db()
    with pytest.raises(ValidationError, match=re.escape(_(services.ERR_SHEET_STARTED))):
        services.criterion_delete(criterion=world.c.direct, expected_version=world.sheet.version, user=people.reviewer)


# ------------------------------------------------------------------ stages: order and roles


def test_stages_open_and_close_in_order(world, people):
    sheet, reviewer = world.sheet, people.reviewer
    with pytest.raises(ValidationError) as error:
        services.stage_open(sheet=sheet, kind=StageKind.CLUSTER, user=reviewer)
    assert error.value.messages == [
        _(services.ERR_STAGE_ORDER) % {"previous": StageKind.SELF.label, "stage": StageKind.CLUSTER.label}
    ]
    with pytest.raises(ValidationError):
        services.stage_close(sheet=sheet, kind=StageKind.SELF, user=reviewer)  # not open yet
    services.stage_open(sheet=sheet, kind=StageKind.SELF, user=reviewer)
    with pytest.raises(ValidationError):
        services.stage_open(sheet=sheet, kind=StageKind.SELF, user=reviewer)  # already open
    with pytest.raises(ValidationError):
        services.stage_open(sheet=sheet, kind=StageKind.CLUSTER, user=reviewer)  # self still open
    for kind in (StageKind.SELF, StageKind.CLUSTER, StageKind.EXPLANATION, StageKind.UPPER, StageKind.FINAL):
        if kind != StageKind.SELF:
            services.stage_open(sheet=sheet, kind=kind, user=reviewer)
        services.stage_close(sheet=sheet, kind=kind, user=reviewer)
    stages = list(sheet.stages.order_by("position"))
    assert all(s.status == StageStatus.CLOSED and s.opened_by == reviewer and s.closed_at for s in stages)


def test_the_self_score_needs_criteria(tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau])
    campaign, _figures = campaign_for(cluster, [tree.cao_lau])
    sheet = services.sheet_create(cluster=cluster, campaign=campaign, title="Trống", user=people.reviewer)
    with pytest.raises(ValidationError, match=re.escape(_(services.ERR_NO_CRITERIA))):
        services.stage_open(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)


# subject → {stage: (may score Cao Lâu (the leader unit), may score Thạch Đạn (a member))}
ROLES = {
    "officer": {"self": (1, 0), "cluster": (0, 1), "explanation": (1, 0), "upper": (0, 0), "final": (0, 0)},
    "leader": {"self": (1, 0), "cluster": (0, 1), "explanation": (1, 0), "upper": (0, 0), "final": (0, 0)},
    "clerk": {"self": (0, 0), "cluster": (0, 0), "explanation": (0, 0), "upper": (0, 0), "final": (0, 0)},
    "sibling_officer": {"self": (0, 1), "cluster": (0, 0), "explanation": (0, 1), "upper": (0, 0), "final": (0, 0)},
    "reviewer": {"self": (0, 0), "cluster": (1, 1), "explanation": (0, 0), "upper": (1, 1), "final": (1, 1)},
    "council": {"self": (0, 0), "cluster": (1, 1), "explanation": (0, 0), "upper": (0, 0), "final": (1, 1)},
    "province_admin": {"self": (1, 1), "cluster": (1, 1), "explanation": (1, 1), "upper": (0, 0), "final": (0, 0)},
    "other_reviewer": {"self": (0, 0), "cluster": (0, 0), "explanation": (0, 0), "upper": (0, 0), "final": (0, 0)},
    "superuser": {"self": (1, 1), "cluster": (1, 1), "explanation": (1, 1), "upper": (1, 1), "final": (1, 1)},
}


@pytest.mark.parametrize("subject", list(ROLES))
def test_who_may_score_at_each_stage(world, people, tree, subject):
    access = SheetAccess.build(user=getattr(people, subject), sheet=world.sheet)
    found = {
        kind: (int(access.can_score(kind, tree.cao_lau)), int(access.can_score(kind, tree.thach_dan)))
        for kind in ROLES[subject]
    }
    assert found == ROLES[subject]


def test_the_deputy_unit_checks_the_leader_unit(world, tree, people):
    from units.models import ClusterMember, MemberRole

    ClusterMember.objects.filter(cluster=world.cluster, unit=tree.thach_dan).update(role=MemberRole.DEPUTY)
    access = SheetAccess.build(user=people.sibling_officer, sheet=world.sheet)
    assert access.can_score(StageKind.CLUSTER, tree.cao_lau) and access.sees_all


def test_a_score_by_someone_without_the_role_or_at_a_closed_stage_is_refused(world, tree, people):
    with pytest.raises(
        ValidationError, match=re.escape(_(services.ERR_STAGE_NOT_OPEN) % {"stage": StageKind.SELF.label})
    ):
        save(world, tree.cao_lau, people.officer, direct=5)
    services.stage_open(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    with pytest.raises(ValidationError) as error:
        save(world, tree.thach_dan, people.officer, direct=5)  # another member's self-score
    assert error.value.messages == [
        _(services.ERR_NOT_ALLOWED) % {"unit": tree.thach_dan.name, "stage": StageKind.SELF.label}
    ]
    with pytest.raises(ValidationError):
        save(world, tree.cao_lau, people.reviewer, kind=StageKind.SELF, direct=5)
    with pytest.raises(ValidationError, match=re.escape(_(services.ERR_NOT_MEMBER) % {"unit": tree.hoang_viet.name})):
        save(world, tree.hoang_viet, people.superuser, direct=5)
    save(world, tree.cao_lau, people.officer, direct=5)
    services.stage_close(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    with pytest.raises(
        ValidationError, match=re.escape(_(services.ERR_STAGE_NOT_OPEN) % {"stage": StageKind.SELF.label})
    ):
        save(world, tree.cao_lau, people.officer, direct=6)
    assert ScoreEntry.objects.get(unit=tree.cao_lau).score == D(5)


# ------------------------------------------------------------------ refusals: all or nothing


def test_over_the_maximum_or_a_positive_penalty_is_refused_and_nothing_is_saved(world, tree, people):
    services.stage_open(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    with pytest.raises(ValidationError) as error:
        save(
            world,
            tree.cao_lau,
            people.officer,
            direct="9",  # fine
            qualitative="5",  # fine
            bonus="3.5",  # above its maximum of 3
            penalty="2",  # a penalty entered as positive
        )
    c = world.c
    assert error.value.message_dict == {
        str(c.bonus.pk): [
            _(services.ERR_OVER_MAX) % {"criterion": "3. “Điểm thưởng sáng kiến”", "score": "3,5", "max": "3"}
        ],
        str(c.penalty.pk): [
            _(services.ERR_PENALTY_POSITIVE) % {"criterion": "4. “Điểm trừ vi phạm”", "score": "2", "max": "5"}
        ],
    }
    assert ScoreEntry.objects.count() == 0

    with pytest.raises(ValidationError) as error:
        save(world, tree.cao_lau, people.officer, direct="10.5", qualitative="3", penalty="-6", proportional="12.5")
    messages = error.value.message_dict
    assert messages[str(c.direct.pk)] == [
        _(services.ERR_OVER_MAX) % {"criterion": "2. “Công tác chỉ đạo”", "score": "10,5", "max": "10"}
    ]
    assert messages[str(c.qualitative.pk)] == [
        _(services.ERR_QUALITATIVE) % {"criterion": "1.3 “Giữ vững an ninh”", "score": "3", "max": "5"}
    ]
    assert messages[str(c.penalty.pk)] == [
        _(services.ERR_PENALTY_OVER) % {"criterion": "4. “Điểm trừ vi phạm”", "score": "-6", "max": "5"}
    ]
    # proportional with a cap of 1,2: up to 12 points, not 12,5
    assert messages[str(c.proportional.pk)] == [
        _(services.ERR_OVER_MAX) % {"criterion": "1.1 “Sản lượng lương thực”", "score": "12,5", "max": "12"}
    ]
    with pytest.raises(ValidationError):
        save(world, tree.cao_lau, people.officer, direct="-1")
    with pytest.raises(ValidationError):
        save(world, tree.cao_lau, people.officer, direct="7.555")
    assert ScoreEntry.objects.count() == 0

    save(world, tree.cao_lau, people.officer, direct="9", qualitative="5", bonus="3", penalty="-2", proportional="12")
    assert ScoreEntry.objects.count() == 5


def test_a_stale_page_is_refused_with_who_changed_what(world, tree, people):
    services.stage_open(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    save(world, tree.cao_lau, people.leader, direct="7")
    # the officer's page was built before the leader saved: no version for that cell
    with pytest.raises(VersionConflict) as error:
        services.entries_save(
            sheet=world.sheet,
            kind=StageKind.SELF,
            unit=tree.cao_lau,
            user=people.officer,
            items=[
                EntryInput(criterion_id=world.c.direct.pk, score=D(9), version=None),
                EntryInput(criterion_id=world.c.qualitative.pk, score=D(5), version=None),
            ],
        )
    assert people.leader.get_full_name() in error.value.messages[0] and "7" in error.value.messages[0]
    assert list(ScoreEntry.objects.values_list("criterion_id", "score")) == [(world.c.direct.pk, D(7))]
    save(world, tree.cao_lau, people.officer, direct="9")  # with the current version
    entry = ScoreEntry.objects.get()
    assert entry.score == D(9) and entry.version == 2 and entry.updated_by == people.officer


def test_evidence_is_checked_by_its_content_not_its_name(world, tree, people, monkeypatch):
    services.stage_open(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)

    def upload(evidence):
        return services.entries_save(
            sheet=world.sheet,
            kind=StageKind.SELF,
            unit=tree.cao_lau,
            user=people.officer,
            items=[
                EntryInput(
                    criterion_id=world.c.direct.pk,
                    score=D(5),
                    evidence=(evidence,),
                    version=ScoreEntry.objects.filter(criterion=world.c.direct)
                    .values_list("version", flat=True)
                    .first(),
                )
            ],
        )

    with pytest.raises(ValidationError) as error:
        upload(SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"))
    assert _(files.ERR_FILE_TYPE) % {"name": "bien-ban.pdf"} in error.value.messages[0]
    assert ScoreEntry.objects.count() == 0
    (entry,) = upload(SimpleUploadedFile("anh.exe", PNG, content_type="application/octet-stream"))
    latest = entry.evidence.last()
    assert (latest.content_type, latest.name) == ("image/png", "anh.exe")
    assert latest.file.name.endswith(".png") and "anh" not in latest.file.name
    (entry,) = upload(pdf_upload("Biên bản.pdf"))
    latest = entry.evidence.last()
    assert latest.content_type == "application/pdf" and latest.file.read() == PDF

    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    (entry,) = upload(SimpleUploadedFile("bao-cao.docx", docx.getvalue()))
    assert entry.evidence.last().content_type.endswith("wordprocessingml.document")
    macros = io.BytesIO()
    with zipfile.ZipFile(macros, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", "x")
    with pytest.raises(ValidationError, match=re.escape(_(files.ERR_FILE_MACROS) % {"name": "bao-cao.docm"})):
        upload(SimpleUploadedFile("bao-cao.docm", macros.getvalue()))
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(ValidationError):
        upload(SimpleUploadedFile("bao-cao.docx", plain_zip.getvalue()))
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    with pytest.raises(ValidationError) as error:
        upload(pdf_upload())
    assert error.value.messages[0].endswith(_(files.ERR_FILE_TOO_LARGE) % {"name": "bien-ban.pdf", "size": "0"})
    # the refused uploads changed nothing: the three files kept, the Word document last
    kept = ScoreEntry.objects.get(pk=entry.pk).evidence.all()
    assert [e.content_type.split("/")[0] for e in kept] == ["image", "application", "application"]
    assert entry.evidence.last().content_type.endswith("wordprocessingml.document")


# ------------------------------------------------------------------ quantitative points from the reports


def test_quantitative_criteria_are_prefilled_from_approved_or_submitted_reports(world, tree, people):
    f0, f1 = world.figures  # at least 1.105 and 1.106 tấn
    # Cao Lâu: approved, 110 % of the first figure (proportional, cap 1,2 → 11 of 10) and below the second (→ 0)
    report(
        world.period, tree.cao_lau, world.figures, ["1215.5", "1100"], officer=people.officer, reviewer=people.reviewer
    )
    # Thạch Đạn: submitted only, half of the first (→ 5) and the second exactly (threshold → 5)
    report(world.period, tree.thach_dan, world.figures, ["552.5", "1106"], officer=people.sibling_officer)

    access = SheetAccess.build(user=people.reviewer, sheet=world.sheet)
    board = sheet_board(sheet=world.sheet, access=access)
    c = world.c
    cao_lau, thach_dan = tree.cao_lau.pk, tree.thach_dan.pk
    assert board.prefills[(c.proportional.pk, cao_lau)].points == D("11.00")
    assert board.prefills[(c.proportional.pk, cao_lau)].achievement.status == Status.EXCEEDED
    assert board.prefills[(c.threshold.pk, cao_lau)].points == D("0.00")
    assert board.prefills[(c.proportional.pk, thach_dan)].points == D("5.00")
    assert board.prefills[(c.threshold.pk, thach_dan)].points == D("5.00")
    assert board.initial(StageKind.SELF, c.proportional.pk, cao_lau) == D("11.00")

    services.stage_open(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    # another figure than the report's needs a reason
    with pytest.raises(ValidationError) as error:
        save(world, tree.cao_lau, people.officer, proportional="12")
    assert error.value.messages == [
        _(services.ERR_REASON_NEEDED) % {"criterion": "1.1 “Sản lượng lương thực”", "computed": "11", "score": "12"}
    ]
    save(world, tree.cao_lau, people.officer, proportional=("12", "Số liệu thống kê cuối năm cao hơn"), threshold="0")
    entry = ScoreEntry.objects.get(criterion=c.proportional)
    assert (entry.score, entry.computed, entry.reason) == (D(12), D(11), "Số liệu thống kê cuối năm cao hơn")


def test_a_draft_report_gives_no_points(world, tree, people):
    from reports import services as reports
    from reports.services import ValueInput

    draft = reports.report_for(period=world.period, unit=tree.thach_dan)
    reports.report_save(
        report=draft,
        user=people.sibling_officer,
        expected_version=draft.version,
        values=[ValueInput(figure_id=world.figures[0].pk, value=D(2000))],
    )
    board = sheet_board(sheet=world.sheet, access=SheetAccess.build(user=people.reviewer, sheet=world.sheet))
    prefill = board.prefills[(world.c.proportional.pk, tree.thach_dan.pk)]
    assert prefill.points is None and prefill.report is None


def test_without_a_period_the_latest_period_with_a_report_counts(world, tree, people):
    import datetime

    from reports import services as reports
    from reports.models import PeriodKind

    world.sheet.refresh_from_db()
    services.sheet_update(
        sheet=world.sheet,
        title=world.sheet.title,
        period=None,
        expected_version=world.sheet.version,
        user=people.reviewer,
    )
    world.sheet.refresh_from_db()
    half = reports.period_add(
        campaign=world.campaign,
        kind=PeriodKind.HALF,
        label="6 tháng",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=world.period.due_on,
    )
    report(half, tree.cao_lau, world.figures, ["552.5", "0"], officer=people.officer, reviewer=people.reviewer)
    board = sheet_board(sheet=world.sheet, access=SheetAccess.build(user=people.reviewer, sheet=world.sheet))
    assert board.prefills[(world.c.proportional.pk, tree.cao_lau.pk)].points == D("5.00")
    report(world.period, tree.cao_lau, world.figures, ["1105", "0"], officer=people.officer, reviewer=people.reviewer)
    board = sheet_board(sheet=world.sheet, access=SheetAccess.build(user=people.reviewer, sheet=world.sheet))
    assert board.prefills[(world.c.proportional.pk, tree.cao_lau.pk)].points == D("10.00")


# ------------------------------------------------------------------ stages carry forward; ranking with a tie


def _score_through_final(world, tree, people, cao_lau: dict, thach_dan: dict, final: dict | None = None):
    close_all_before(world.sheet, StageKind.SELF, people.reviewer)
    save(world, tree.cao_lau, people.officer, **cao_lau)
    save(world, tree.thach_dan, people.sibling_officer, **thach_dan)
    services.stage_close(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    for kind in (StageKind.CLUSTER, StageKind.EXPLANATION, StageKind.UPPER, StageKind.FINAL):
        services.stage_open(sheet=world.sheet, kind=kind, user=people.reviewer)
        if kind == StageKind.FINAL and final:
            save(world, tree.thach_dan, people.council, kind=StageKind.FINAL, **final)
        services.stage_close(sheet=world.sheet, kind=kind, user=people.reviewer)


def test_ranking_with_a_tie_on_the_total(world, tree, people):
    # both 20 at the end; Thạch Đạn has three criteria at full points, Cao Lâu two: Thạch Đạn ranks first
    _score_through_final(
        world,
        tree,
        people,
        cao_lau={"direct": "10", "qualitative": "5", "bonus": "3", "penalty": "-1", "proportional": ("3", "x")},
        thach_dan={"direct": "10", "qualitative": "5", "threshold": "5", "penalty": "0"},
    )
    board = sheet_board(
        sheet=world.sheet, access=SheetAccess.build(user=people.reviewer, sheet=world.sheet), with_prefill=False
    )
    ranking = board.ranking()
    assert [(r.rank, r.unit.name, r.totals.total, r.totals.full) for r in ranking] == [
        (1, tree.thach_dan.name, D("20.00"), 3),
        (2, tree.cao_lau.name, D("20.00"), 2),
    ]
    # the final stage takes over the upper check, which takes over the cluster check, which takes over the self-score
    assert board.totals(StageKind.SELF, tree.cao_lau.pk).total == board.totals(StageKind.FINAL, tree.cao_lau.pk).total


def test_equal_totals_and_full_points_rank_by_name_and_the_final_stage_decides(world, tree, people):
    _score_through_final(
        world,
        tree,
        people,
        cao_lau={"direct": "10", "qualitative": "5"},
        thach_dan={"direct": "10", "qualitative": "5"},
    )
    board = sheet_board(
        sheet=world.sheet, access=SheetAccess.build(user=people.reviewer, sheet=world.sheet), with_prefill=False
    )
    assert [r.unit.name for r in board.ranking()] == [tree.cao_lau.name, tree.thach_dan.name]  # C before T


def test_the_upper_check_starts_from_the_cluster_check_not_from_the_explanation(world, tree, people):
    close_all_before(world.sheet, StageKind.SELF, people.reviewer)
    save(world, tree.thach_dan, people.sibling_officer, direct="10")
    services.stage_close(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    services.stage_open(sheet=world.sheet, kind=StageKind.CLUSTER, user=people.reviewer)
    save(world, tree.thach_dan, people.officer, kind=StageKind.CLUSTER, direct="6")  # the leader unit checks
    services.stage_close(sheet=world.sheet, kind=StageKind.CLUSTER, user=people.reviewer)
    services.stage_open(sheet=world.sheet, kind=StageKind.EXPLANATION, user=people.reviewer)
    save(world, tree.thach_dan, people.sibling_officer, kind=StageKind.EXPLANATION, direct="9")  # claims 9
    board = sheet_board(
        sheet=world.sheet, access=SheetAccess.build(user=people.reviewer, sheet=world.sheet), with_prefill=False
    )
    uid, cid = tree.thach_dan.pk, world.c.direct.pk
    assert [board.scores(k, uid)[cid] for k in ("self", "cluster", "explanation", "upper", "final")] == [
        D(10),
        D(6),
        D(9),
        D(6),
        D(6),
    ]
    assert board.initial(StageKind.UPPER, cid, uid) == D(6)


# ------------------------------------------------------------------ proposal and the council's decision


def test_the_proposal_and_the_councils_decision_are_kept_apart(world, tree, people):
    with pytest.raises(ValidationError) as error:
        services.proposal_save(
            sheet=world.sheet, units=[tree.cao_lau], note="", user=people.officer, expected_version=None
        )
    assert error.value.messages == [_(services.ERR_PROPOSAL_STAGE) % {"status": str(StageStatus.PENDING.label).lower()}]
    _score_through_final(world, tree, people, cao_lau={"direct": "10"}, thach_dan={"direct": "9"})
    with pytest.raises(ValidationError, match=re.escape(_(services.ERR_NO_PROPOSAL))):
        services.decision_save(sheet=world.sheet, items=[], note="", user=people.council, expected_version=None)
    with pytest.raises(ValidationError):
        services.proposal_save(sheet=world.sheet, units=[], note="", user=people.officer, expected_version=None)
    proposal = services.proposal_save(
        sheet=world.sheet,
        units=[tree.cao_lau, tree.thach_dan],
        note="Hai đơn vị dẫn đầu",
        user=people.officer,
        expected_version=None,
    )
    with pytest.raises(VersionConflict):
        services.proposal_save(
            sheet=world.sheet, units=[tree.cao_lau], note="", user=people.leader, expected_version=proposal.version - 1
        )

    with pytest.raises(ValidationError) as error:
        services.decision_save(
            sheet=world.sheet,
            items=[services.DecisionInput(tree.cao_lau.pk, True), services.DecisionInput(tree.thach_dan.pk, False)],
            note="",
            user=people.council,
            expected_version=None,
        )
    assert error.value.message_dict == {
        f"reason_{tree.thach_dan.pk}": [_(services.ERR_CUT_REASON) % {"unit": tree.thach_dan.name}]
    }
    with pytest.raises(ValidationError, match=re.escape(_(services.ERR_DECISION_UNITS))):
        services.decision_save(
            sheet=world.sheet,
            items=[services.DecisionInput(tree.cao_lau.pk, True)],
            note="",
            user=people.council,
            expected_version=None,
        )
    decision = services.decision_save(
        sheet=world.sheet,
        items=[
            services.DecisionInput(tree.cao_lau.pk, True),
            services.DecisionInput(tree.thach_dan.pk, False, "Chỉ một đơn vị được đề nghị Cờ thi đua"),
        ],
        note="Họp Hội đồng ngày 10/01/2025",
        user=people.council,
        expected_version=None,
    )
    proposal = LeadingProposal.objects.get(sheet=world.sheet)
    assert [p.unit for p in proposal.units.all()] == [tree.cao_lau, tree.thach_dan]  # the proposal is unchanged
    assert (proposal.proposed_by, proposal.note) == (people.officer, "Hai đơn vị dẫn đầu")
    decision = CouncilDecision.objects.get(pk=decision.pk)
    assert decision.decided_by == people.council and decision.decided_at >= proposal.proposed_at
    assert [(i.unit, i.accepted, i.reason) for i in decision.items.all()] == [
        (tree.cao_lau, True, ""),
        (tree.thach_dan, False, "Chỉ một đơn vị được đề nghị Cờ thi đua"),
    ]
    with pytest.raises(ValidationError) as error:
        services.proposal_save(
            sheet=world.sheet, units=[tree.thach_dan], note="", user=people.officer, expected_version=proposal.version
        )
    assert error.value.messages[0].startswith(_(services.ERR_PROPOSAL_DECIDED).split("(")[0])


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_saves_of_one_page_one_wins(world, tree, people):
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions: PostgreSQL")
    services.stage_open(sheet=world.sheet, kind=StageKind.SELF, user=people.reviewer)
    barrier, outcomes = threading.Barrier(10), []

    def score(points):
        try:
            barrier.wait()
            services.entries_save(
                sheet=world.sheet,
                kind=StageKind.SELF,
                unit=tree.cao_lau,
                user=people.officer,
                items=[EntryInput(criterion_id=world.c.direct.pk, score=D(points), version=None)],
            )
            outcomes.append("ok")
        except VersionConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=score, args=(points,)) for points in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 9 + ["ok"]
    assert ScoreEntry.objects.get().version == 1

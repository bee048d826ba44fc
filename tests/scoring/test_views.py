"""The scoring pages end to end: create a sheet and its criteria, open a stage, score with evidence, refusals shown
on the page with nothing saved, the ranking with its rule, proposal and decision, the Excel export, scope, and a
fixed number of queries whatever the number of members."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from scoring import services
from scoring.excel import RANKING_SHEET, SHEET
from scoring.models import Criterion, ScoreEntry, ScoreSheet, StageKind, StageStatus
from scoring.rules import RANKING_RULE
from tests.campaigns.factories import make_campaign
from tests.factories import unit
from tests.scoring.factories import (
    PDF,
    campaign_for,
    close_all_before,
    cluster_with,
    matrix_objects,
    pdf_upload,
    period_for,
    report,
    standard_criteria,
)

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
    c = standard_criteria(sheet, people.reviewer, figures)
    return cluster, campaign, figures, period, sheet, c


def test_a_sheet_and_its_criteria_are_made_in_the_browser(client, tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign, figures = campaign_for(cluster, [tree.cao_lau, tree.thach_dan])
    client.force_login(people.reviewer)
    response = client.get(reverse("cluster_detail", kwargs={"pk": cluster.pk}))
    assert reverse("scoring_cluster", kwargs={"cluster_pk": cluster.pk}).encode() in response.content
    url = reverse("scoring_sheet_create", kwargs={"cluster_pk": cluster.pk})
    response = client.post(url, {"title": "Bảng chấm điểm năm 2024", "campaign": campaign.pk, "period": ""})
    sheet = ScoreSheet.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("scoring_criteria", kwargs={"pk": sheet.pk})

    add = reverse("scoring_criterion_add", kwargs={"pk": sheet.pk})
    response = client.post(add, {"label": "1.", "heading": "Kinh tế", "kind": "group", "version": sheet.version})
    assert response.status_code == 302
    group = Criterion.objects.get()
    sheet.refresh_from_db()
    response = client.post(
        add,
        {
            "parent": group.pk,
            "label": "1.1",
            "heading": "Sản lượng lương thực",
            "kind": "quantitative",
            "max_points": "7,5",
            "figure": figures[0].pk,
            "formula": "steps",
            "steps": "80: 5\n100: 7,5",
            "version": sheet.version,
        },
    )
    assert response.status_code == 302
    steps = Criterion.objects.get(label="1.1")
    assert (steps.parent, steps.max_points, steps.formula_params) == (
        group,
        D("7.5"),
        {"steps": [["80", "5"], ["100", "7.5"]]},
    )
    sheet.refresh_from_db()
    # a wrong formula is refused on the form, with the field's message, and nothing is saved
    response = client.post(
        add,
        {
            "label": "1.2",
            "heading": "Tỷ lệ",
            "kind": "quantitative",
            "max_points": "5",
            "figure": figures[1].pk,
            "formula": "proportional",
            "cap": "3",
            "version": sheet.version,
        },
    )
    assert response.status_code == 400 and Criterion.objects.count() == 2
    from scoring.models.sheets import ERR_CAP

    assert escape(_(ERR_CAP)) in response.content.decode()
    # a stale page (the version before the last change) is refused
    response = client.post(add, {"heading": "Cũ", "kind": "direct", "max_points": "1", "version": sheet.version - 1})
    assert response.status_code == 400 and Criterion.objects.count() == 2
    response = client.get(reverse("scoring_criteria", kwargs={"pk": sheet.pk}))
    assert response.status_code == 200 and "Sản lượng lương thực" in response.content.decode()


def test_scoring_through_the_pages_all_or_nothing(client, world, tree, people):
    _cluster, _campaign, figures, period, sheet, c = world
    report(period, tree.cao_lau, figures, ["1215.5", "1106"], officer=people.officer, reviewer=people.reviewer)
    client.force_login(people.reviewer)
    response = client.post(reverse("scoring_stage_action", kwargs={"pk": sheet.pk, "stage": "self", "action": "open"}))
    assert response.status_code == 302 and sheet.stages.get(kind="self").status == StageStatus.OPEN

    client.force_login(people.officer)
    url = reverse("scoring_entry", kwargs={"pk": sheet.pk, "stage": "self", "unit_pk": tree.cao_lau.pk})
    page = client.get(url).content.decode()
    assert f'name="score-{c.proportional.pk}" ' in page and 'value="11"' in page  # 110 % × 10, from the report
    data = {
        f"score-{c.proportional.pk}": "11",
        f"score-{c.threshold.pk}": "5",
        f"score-{c.qualitative.pk}": "5",
        f"score-{c.direct.pk}": "9,5",
        f"comment-{c.direct.pk}": "Có biên bản kiểm tra",
        f"evidence-{c.direct.pk}": pdf_upload(),
        f"score-{c.bonus.pk}": "4",  # above its maximum of 3
        f"score-{c.penalty.pk}": "-1",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    over = _(services.ERR_OVER_MAX) % {"criterion": "3. “Điểm thưởng sáng kiến”", "score": "4", "max": "3"}
    assert over in response.context["problems"]
    assert ScoreEntry.objects.count() == 0
    data[f"score-{c.bonus.pk}"] = "2"
    data[f"evidence-{c.direct.pk}"] = pdf_upload()
    response = client.post(url, data)
    assert response.status_code == 302
    entry = ScoreEntry.objects.get(criterion=c.direct)
    (evidence,) = entry.evidence.all()
    assert (entry.score, entry.comment, evidence.content_type) == (D("9.5"), "Có biên bản kiểm tra", "application/pdf")
    download = client.get(reverse("scoring_evidence", kwargs={"pk": evidence.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Type"] == "application/pdf"

    # the same page, opened before this save, is stale: 409 and nothing changes
    stale = {k: v for k, v in data.items() if not k.startswith("evidence")}
    stale[f"score-{c.direct.pk}"] = "3"
    response = client.post(url, stale)
    assert response.status_code == 409 and ScoreEntry.objects.get(criterion=c.direct).score == D("9.5")

    grid = client.get(reverse("scoring_stage", kwargs={"pk": sheet.pk, "stage": "self"})).content.decode()
    # the group 1. is capped at its 20 (11 + 5 + 5 = 21); 20 + 9,5 + 2 - 1 = 30,5
    assert "<strong>9,5</strong>" in grid and '<td class="text-end">30,5</td>' in grid


def test_a_plain_member_sees_only_its_own_row_and_cannot_post_another(client, world, tree, people):
    _cluster, _campaign, _figures, _period, sheet, c = world
    services.stage_open(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)
    client.force_login(people.sibling_officer)
    grid = client.get(reverse("scoring_stage", kwargs={"pk": sheet.pk, "stage": "self"})).content.decode()
    assert tree.thach_dan.short_name in grid and tree.cao_lau.short_name not in grid
    url = reverse("scoring_entry", kwargs={"pk": sheet.pk, "stage": "self", "unit_pk": tree.cao_lau.pk})
    assert client.post(url, {f"score-{c.direct.pk}": "1"}).status_code == 404
    assert ScoreEntry.objects.count() == 0
    ranking = client.get(reverse("scoring_ranking", kwargs={"pk": sheet.pk})).content.decode()
    assert tree.cao_lau.name not in ranking
    assert client.get(reverse("scoring_excel", kwargs={"pk": sheet.pk})).status_code == 403


def test_a_sibling_clusters_sheet_is_404(client, tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị", participants=[tree.cao_lau, tree.thach_dan])
    objects = matrix_objects(tree, people, cluster, campaign)
    other = objects["score_sheet_van_lang"]
    for subject in ("reviewer", "council", "officer", "other_reviewer"):
        client.force_login(getattr(people, subject))
        for name in ("scoring_sheet", "scoring_ranking", "scoring_excel", "scoring_criteria", "scoring_proposal"):
            assert client.get(reverse(name, kwargs={"pk": other.pk})).status_code == 404, (subject, name)
        url = reverse("scoring_stage_action", kwargs={"pk": other.pk, "stage": "self", "action": "open"})
        assert client.post(url).status_code == 404
    assert other.stages.get(kind="self").status == StageStatus.PENDING


def test_ranking_page_explains_the_rule_and_the_proposal_and_decision_pages(client, world, tree, people):
    _cluster, _campaign, _figures, _period, sheet, c = world
    close_all_before(sheet, StageKind.SELF, people.reviewer)
    for unit_, user in ((tree.cao_lau, people.officer), (tree.thach_dan, people.sibling_officer)):
        services.entries_save(
            sheet=sheet,
            kind=StageKind.SELF,
            unit=unit_,
            user=user,
            items=[
                services.EntryInput(criterion_id=c.direct.pk, score=D(10)),
                services.EntryInput(criterion_id=c.qualitative.pk, score=D(5)),
            ],
        )
    for kind in ("self", "cluster", "explanation", "upper", "final"):
        if kind != "self":
            services.stage_open(sheet=sheet, kind=kind, user=people.reviewer)
        services.stage_close(sheet=sheet, kind=kind, user=people.reviewer)
    client.force_login(people.reviewer)
    page = client.get(reverse("scoring_ranking", kwargs={"pk": sheet.pk})).content.decode()
    assert escape(_(RANKING_RULE)) in page
    assert page.index(tree.cao_lau.name) < page.index(tree.thach_dan.name)  # a tie: by name

    client.force_login(people.leader)
    response = client.post(
        reverse("scoring_proposal", kwargs={"pk": sheet.pk}), {"units": [tree.cao_lau.pk], "note": "Dẫn đầu cụm"}
    )
    assert response.status_code == 302
    client.force_login(people.council)
    url = reverse("scoring_decision", kwargs={"pk": sheet.pk})
    response = client.post(url, {f"outcome_{tree.cao_lau.pk}": "cut", f"reason_{tree.cao_lau.pk}": "", "note": ""})
    assert response.status_code == 400
    response = client.post(url, {f"outcome_{tree.cao_lau.pk}": "accept", "note": "Nhất trí"})
    assert response.status_code == 302
    page = client.get(reverse("scoring_ranking", kwargs={"pk": sheet.pk})).content.decode()
    assert people.leader.get_full_name() in page and people.council.get_full_name() in page
    # the council cannot propose, the cluster cannot decide
    assert client.get(reverse("scoring_proposal", kwargs={"pk": sheet.pk})).status_code == 403
    client.force_login(people.leader)
    assert client.get(reverse("scoring_decision", kwargs={"pk": sheet.pk})).status_code == 403


def test_excel_export_is_readable_with_its_values(client, world, tree, people):
    _cluster, _campaign, figures, period, sheet, c = world
    close_all_before(sheet, StageKind.SELF, people.reviewer)
    services.entries_save(
        sheet=sheet,
        kind=StageKind.SELF,
        unit=tree.cao_lau,
        user=people.officer,
        items=[
            services.EntryInput(criterion_id=c.direct.pk, score=D("9.5")),
            services.EntryInput(criterion_id=c.penalty.pk, score=D(-2)),
            services.EntryInput(criterion_id=c.qualitative.pk, score=D(5)),
        ],
    )
    services.stage_close(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)
    services.stage_open(sheet=sheet, kind=StageKind.CLUSTER, user=people.reviewer)
    services.entries_save(
        sheet=sheet,
        kind=StageKind.CLUSTER,
        unit=tree.cao_lau,
        user=people.reviewer,
        items=[services.EntryInput(criterion_id=c.direct.pk, score=D(8))],
    )
    client.force_login(people.reviewer)
    response = client.get(reverse("scoring_excel", kwargs={"pk": sheet.pk}))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    ws = workbook[SHEET]
    rows = {row[1].value: row for row in ws.iter_rows(min_row=8) if row[1].value}
    assert [ws.cell(row=6, column=i).value for i in range(1, 6)] == [
        "STT",
        "Tiêu chí",
        "Loại",
        "Điểm tối đa",
        tree.cao_lau.name,
    ]
    assert [ws.cell(row=7, column=i).value for i in range(5, 10)] == [
        "Tự chấm",
        "Cụm kiểm tra",
        "Giải trình",
        "Cấp trên kiểm tra",
        "Kết quả",
    ]
    direct = rows["Công tác chỉ đạo"]
    assert direct[0].value == "2." and direct[3].value == 10
    assert [cell.value for cell in direct[4:9]] == [9.5, 8, 8, 8, 8]  # the cluster check carries to the end
    assert direct[4].number_format == "#,##0.00" and direct[4].data_type == "n"
    assert rows["Điểm trừ vi phạm"][3].value == -5 and rows["Điểm trừ vi phạm"][4].value == -2
    assert rows["Phát triển kinh tế"][4].value == 5  # the group: 5 of the qualitative criterion
    assert [cell.value for cell in rows["Tổng điểm"][4:9]] == [12.5, 11, 11, 11, 11]
    assert rows["Xếp hạng"][8].value == 1 and rows["Cộng điểm tiêu chí"][3].value == 30
    ranking = workbook[RANKING_SHEET]
    assert [ranking.cell(row=7, column=i).value for i in (1, 2, 3, 8)] == [1, tree.cao_lau.name, "Cụm trưởng", 11]
    assert [ranking.cell(row=8, column=i).value for i in (1, 2, 8)] == [2, tree.thach_dan.name, 0]


def _members(tree, count):
    units = [tree.cao_lau, tree.thach_dan]
    for number in range(len(units), count):
        units.append(unit(tree.cao_loc, code=f"9{count:02d}{number:03d}", short_name=f"Xã thử {count}-{number}"))
    return units[:count]


def _measure(client, tree, people, count) -> dict[str, int]:
    members = _members(tree, count)
    cluster = cluster_with(tree.cao_loc, members, name=f"Cụm {count}")
    campaign, figures = campaign_for(cluster, members)
    period = period_for(campaign)
    sheet = services.sheet_create(cluster=cluster, campaign=campaign, period=period, title="B", user=people.reviewer)
    c = standard_criteria(sheet, people.reviewer, figures)
    close_all_before(sheet, StageKind.SELF, people.reviewer)
    for member in members:
        report(period, member, figures, ["1105", "1106"], officer=people.province_admin, reviewer=people.reviewer)
        services.entries_save(
            sheet=sheet,
            kind=StageKind.SELF,
            unit=member,
            user=people.province_admin,
            items=[services.EntryInput(criterion_id=c.direct.pk, score=D(7), evidence=(pdf_upload(), pdf_upload()))],
        )
    client.force_login(people.reviewer)
    urls = {
        "grid": reverse("scoring_stage", kwargs={"pk": sheet.pk, "stage": "self"}),
        "entry": reverse("scoring_entry", kwargs={"pk": sheet.pk, "stage": "self", "unit_pk": members[0].pk}),
        "ranking": reverse("scoring_ranking", kwargs={"pk": sheet.pk}),
        "excel": reverse("scoring_excel", kwargs={"pk": sheet.pk}),
        "sheet": reverse("scoring_sheet", kwargs={"pk": sheet.pk}),
    }
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def test_queries_do_not_grow_with_the_number_of_members(client, tree, people):
    small = _measure(client, tree, people, 3)
    large = _measure(client, tree, people, 30)
    assert small == large, (small, large)

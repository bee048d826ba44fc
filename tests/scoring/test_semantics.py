"""How real scoring tables score (issue #16): points per case with a cap, a group's caps of the bonus and penalty
points under it, bonus in or out of the subtotals, alternative levels, disqualifying criteria, several evidence files
per entry, and sheets without a cluster — each at its boundary, through the services."""

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from awards import services as award_services
from scoring import services
from scoring.access import SheetAccess
from scoring.excel import RANKING_SHEET, SHEET
from scoring.forms import parse_levels
from scoring.models import Criterion, CriterionKind, ScoreEntry, ScoreSheet, StageKind
from scoring.models.sheets import ERR_GROUP_CAPS, ERR_LEVEL_RANGE, ERR_LEVELS_KIND, ERR_PER_CASE
from scoring.selectors import sheet_board
from scoring.services import EntryInput
from tests.campaigns.factories import make_campaign
from tests.scoring.factories import PDF, add, campaign_for, close_all_before, cluster_with, pdf_upload

pytestmark = pytest.mark.django_db
D = Decimal
K = CriterionKind


@pytest.fixture
def world(tree, people):
    """a) a group of 3 whose bonus under it is capped at 2 and penalty at 1,5: a level row (Chuẩn 3 / 1,5 / 0), two
    penalties of 0,5 per case up to 1 each, a bonus of 1 per case up to 4; b) a penalty at 0 / -2; c) a
    disqualifier."""
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign, _figures = campaign_for(cluster, [tree.cao_lau, tree.thach_dan])
    sheet = services.sheet_create(cluster=cluster, campaign=campaign, title="Bảng 190 dòng", user=people.reviewer)
    r = people.reviewer
    c = SimpleNamespace()
    c.section = add(sheet, r, "Công tác tổ chức", K.GROUP, "3", label="a)", bonus_cap=D(2), penalty_cap=D("1.5"))
    c.standard = add(
        sheet,
        r,
        "Đạt chuẩn",
        K.DIRECT,
        "3",
        label="a1",
        parent=c.section,
        levels=[[D(3), "Chuẩn"], [D("1.5"), ""], [D(0), ""]],
    )
    c.late = add(sheet, r, "Chậm báo cáo", K.PENALTY, "1", label="a2", parent=c.section, per_case=D("0.5"))
    c.wrong = add(sheet, r, "Sai số liệu", K.PENALTY, "1", label="a3", parent=c.section, per_case=D("0.5"))
    c.model = add(sheet, r, "Mô hình mới", K.BONUS, "4", label="a4", parent=c.section, per_case=D(1))
    c.drill = add(sheet, r, "Diễn tập", K.PENALTY, "2", label="b)", levels=[[D(0), ""], [D(-2), ""]])
    c.serious = add(sheet, r, "Để xảy ra vụ việc nghiêm trọng", K.DISQUALIFIER, label="c)")
    close_all_before(sheet, StageKind.SELF, r)
    return SimpleNamespace(cluster=cluster, campaign=campaign, sheet=sheet, c=c)


def save(world, unit, user, kind=StageKind.SELF, **values):
    """``values``: {criterion name: points, or ("cases", n)} with the current versions."""
    items = []
    for name, value in values.items():
        criterion = getattr(world.c, name)
        version = ScoreEntry.objects.filter(stage__sheet=world.sheet, stage__kind=kind, criterion=criterion, unit=unit)
        version = version.values_list("version", flat=True).first()
        if isinstance(value, tuple):
            items.append(EntryInput(criterion_id=criterion.pk, score=None, cases=value[1], version=version))
        else:
            items.append(EntryInput(criterion_id=criterion.pk, score=value, version=version))
    return services.entries_save(sheet=world.sheet, kind=kind, unit=unit, user=user, items=items)


def totals(world, people, unit, kind=StageKind.SELF):
    world.sheet.refresh_from_db()
    access = SheetAccess.build(user=people.reviewer, sheet=world.sheet)
    return sheet_board(sheet=world.sheet, access=access, with_prefill=False).totals(kind, unit.pk)


def entry(world, criterion, unit):
    return ScoreEntry.objects.get(criterion=criterion, unit=unit)


# ------------------------------------------------------------------ per case


def test_per_case_points_are_cases_times_points_capped_at_the_maximum(world, tree, people):
    save(world, tree.cao_lau, people.officer, model=("cases", 4), late=("cases", 2))  # exactly at both caps
    assert (entry(world, world.c.model, tree.cao_lau).score, entry(world, world.c.model, tree.cao_lau).cases) == (
        D(4),
        4,
    )
    assert entry(world, world.c.late, tree.cao_lau).score == D(-1)
    save(world, tree.cao_lau, people.officer, model=("cases", 5), late=("cases", 3))  # one case above: capped
    model, late = entry(world, world.c.model, tree.cao_lau), entry(world, world.c.late, tree.cao_lau)
    assert (model.score, model.cases, late.score, late.cases) == (D(4), 5, D(-1), 3)
    save(world, tree.cao_lau, people.officer, model=("cases", 0))
    assert entry(world, world.c.model, tree.cao_lau).score == D(0)


def test_per_case_takes_cases_not_points_and_the_others_points_not_cases(world, tree, people):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        save(world, tree.cao_lau, people.officer, model=D(8))  # the "8 refused as above the maximum 1"
    (message,) = error.value.message_dict[str(world.c.model.pk)]
    assert message == _(services.ERR_CASES_NEEDED) % {"criterion": "a4 “Mô hình mới”"} and "trường hợp" in message
    with pytest.raises(ValidationError) as error:
        save(world, tree.cao_lau, people.officer, standard=("cases", 2))
    assert str(world.c.standard.pk) in error.value.message_dict
    with pytest.raises(ValidationError):
        save(world, tree.cao_lau, people.officer, late=("cases", services.CASES_LIMIT + 1))
    assert not ScoreEntry.objects.exists()


# ------------------------------------------------------------------ group caps, bonus in the subtotals


def test_a_group_caps_the_penalty_and_the_bonus_under_it(world, tree, people):
    save(world, tree.cao_lau, people.officer, standard=D(3), late=("cases", 2), wrong=("cases", 1))
    t = totals(world, people, tree.cao_lau)
    assert (t.base, t.penalty, t.total) == (D(3), D("-1.5"), D("1.5"))  # -1 - 0,5: exactly at the cap of 1,5
    save(world, tree.cao_lau, people.officer, wrong=("cases", 2), model=("cases", 3))
    t = totals(world, people, tree.cao_lau)
    # -1 - 1 = -2, capped at -1,5; the bonus 3 capped at 2 by the group (its own maximum is 4)
    assert (t.base, t.bonus, t.penalty, t.total) == (D(3), D(2), D("-1.5"), D("3.5"))
    save(world, tree.cao_lau, people.officer, model=("cases", 2))
    assert totals(world, people, tree.cao_lau).bonus == D(2)  # exactly at the bonus cap
    # the drill penalty is outside the group: not capped by it
    save(world, tree.cao_lau, people.officer, drill=D(-2))
    assert totals(world, people, tree.cao_lau).penalty == D("-3.5")


def test_bonus_counts_in_the_subtotals_only_on_a_sheet_that_says_so(world, tree, people):
    # "a7: chuẩn 3, cộng 4, đạt 7" — here the bonus is capped at 2: 3 + 2
    save(world, tree.cao_lau, people.officer, standard=D(3), model=("cases", 2))
    out = totals(world, people, tree.cao_lau)
    assert out.groups[world.c.section.pk] == D(3) and out.total == D(5)
    services.sheet_update(
        sheet=world.sheet,
        title=world.sheet.title,
        period=None,
        expected_version=world.sheet.version,
        user=people.reviewer,
        bonus_in_subtotals=True,  # allowed after scoring started: the total does not move
    )
    inside = totals(world, people, tree.cao_lau)
    assert inside.groups[world.c.section.pk] == D(5) and inside.total == out.total == D(5)
    save(world, tree.cao_lau, people.officer, late=("cases", 1))
    assert totals(world, people, tree.cao_lau).groups[world.c.section.pk] == D("4.5")


# ------------------------------------------------------------------ levels


def test_a_level_not_in_the_list_is_refused_in_vietnamese(world, tree, people):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        save(world, tree.cao_lau, people.officer, drill=D(-1), standard=D(2))
    drill = error.value.message_dict[str(world.c.drill.pk)]
    standard = error.value.message_dict[str(world.c.standard.pk)]
    with translation.override("vi"):
        assert drill == [
            _(services.ERR_LEVEL_NOT_LISTED) % {"criterion": "b) “Diễn tập”", "levels": "0 / -2", "score": "-1"}
        ]
        assert "mức" in drill[0] and "Chuẩn 3 / 1,5 / 0" in standard[0]
    assert not ScoreEntry.objects.exists()
    save(world, tree.cao_lau, people.officer, drill=D(-2), standard=D("1.5"))
    assert totals(world, people, tree.cao_lau).total == D(0)  # 1,5 - 2, never below 0


def test_levels_are_checked_when_the_criterion_is_defined(world):
    def rule(**kwargs):
        base = {"figure": None, "formula": "", "params": {}}
        return Criterion.clean_rule(**{**base, **kwargs})

    with pytest.raises(ValidationError) as error:
        rule(kind=K.DIRECT, max_points=D(3), levels=[[D(4), ""], [D(0), ""]])
    assert error.value.message_dict["levels"] == [_(ERR_LEVEL_RANGE) % {"points": "4", "low": "0", "high": "3"}]
    with pytest.raises(ValidationError, match="-2"):
        rule(kind=K.PENALTY, max_points=D(1), levels=[[D(0), ""], [D(-2), ""]])
    with pytest.raises(ValidationError) as error:
        rule(kind=K.QUALITATIVE, max_points=D(3), levels=[[D(3), ""], [D(0), ""]])
    assert error.value.message_dict["levels"] == [_(ERR_LEVELS_KIND)]
    with pytest.raises(ValidationError) as error:
        rule(kind=K.PENALTY, max_points=D(1), per_case=D("1.5"))
    assert error.value.message_dict["per_case"] == [_(ERR_PER_CASE)]
    assert rule(kind=K.PENALTY, max_points=D(1), per_case=D(1)) == {}  # per case exactly at the maximum
    with pytest.raises(ValidationError) as error:
        rule(kind=K.DIRECT, max_points=D(3), bonus_cap=D(1))
    assert error.value.message_dict["bonus_cap"] == [_(ERR_GROUP_CAPS)]
    with pytest.raises(ValidationError) as error:
        rule(kind=K.DISQUALIFIER, max_points=D(1))
    assert set(error.value.message_dict) == {"max_points"}
    stored = rule(kind=K.PENALTY, max_points=D(2), levels=[[D(0), "Đạt"], [D(-2), "Không đạt"]])
    assert stored == {"levels": [["0", "Đạt"], ["-2", "Không đạt"]]}
    assert world.c.standard.levels == [["3", "Chuẩn"], ["1.5", ""], ["0", ""]]


# ------------------------------------------------------------------ disqualifiers


def test_a_disqualified_unit_is_not_ranked_whatever_its_points(world, tree, people):
    save(world, tree.cao_lau, people.officer, standard=D(3), model=("cases", 2), serious=D(1))
    save(world, tree.thach_dan, people.sibling_officer, standard=D(0), serious=D(0))
    with pytest.raises(ValidationError):
        save(world, tree.thach_dan, people.sibling_officer, serious=D(2))
    world.sheet.refresh_from_db()
    access = SheetAccess.build(user=people.reviewer, sheet=world.sheet)
    board = sheet_board(sheet=world.sheet, access=access, with_prefill=False)
    # the final stage starts from the self-score here (nothing entered since)
    ranking = [(r.unit, r.rank, r.disqualified) for r in board.ranking()]
    assert ranking == [(tree.thach_dan, 1, False), (tree.cao_lau, None, True)]
    lau = board.totals(StageKind.SELF, tree.cao_lau.pk)
    assert lau.total == D(5) and [c.pk for c in lau.disqualifiers] == [world.c.serious.pk]
    save(world, tree.cao_lau, people.officer, serious=D(0))
    board = sheet_board(sheet=world.sheet, access=access, with_prefill=False)
    assert [(r.unit, r.rank) for r in board.ranking()] == [(tree.cao_lau, 1), (tree.thach_dan, 2)]


# ------------------------------------------------------------------ several evidence files


def test_an_entry_keeps_several_evidence_files(world, tree, people, monkeypatch):
    def upload(add=(), remove=()):
        version = ScoreEntry.objects.filter(criterion=world.c.standard).values_list("version", flat=True).first()
        item = EntryInput(
            criterion_id=world.c.standard.pk, score=D(3), evidence=add, remove_evidence=remove, version=version
        )
        services.entries_save(
            sheet=world.sheet, kind=StageKind.SELF, unit=tree.cao_lau, user=people.officer, items=[item]
        )
        return list(entry(world, world.c.standard, tree.cao_lau).evidence.all())

    files = upload(add=tuple(pdf_upload(f"cong-van-{n}.pdf") for n in range(1, 4)))
    assert [f.name for f in files] == ["cong-van-1.pdf", "cong-van-2.pdf", "cong-van-3.pdf"]
    assert files[0].file.read() == PDF and files[0].added_by == people.officer
    files = upload(add=(pdf_upload("bien-ban.pdf"),), remove=(files[1].pk,))
    assert [f.name for f in files] == ["cong-van-1.pdf", "cong-van-3.pdf", "bien-ban.pdf"]
    other = ScoreEntry.objects.create(
        stage=world.sheet.stages.get(kind=StageKind.SELF), criterion=world.c.drill, unit=tree.cao_lau, score=0
    )
    foreign = other.evidence.create(file="x.pdf", name="x.pdf", size=1, content_type="application/pdf", sha256="0")
    with pytest.raises(ValidationError):
        upload(remove=(foreign.pk,))  # not this entry's
    monkeypatch.setattr(services, "MAX_EVIDENCE", 4)
    upload(add=(pdf_upload(),))  # exactly 4
    with pytest.raises(ValidationError) as error:
        upload(add=(pdf_upload(),))
    assert _(services.ERR_EVIDENCE_TOO_MANY) % {"criterion": "a1 “Đạt chuẩn”", "count": 4} in error.value.messages
    assert len(entry(world, world.c.standard, tree.cao_lau).evidence.all()) == 4


# ------------------------------------------------------------------ sheets without a cluster


def test_a_sheet_without_a_cluster_scores_the_units_it_names_and_keeps_the_scope(tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign, _figures = campaign_for(cluster, [tree.cao_lau, tree.thach_dan])
    create = {"organiser": tree.cao_loc, "campaign": campaign, "title": "Chấm trực tiếp", "user": people.reviewer}
    for participants in ([], [tree.hoang_viet], [tree.cao_loc]):
        with pytest.raises(ValidationError) as error:
            services.sheet_create(participants=participants, **create)
        assert set(error.value.message_dict) == {"participants"}
    sheet = services.sheet_create(participants=[tree.cao_lau], **create)
    assert sheet.cluster is None and sheet.organiser == tree.cao_loc and sheet.scorer_name == tree.cao_loc.name
    with pytest.raises(ValidationError):
        services.sheet_create(participants=[tree.thach_dan], **create)  # one per campaign

    visible = {user: ScoreSheet.objects.restrict(user).filter(pk=sheet.pk).exists() for user in vars(people).values()}
    assert visible == {
        people.officer: True,
        people.leader: True,
        people.clerk: True,
        people.sibling_officer: False,  # not scored on it
        people.reviewer: True,
        people.council: True,
        people.province_admin: True,
        people.other_reviewer: False,
        people.superuser: True,
    }
    access = SheetAccess.build(user=people.officer, sheet=sheet)
    assert access.member_units() == [tree.cao_lau] and not access.sees_all and access.leader_unit is None
    # the cluster check is the organiser's: there is no leader unit
    assert not access.can_score(StageKind.CLUSTER, tree.cao_lau)
    assert SheetAccess.build(user=people.reviewer, sheet=sheet).can_score(StageKind.CLUSTER, tree.cao_lau)

    direct = add(sheet, people.reviewer, "Công tác chỉ đạo", K.DIRECT, "10")
    close_all_before(sheet, StageKind.SELF, people.reviewer)
    services.entries_save(
        sheet=sheet,
        kind=StageKind.SELF,
        unit=tree.cao_lau,
        user=people.officer,
        items=[EntryInput(criterion_id=direct.pk, score=D(8))],
    )
    with pytest.raises(ValidationError, match=_(services.ERR_NOT_SCORED) % {"unit": tree.thach_dan.name}):
        services.entries_save(
            sheet=sheet,
            kind=StageKind.SELF,
            unit=tree.thach_dan,
            user=people.sibling_officer,
            items=[EntryInput(criterion_id=direct.pk, score=D(8))],
        )
    board = sheet_board(sheet=sheet, access=SheetAccess.build(user=people.reviewer, sheet=sheet), with_prefill=False)
    assert [(r.unit, r.rank, r.totals.total) for r in board.ranking()] == [(tree.cao_lau, 1, D(8))]


# ------------------------------------------------------------------ the pages, the Excel file, the editor


def test_the_entry_page_takes_cases_and_levels_and_shows_the_rules(client, world, tree, people):
    client.force_login(people.officer)
    url = reverse("scoring_entry", kwargs={"pk": world.sheet.pk, "stage": "self", "unit_pk": tree.cao_lau.pk})
    page = client.get(url).content.decode()
    c = world.c
    assert f'name="cases-{c.model.pk}"' in page and f'name="score-{c.model.pk}"' not in page
    assert f'<select class="form-select form-select-sm mb-1" name="score-{c.standard.pk}"' in page
    assert '<option value="1,5">1,5</option>' in page and '<option value="3">Chuẩn (3)</option>' in page
    assert f'name="score-{c.serious.pk}"' in page and "Có: không xếp loại" in page
    response = client.post(
        url,
        {
            f"cases-{c.model.pk}": "5",
            f"cases-{c.late.pk}": "1",
            f"score-{c.standard.pk}": "1,5",
            f"score-{c.drill.pk}": "-2",
            f"score-{c.serious.pk}": "1",
            f"evidence-{c.standard.pk}": [pdf_upload("cv-1.pdf"), pdf_upload("cv-2.pdf")],
        },
    )
    assert response.status_code == 302, response.context and response.context["problems"]
    assert entry(world, c.model, tree.cao_lau).score == D(4)  # 5 × 1, capped at 4
    assert [e.name for e in entry(world, c.standard, tree.cao_lau).evidence.all()] == ["cv-1.pdf", "cv-2.pdf"]
    page = client.get(url).content.decode()
    assert f'name="cases-{c.model.pk}" inputmode="numeric" autocomplete="off"' in page and 'value="5"' in page
    assert '<option value="1,5" selected>1,5</option>' in page and "Không xếp loại:" in page
    ranking = client.get(reverse("scoring_ranking", kwargs={"pk": world.sheet.pk})).content.decode()
    assert '<span class="text-danger small">Không xếp loại</span>' in ranking
    grid = client.get(reverse("scoring_stage", kwargs={"pk": world.sheet.pk, "stage": "self"})).content.decode()
    assert (
        '<span class="text-danger">Có</span>' in grid and '<div class="small text-danger">không xếp loại</div>' in grid
    )
    tree_page = client.get(reverse("scoring_sheet", kwargs={"pk": world.sheet.pk})).content.decode()
    assert "0,5 điểm mỗi trường hợp, tối đa 1" in tree_page and "Tổng điểm trừ trong nhóm tối đa -1,5" in tree_page
    assert "Các mức: Chuẩn 3 / 1,5 / 0" in tree_page


def test_the_excel_file_says_how_each_row_is_scored_and_who_is_not_ranked(client, world, tree, people):
    save(world, tree.cao_lau, people.officer, standard=D(3), serious=D(1))
    save(world, tree.thach_dan, people.sibling_officer, standard=D("1.5"), serious=D(0))
    client.force_login(people.reviewer)
    workbook = load_workbook(io.BytesIO(client.get(reverse("scoring_excel", kwargs={"pk": world.sheet.pk})).content))
    ws = workbook[SHEET]
    rows = {row[1].value: row for row in ws.iter_rows(min_row=8) if row[1].value}
    assert rows["Chậm báo cáo"][2].value == "Điểm trừ; 0,5 điểm/trường hợp, tối đa 1"
    assert rows["Đạt chuẩn"][2].value == "Chấm trực tiếp; mức: Chuẩn 3 / 1,5 / 0"
    assert rows["Công tác tổ chức"][2].value == "Nhóm; cộng tối đa 2; trừ tối đa 1,5"
    assert rows["Để xảy ra vụ việc nghiêm trọng"][4].value == "Có"  # Cao Lâu, self-score
    assert rows["Xếp hạng"][8].value == "Không xếp loại"
    ranking = workbook[RANKING_SHEET]
    assert [ranking.cell(row=r, column=1).value for r in (7, 8)] == [1, "Không xếp loại"]
    assert ranking.cell(row=8, column=2).value == tree.cao_lau.name


def test_the_editor_saves_levels_per_case_and_caps(client, tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau])
    campaign, _figures = campaign_for(cluster, [tree.cao_lau])
    sheet = services.sheet_create(cluster=cluster, campaign=campaign, title="B", user=people.reviewer)
    client.force_login(people.reviewer)
    url = reverse("scoring_criterion_add", kwargs={"pk": sheet.pk})
    base = {"heading": "Mục a", "kind": "group", "max_points": "3", "version": sheet.version}
    response = client.post(url, {**base, "bonus_cap": "2", "penalty_cap": "1,5"})
    assert response.status_code == 302
    group = sheet.criteria.get()
    assert (group.bonus_cap, group.penalty_cap) == (D(2), D("1.5"))
    sheet.refresh_from_db()
    row = {"heading": "Diễn tập", "kind": "penalty", "max_points": "2", "version": sheet.version, "parent": group.pk}
    response = client.post(url, {**row, "levels": "0 / -3"})
    assert response.status_code == 400
    assert "Mức -3 nằm ngoài khoảng điểm của tiêu chí, từ -2 đến 0 điểm." in response.content.decode()
    response = client.post(url, {**row, "levels": "Đạt 0 / Không đạt -2"})
    assert response.status_code == 302
    assert sheet.criteria.get(heading="Diễn tập").levels == [["0", "Đạt"], ["-2", "Không đạt"]]
    sheet.refresh_from_db()
    response = client.post(url, {**row, "heading": "Chậm", "per_case": "0,5", "version": sheet.version})
    assert response.status_code == 302 and sheet.criteria.get(heading="Chậm").per_case == D("0.5")
    edit = reverse("scoring_criterion_edit", kwargs={"pk": sheet.pk, "criterion_pk": group.pk})
    assert 'value="1,5"' in client.get(edit).content.decode()


def test_a_reviewer_creates_a_sheet_without_a_cluster_from_the_page(client, tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.cao_lau, tree.thach_dan])
    client.force_login(people.reviewer)
    assert "Bảng mới của" in client.get(reverse("scoring_home")).content.decode()
    url = reverse("scoring_own_sheet_create", kwargs={"unit_pk": tree.cao_loc.pk})
    page = client.get(url).content.decode()
    assert tree.cao_lau.name in page and tree.thach_dan.name in page
    response = client.post(url, {"title": "Chấm điểm các xã", "campaign": campaign.pk, "bonus_in_subtotals": "on"})
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(title="Chấm điểm các xã")
    assert sheet.cluster is None and sheet.bonus_in_subtotals
    assert sorted(p.unit.code for p in sheet.participants.all()) == [tree.cao_lau.code, tree.thach_dan.code]
    assert "Không qua cụm" in client.get(reverse("scoring_sheet", kwargs={"pk": sheet.pk})).content.decode()
    client.force_login(people.other_reviewer)
    assert client.get(reverse("scoring_sheet", kwargs={"pk": sheet.pk})).status_code == 404


def test_levels_typed_the_ways_tables_print_them():
    assert parse_levels("Chuẩn 3 / 1,5 / 0") == [[D(3), "Chuẩn"], [D("1.5"), ""], [D(0), ""]]
    assert parse_levels("0 / -2") == [[D(0), ""], [D(-2), ""]]
    assert parse_levels("3: Đạt chuẩn\n0: Không đạt") == [[D(3), "Đạt chuẩn"], [D(0), "Không đạt"]]
    assert parse_levels("") == []
    with translation.override("vi"), pytest.raises(ValidationError, match="Mức thứ 2"):
        parse_levels("3 / ba điểm")


def test_the_pages_of_a_sheet_without_a_cluster(client, tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.cao_lau, tree.thach_dan])
    sheet = services.sheet_create(
        organiser=tree.cao_loc, participants=[tree.cao_lau], campaign=campaign, title="Trực tiếp", user=people.reviewer
    )
    add(sheet, people.reviewer, "Công tác chỉ đạo", K.DIRECT, "10")
    close_all_before(sheet, StageKind.SELF, people.reviewer)
    client.force_login(people.officer)
    for name, kwargs in (
        ("scoring_stage", {"stage": "self"}),
        ("scoring_entry", {"stage": "self", "unit_pk": tree.cao_lau.pk}),
        ("scoring_ranking", {}),
    ):
        assert client.get(reverse(name, kwargs={"pk": sheet.pk, **kwargs})).status_code == 200, name
    assert client.get(reverse("scoring_excel", kwargs={"pk": sheet.pk})).status_code == 403  # a member: own row only
    client.force_login(people.reviewer)
    workbook = load_workbook(io.BytesIO(client.get(reverse("scoring_excel", kwargs={"pk": sheet.pk})).content))
    assert workbook[SHEET].cell(row=2, column=1).value.startswith(f"{tree.cao_loc.name} — năm ")
    assert client.get(reverse("scoring_proposal", kwargs={"pk": sheet.pk})).status_code == 200
    # no Cờ thi đua of a cluster from it
    assert client.post(reverse("cluster_nominate", kwargs={"sheet_pk": sheet.pk})).status_code == 404
    with pytest.raises(ValidationError) as error:
        award_services.cluster_nominations_create(sheet=sheet, user=people.reviewer)
    assert error.value.code == "no_cluster"
    client.force_login(people.sibling_officer)
    url = reverse("scoring_entry", kwargs={"pk": sheet.pk, "stage": "self", "unit_pk": tree.thach_dan.pk})
    assert client.get(url).status_code == 404

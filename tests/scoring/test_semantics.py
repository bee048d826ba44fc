"""How real scoring tables score (issue #16): points per case with a cap, a group's caps of the bonus and penalty
points under it, bonus in or out of the subtotals, alternative levels, disqualifying criteria, several evidence files
per entry, and sheets without a cluster — each at its boundary, through the services."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from scoring import services
from scoring.access import SheetAccess
from scoring.models import Criterion, CriterionKind, ScoreEntry, ScoreSheet, StageKind
from scoring.models.sheets import ERR_GROUP_CAPS, ERR_LEVEL_RANGE, ERR_LEVELS_KIND, ERR_PER_CASE
from scoring.selectors import sheet_board
from scoring.services import EntryInput
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
    with pytest.raises(ValidationError, match=tree.thach_dan.name):
        services.entries_save(
            sheet=sheet,
            kind=StageKind.SELF,
            unit=tree.thach_dan,
            user=people.sibling_officer,
            items=[EntryInput(criterion_id=direct.pk, score=D(8))],
        )
    board = sheet_board(sheet=sheet, access=SheetAccess.build(user=people.reviewer, sheet=sheet), with_prefill=False)
    assert [(r.unit, r.rank, r.totals.total) for r in board.ranking()] == [(tree.cao_lau, 1, D(8))]

"""Formulas, totals and the ranking rule (scoring.rules), and the validation of formulas stored as data."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reports.achievement import Status
from scoring.models import Criterion, CriterionKind, Formula
from scoring.models.sheets import ERR_CAP, ERR_STEP_FEWER, ERR_STEP_ORDER, ERR_STEP_POINTS, ERR_STEPS_EMPTY
from scoring.rules import build_tree, formula_points, rank, totals, vi_sort_key

D = Decimal


def points(formula, status, percent, max_points="10", **params):
    return formula_points(formula=formula, params=params, max_points=D(max_points), status=status, percent=percent)


@pytest.mark.parametrize(
    ("percent", "cap", "expected"),
    [
        (D("0"), "1", D("0.00")),
        (D("50"), "1", D("5.00")),
        (D("99.9"), "1", D("9.99")),
        (D("100"), "1", D("10.00")),
        (D("130"), "1", D("10.00")),  # capped at the maximum
        (D("110"), "1.2", D("11.00")),  # up to 120 % of the maximum for exceeding
        (D("120"), "1.2", D("12.00")),
        (D("150"), "1.2", D("12.00")),  # never above max × cap
        (D("-20"), "1", D("0.00")),  # a change the wrong way counts as 0
        (D("33.333"), "1", D("3.33")),  # two decimal places, half up
        (D("33.35"), "1", D("3.34")),
    ],
)
def test_proportional_with_cap(percent, cap, expected):
    status = Status.MISSED if percent < 100 else Status.ACHIEVED if percent == 100 else Status.EXCEEDED
    assert points(Formula.PROPORTIONAL, status, percent, cap=cap) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [(Status.EXCEEDED, D("5.00")), (Status.ACHIEVED, D("5.00")), (Status.MISSED, D("0.00")), (Status.NO_DATA, None)],
)
def test_threshold_full_points_when_achieved_or_exceeded(status, expected):
    # 99,9 % is missed, 100 % achieved: the status decides, not the percentage
    percent = {Status.MISSED: D("99.9"), Status.NO_DATA: None}.get(status, D("100"))
    assert points(Formula.THRESHOLD, status, percent, max_points="5") == expected


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (D("0"), D("0.00")),
        (D("79.99"), D("0.00")),  # below the first step
        (D("80"), D("5.00")),  # a step starts at its percentage (inclusive)
        (D("99.9"), D("5.00")),
        (D("100"), D("8.00")),
        (D("119.9"), D("8.00")),
        (D("120"), D("10.00")),
        (D("300"), D("10.00")),
    ],
)
def test_steps(percent, expected):
    steps = [["80", "5"], ["100", "8"], ["120", "10"]]
    status = Status.MISSED if percent < 100 else Status.ACHIEVED
    assert points(Formula.STEPS, status, percent, steps=steps) == expected


def test_a_figure_without_a_percentage_counts_as_100_or_0():
    # a kept status, a grade or a reviewer's verdict: achievement() gives no percentage
    assert points(Formula.PROPORTIONAL, Status.ACHIEVED, None, cap="1.2") == D("10.00")
    assert points(Formula.STEPS, Status.ACHIEVED, None, steps=[["100", "7"]]) == D("7.00")
    assert points(Formula.PROPORTIONAL, Status.MISSED, None) == D("0.00")
    assert points(Formula.PROPORTIONAL, Status.NO_DATA, None) is None


def rule(**kwargs):
    base = {"kind": CriterionKind.QUANTITATIVE, "max_points": D(10), "figure": object(), "formula": "", "params": {}}
    return Criterion.clean_rule(**{**base, **kwargs})


def test_formulas_are_stored_as_data_with_their_parameters():
    assert rule(formula=Formula.PROPORTIONAL, params={"cap": D("1.2")}) == {"cap": "1.2"}
    assert rule(formula=Formula.PROPORTIONAL, params={}) == {"cap": "1"}
    assert rule(formula=Formula.THRESHOLD) == {}
    assert rule(formula=Formula.STEPS, params={"steps": [[D(80), D("7.5")], [D(100), D(10)]]}) == {
        "steps": [["80", "7.5"], ["100", "10"]]
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"cap": "0"}, _(ERR_CAP)),
        ({"cap": "2.5"}, _(ERR_CAP)),
        ({"cap": "abc"}, _(ERR_CAP)),
    ],
)
def test_a_wrong_cap_is_refused(params, message):
    with pytest.raises(ValidationError) as error:
        rule(formula=Formula.PROPORTIONAL, params=params)
    assert error.value.message_dict["cap"] == [message]


def test_wrong_steps_are_refused_with_every_problem():
    with pytest.raises(ValidationError) as error:
        rule(formula=Formula.STEPS, params={"steps": []})
    assert error.value.message_dict["steps"] == [_(ERR_STEPS_EMPTY)]
    with pytest.raises(ValidationError) as error:
        rule(formula=Formula.STEPS, params={"steps": [["100", "8"], ["80", "5"], ["120", "12"], ["130", "6"]]})
    assert error.value.message_dict["steps"] == [
        _(ERR_STEP_ORDER) % {"number": 2, "percent": "80"},
        _(ERR_STEP_POINTS) % {"number": 3, "points": "12", "max": "10"},
        _(ERR_STEP_FEWER) % {"number": 4, "points": "6"},
    ]


def test_kinds_and_figures_go_together():
    with pytest.raises(ValidationError) as error:
        rule(figure=None, formula="")
    assert set(error.value.message_dict) == {"figure", "formula"}
    with pytest.raises(ValidationError) as error:
        rule(kind=CriterionKind.DIRECT, formula=Formula.THRESHOLD)
    assert set(error.value.message_dict) == {"figure", "formula"}
    with pytest.raises(ValidationError) as error:
        rule(kind=CriterionKind.BONUS, figure=None, max_points=None)
    assert set(error.value.message_dict) == {"max_points"}
    assert rule(kind=CriterionKind.GROUP, figure=None, max_points=None) == {}


def _criterion(pk, kind, max_points=None, parent=None, position=0, bonus_cap=None, penalty_cap=None):
    return SimpleNamespace(
        pk=pk,
        kind=kind,
        max_points=D(max_points) if max_points else None,
        parent_id=parent,
        position=position,
        bonus_cap=D(bonus_cap) if bonus_cap else None,
        penalty_cap=D(penalty_cap) if penalty_cap else None,
    )


def test_totals_cap_groups_add_bonus_subtract_penalty_and_never_go_below_zero():
    roots, flat = build_tree(
        [
            _criterion(1, CriterionKind.GROUP, "12", position=1),
            _criterion(2, CriterionKind.DIRECT, "10", parent=1, position=1),
            _criterion(3, CriterionKind.QUALITATIVE, "5", parent=1, position=2),
            _criterion(4, CriterionKind.DIRECT, "10", position=2),
            _criterion(5, CriterionKind.BONUS, "3", position=3),
            _criterion(6, CriterionKind.PENALTY, "5", position=4),
        ]
    )
    assert [n.pk for n in flat] == [1, 2, 3, 4, 5, 6] and [n.depth for n in flat] == [0, 1, 1, 0, 0, 0]
    t = totals(roots, {2: D(10), 3: D(5), 4: D(7), 5: D(2), 6: D(-3)})
    # the group is capped at 12 (10 + 5 = 15); 12 + 7 + 2 - 3
    assert (t.base, t.bonus, t.penalty, t.total) == (D("19.00"), D("2.00"), D("-3.00"), D("18.00"))
    assert t.groups == {1: D("12.00")} and t.full == 2 and t.missing == 0
    t = totals(roots, {2: D(0), 6: D(-5)})
    assert t.total == D("0.00") and t.missing == 3


def test_ranking_ties_go_to_more_full_points_then_the_name():
    from scoring.rules import Totals

    units = {name: SimpleNamespace(name=name) for name in ("Xã Đông", "Xã Bình", "Xã Ân", "Xã An")}
    ranked = rank(
        [
            (units["Xã Đông"], Totals(total=D(90), full=3)),
            (units["Xã Bình"], Totals(total=D(90), full=3)),
            (units["Xã Ân"], Totals(total=D(90), full=4)),
            (units["Xã An"], Totals(total=D(95), full=0)),
        ]
    )
    assert [(r.rank, r.unit.name) for r in ranked] == [(1, "Xã An"), (2, "Xã Ân"), (3, "Xã Bình"), (4, "Xã Đông")]


def test_vietnamese_alphabetical_order():
    names = ["Đông", "Dương", "An", "Ân", "Ă", "Bình", "Ơn", "Ôn", "On", "Hà", "Hạ"]
    assert sorted(names, key=vi_sort_key) == ["An", "Ă", "Ân", "Bình", "Dương", "Đông", "Hà", "Hạ", "On", "Ôn", "Ơn"]

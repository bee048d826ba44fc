"""The effective target, one rule in two forms: the Python function the judgements call and the SQL expression the
roll-up counts with must give the same value for every kind of target a unit can have."""

from decimal import Decimal

import pytest
from django.db import connection

from targets.effective import effective_target, effective_target_sql
from targets.models import Figure, Target
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db

D = Decimal
# (assigned, assigned_high, registered, registered_high) of the unit's Target; None: the unit has no Target row
FORMS = {
    "no target row": None,
    "a row with nothing in it": (None, None, None, None),
    "assigned only": (D("1105"), None, None, None),
    "assigned range": (D("7"), D("7.5"), None, None),
    "registered only": (None, None, D("52"), None),
    "registered over assigned": (D("50"), None, D("52.5"), None),
    "registered below assigned": (D("50"), None, D("48"), None),
    "registered range over assigned range": (D("7"), D("7.5"), D("8"), D("8.5")),
    "zero registered": (D("3"), None, D("0"), None),
    "negative assigned (a decrease)": (D("-2"), D("-3"), None, None),
}
EXPECTED = {
    "no target row": (D("1105"), None),  # the campaign's own figure
    "a row with nothing in it": (D("1105"), None),
    "assigned only": (D("1105"), None),
    "assigned range": (D("7"), D("7.5")),
    "registered only": (D("52"), None),
    "registered over assigned": (D("52.5"), None),
    "registered below assigned": (D("48"), None),
    "registered range over assigned range": (D("8"), D("8.5")),
    "zero registered": (D("0"), None),
    "negative assigned (a decrease)": (D("-2"), D("-3")),
}


@pytest.fixture
def figure(tree):
    campaign = make_campaign(tree.cao_loc, participants=[tree.cao_lau])
    return Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk").first()


@pytest.mark.parametrize("form", list(FORMS))
def test_python_and_sql_agree_on_every_target_form(figure, tree, form):
    assert figure.value == D("1105")
    values = FORMS[form]
    target = None
    if values is not None:
        assigned, assigned_high, registered, registered_high = values
        target = Target.objects.create(
            figure=figure,
            unit=tree.cao_lau,
            assigned_value=assigned,
            assigned_high=assigned_high,
            registered_value=registered,
            registered_high=registered_high,
        )
    python = effective_target(target, figure)
    assert python == EXPECTED[form]
    # The roll-up's form: from the figure, through the unit's own Target row (absent or not).
    assert _low_in_sql(figure, tree.cao_lau, with_figure=True) == python[0]


def _low_in_sql(figure, unit, *, with_figure: bool, issuer: bool = True):
    params = []
    low = effective_target_sql("t", figure if with_figure else None, params, issuer=issuer)
    sql = (
        f"SELECT {low} FROM targets_figure f LEFT JOIN targets_target t ON t.figure_id = f.id AND t.unit_id = %s "  # noqa: S608
        "WHERE f.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, unit.pk, figure.pk])
        (value,) = cursor.fetchone()
    return None if value is None else Decimal(str(value))


def test_without_the_figure_only_the_units_own_target_counts(figure, tree):
    """The roll-up's cell shows the unit's own target: not the campaign's figure in its place."""
    assert effective_target(None) == (None, None)
    empty = Target.objects.create(figure=figure, unit=tree.cao_lau)
    assert effective_target(empty) == (None, None)
    assert _low_in_sql(figure, tree.cao_lau, with_figure=False) is None


@pytest.mark.parametrize(("reach", "expected"), [("total", None), ("each", Decimal("1105"))])
def test_a_lower_unit_without_its_own_target_and_an_issuers_total(figure, tree, reach, expected):
    """Issue #19: the campaign's figure is a lower unit's target only when it applies to every unit; both forms."""
    figure.reach = reach
    figure.save()
    assert effective_target(None, figure, issuer=False)[0] == expected
    assert _low_in_sql(figure, tree.cao_lau, with_figure=True, issuer=False) == expected
    assert effective_target(None, figure, issuer=True)[0] == Decimal("1105")  # the issuing unit's own, always
    registered = Target.objects.create(figure=figure, unit=tree.cao_lau, registered_value=Decimal(52))
    assert effective_target(registered, figure, issuer=False)[0] == Decimal(52)
    assert _low_in_sql(figure, tree.cao_lau, with_figure=True, issuer=False) == Decimal(52)

"""A user of many subtrees (a reviewer of every province) is scoped by one IN per path length instead of a LIKE each:
the same rows either way, at every depth mixed, for units, for records reached through a person or a collective, and
below-only actions still leave the user's own units out."""

import pytest

from accounts.models import Membership, Role
from tests.factories import member, unit
from units.models import Unit, UnitKind, UnitType
from units.models.units import SCOPE_PATHS_AS_LIKE

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    """Provinces with two districts each and a commune under the first; the user reviews most provinces whole and,
    in the others, one district: more subtrees than the LIKE form takes, of two path lengths."""
    provinces = [unit(code=f"9{i:02d}", short_name=f"Tỉnh thử {i}") for i in range(SCOPE_PATHS_AS_LIKE + 4)]
    districts, communes = [], []
    for i, province in enumerate(provinces):
        for j in range(2):
            districts.append(
                unit(
                    province,
                    code=f"9{i:02d}{j}",
                    kind=UnitKind.DISTRICT,
                    unit_type=UnitType.HUYEN,
                    short_name=f"H {i}{j}",
                )
            )
        communes.append(
            unit(districts[-2], code=f"9{i:02d}00", kind=UnitKind.COMMUNE, unit_type=UnitType.XA, short_name=f"X {i}")
        )
    whole, partly = provinces[: SCOPE_PATHS_AS_LIKE + 1], provinces[SCOPE_PATHS_AS_LIKE + 1 :]
    user = member(whole[0], Role.REVIEWER)
    Membership.objects.bulk_create(Membership(user=user, unit=p, role=Role.REVIEWER) for p in whole[1:])
    picked = [d for d in districts if d.path[:4] in {p.path for p in partly}][::2]
    Membership.objects.bulk_create(Membership(user=user, unit=d, role=Role.REVIEWER) for d in picked)
    return user, [p.path for p in whole] + [d.path for d in picked]


def _under(paths):
    return {u.pk for u in Unit.objects.all() if any(u.path.startswith(p) for p in paths)}


def test_many_subtrees_give_the_same_units_as_one_like_each(many):
    user, paths = many
    assert len(paths) > SCOPE_PATHS_AS_LIKE and len({len(p) for p in paths}) == 2
    seen = set(Unit.objects.restrict(user).values_list("pk", flat=True))
    assert seen == _under(paths)
    assert seen != set(Unit.objects.values_list("pk", flat=True))  # the provinces reviewed in part are not whole


def test_below_only_still_leaves_the_users_own_units_out(many):
    user, paths = many
    reviewable = set(Unit.objects.restrict(user, "report.review").values_list("path", flat=True))
    assert reviewable == {u.path for u in Unit.objects.filter(pk__in=_under(paths))} - set(paths)

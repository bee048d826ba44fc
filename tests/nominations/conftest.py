"""A small register in Cao Lâu and Thạch Đạn (the tree fixture) with the award catalogue, and helpers to nominate."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import Role
from awards.catalogue import catalogue_ensure
from awards.models import AwardKind, AwardRecord, AwardType
from nominations import services
from people.models import Collective, CollectiveKind, Person, Rating, TaskRating
from tests.factories import member

YEAR = 2024


def rate(subject, rating, year=YEAR):
    field = "person" if isinstance(subject, Person) else "collective"
    return TaskRating.objects.create(**{field: subject}, year=year, rating=rating)


def error_codes(error) -> set[str]:
    """The codes of a ValidationError, whether it names fields or not."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def awards(db):
    catalogue_ensure()
    return SimpleNamespace(**{t.code.replace("-", "_"): t for t in AwardType.objects.all()})


@pytest.fixture
def register(tree, awards):
    office = Collective.objects.create(unit=tree.cao_lau, kind=CollectiveKind.COLLECTIVE, name="Văn phòng UBND xã")
    household = Collective.objects.create(
        unit=tree.cao_lau, kind=CollectiveKind.HOUSEHOLD, name="Hộ ông Hoàng Văn Páo", head="Hoàng Văn Páo"
    )
    hoa = Person.objects.create(
        unit=tree.cao_lau, collective=office, full_name="Nguyễn Thị Hoa", birth_year=1985, position="Công chức"
    )
    binh = Person.objects.create(unit=tree.cao_lau, collective=office, full_name="Lý Văn Bình", position="Phó Chủ tịch")
    weak = Person.objects.create(unit=tree.cao_lau, collective=office, full_name="Đinh Văn Yếu")
    sibling = Person.objects.create(unit=tree.thach_dan, full_name="Vi Thị Thạch")
    rate(hoa, Rating.EXCELLENT)
    rate(binh, Rating.GOOD)
    rate(weak, Rating.COMPLETED)
    rate(sibling, Rating.GOOD)
    # Hoa was made LĐTT for 2024 already: her CSTĐCS is eligible (LĐTT + excellent).
    AwardRecord.objects.create(
        person=hoa,
        award_type=awards.ldtt,
        year=YEAR,
        award_kind=AwardKind.REGULAR,
        decision_reference="12/QĐ-UBND",
        decided_on=datetime.date(2025, 1, 10),
        decided_by="Chủ tịch UBND xã Cao Lâu",
    )
    return SimpleNamespace(office=office, household=household, hoa=hoa, binh=binh, weak=weak, sibling=sibling)


@pytest.fixture
def users(people, tree):
    people.district_officer = member(tree.cao_loc, Role.OFFICER, username="canbo.caoloc")
    return people


def nominate(unit, user, award_type, *, person=None, collective=None, year=YEAR):
    return services.nomination_create(
        unit=unit, user=user, year=year, award_type=award_type, person=person, collective=collective
    )


def submitted(unit, user, award_type, person):
    nomination = nominate(unit, user, award_type, person=person)
    return services.nomination_submit(nomination=nomination, user=user, expected_version=nomination.version)

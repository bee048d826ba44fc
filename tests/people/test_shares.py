"""A collective's shares for a year (what TTLĐTT and TTLĐXS read), and how the page shows them (7,5%)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from awards.models import AwardKind, AwardRecord
from people.models import Person, Rating, TaskRating
from people.selectors import collective_members, collective_shares, percent
from people.templatetags.people_tags import vn_percent

pytestmark = pytest.mark.django_db


def give(person, award_type, year):
    AwardRecord.objects.create(
        person=person,
        award_type=award_type,
        year=year,
        award_kind=AwardKind.REGULAR,
        decision_reference=f"{year}/QĐ",
        decided_on=datetime.date(year + 1, 1, 10),
        decided_by="UBND huyện",
    )


@pytest.fixture
def office(register, tree):
    """Five active members and a former one: in 2024 three hold LĐTT and four completed their tasks; one is unrated."""
    hoa = register.person
    others = [
        Person.objects.create(unit=tree.cao_lau, collective=register.office, full_name=name)
        for name in ("Bế Văn Đàn", "Cù Chính Lan", "Phan Đình Giót", "La Văn Cầu")
    ]
    gone = Person.objects.create(unit=tree.cao_lau, collective=register.office, full_name="Đã chuyển đi", active=False)
    members = [hoa, *others]
    ratings = (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED, Rating.NOT_COMPLETED)
    for person, rating in zip(members[:4], ratings, strict=True):
        TaskRating.objects.create(person=person, year=2024, rating=rating)
    TaskRating.objects.create(person=others[3], year=2023, rating=Rating.GOOD)  # another year: not read
    TaskRating.objects.create(person=gone, year=2024, rating=Rating.EXCELLENT)  # not a member any more
    for person in members[:3]:
        give(person, register.ldtt, 2024)
    give(others[3], register.ldtt, 2023)
    give(gone, register.ldtt, 2024)
    give(hoa, register.cstdcs, 2024)
    return register.office


def test_the_shares_count_the_active_members_of_the_year(office, register):
    shares = collective_shares(collective=office, year=2024)
    assert (shares.members, shares.with_title, shares.completing, shares.unrated) == (5, 3, 3, 1)
    assert shares.title == register.ldtt
    assert shares.title_share == Decimal("60.0") and shares.completing_share == Decimal("60.0")
    assert not shares.all_complete
    cstdcs = collective_shares(collective=office, year=2024, title=register.cstdcs)
    assert cstdcs.with_title == 1 and cstdcs.title_share == Decimal("20.0")


def test_a_member_without_a_rating_does_not_complete(office):
    rows = {row.person.full_name: row for row in collective_members(collective=office, year=2024)}
    assert rows["La Văn Cầu"].rating is None and not rows["La Văn Cầu"].completing
    assert rows["Phan Đình Giót"].rating.rating == Rating.NOT_COMPLETED and not rows["Phan Đình Giót"].completing
    assert "Đã chuyển đi" not in rows


def test_everyone_completing_is_100_percent(office):
    Person.objects.filter(full_name__in=["Phan Đình Giót", "La Văn Cầu"]).update(active=False)
    shares = collective_shares(collective=office, year=2024)
    assert shares.members == 3 and shares.completing_share == Decimal("100.0") and shares.all_complete


def test_an_empty_collective_has_no_shares(register, tree):
    from people.models import Collective

    empty = Collective.objects.create(unit=tree.cao_lau, name="Trống")
    shares = collective_shares(collective=empty, year=2024)
    assert shares.members == 0 and shares.title_share is None and not shares.all_complete


def test_percentages_are_written_the_vietnamese_way():
    assert percent(3, 40) == Decimal("7.5")
    assert vn_percent(percent(3, 40)) == "7,5%"
    assert vn_percent(percent(3, 4)) == "75%"
    assert vn_percent(percent(2, 3)) == "66,7%"
    assert vn_percent(percent(7, 10)) == "70%"
    assert vn_percent(None) == "—"


def test_the_collective_page_shows_the_shares_of_the_chosen_year(client, people, office):
    client.force_login(people.leader)
    body = client.get(reverse("collective_detail", args=[office.pk]), {"year": 2024}).content.decode()
    assert '<div class="fs-4" id="share-title">60%</div>' in body
    assert '<div class="fs-4" id="share-completing">60%</div>' in body
    assert "Bế Văn Đàn" in body and "Đã chuyển đi" not in body
    body = client.get(reverse("collective_detail", args=[office.pk]), {"year": 2023}).content.decode()
    assert '<div class="fs-4" id="share-title">20%</div>' in body  # La Văn Cầu's LĐTT 2023, one of five
    assert '<div class="fs-4" id="share-completing">20%</div>' in body
    body = client.get(reverse("collective_detail", args=[office.pk]), {"year": "abc"}).content.decode()
    assert 'id="share-title">60%' in body  # a bad year falls back to the latest rated year

"""The register's rules and their messages (people.services)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from awards.models import AwardKind, AwardRecord
from nominations.models import Nomination
from people import services
from people.models import Collective, CollectiveKind, DisciplineKind, Initiative, Person, Rating, TaskRating
from tests.factories import member

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def errors_of(info, field):
    return info.value.message_dict[field]


def award(subject_kw, award_type, year, reference="12/QĐ-UBND"):
    return services.award_record_add(
        **subject_kw,
        award_type=award_type,
        year=year,
        award_kind=AwardKind.REGULAR,
        decision_reference=reference,
        decided_on=datetime.date(year + 1, 1, 15) if year < THIS_YEAR else timezone.localdate(),
        decided_by="Chủ tịch UBND huyện Cao Lộc",
    )


# ------------------------------------------------------------------ people


def test_a_person_needs_a_name(tree):
    with pytest.raises(ValidationError) as info:
        services.person_create(unit=tree.cao_lau, full_name="   ")
    assert errors_of(info, "full_name") == [_(services.ERR_NAME_EMPTY)]
    assert not Person.objects.exists()


@pytest.mark.parametrize("year", [1850, THIS_YEAR - 5, THIS_YEAR + 1])
def test_an_implausible_year_of_birth_is_refused(tree, year):
    with pytest.raises(ValidationError) as info:
        services.person_create(unit=tree.cao_lau, full_name="Lê Văn Tám", birth_year=year)
    low, high = THIS_YEAR - services.OLDEST_AGE, THIS_YEAR - services.YOUNGEST_AGE
    assert errors_of(info, "birth_year") == [_(services.ERR_BIRTH_YEAR) % {"year": year, "low": low, "high": high}]


def test_a_person_is_created_with_clean_text(tree, register):
    person = services.person_create(
        unit=tree.cao_lau,
        full_name="  Hoàng   Văn  Thụ ",
        position=" Chủ tịch ",
        birth_year=1970,
        collective=register.office,
    )
    assert (person.full_name, person.position, person.collective) == ("Hoàng Văn Thụ", "Chủ tịch", register.office)


def test_the_collective_must_be_of_the_persons_unit_or_above(tree, register):
    with pytest.raises(ValidationError) as info:
        services.person_create(unit=tree.cao_lau, full_name="Lê Văn Tám", collective=register.far)
    assert errors_of(info, "collective") == [
        _(services.ERR_COLLECTIVE_UNIT) % {"collective": register.far.name, "unit": tree.huong_lam.name}
    ]
    # a collective kept by the district may hold a person of the commune
    district = Collective.objects.create(unit=tree.cao_loc, name="Phòng Nội vụ")
    assert services.person_create(unit=tree.cao_lau, full_name="Lê Văn Tám", collective=district).collective == district


def test_a_user_adds_people_only_where_they_hold_an_edit_role(tree, people):
    with pytest.raises(ValidationError) as info:
        services.person_create(unit=tree.thach_dan, full_name="Lê Văn Tám", user=people.officer)
    assert errors_of(info, "unit") == [_(services.ERR_OUT_OF_SCOPE) % {"unit": tree.thach_dan.name}]
    with pytest.raises(ValidationError):
        services.person_create(unit=tree.cao_lau, full_name="Lê Văn Tám", user=people.leader)  # no edit role
    assert services.person_create(unit=tree.cao_lau, full_name="Lê Văn Tám", user=people.reviewer).pk


def test_moving_a_person_outside_the_users_scope_is_refused(tree, people, register):
    person = register.person
    with pytest.raises(ValidationError) as info:
        services.person_update(person=person, user=people.officer, unit=tree.thach_dan, collective=None)
    assert errors_of(info, "unit") == [_(services.ERR_OUT_OF_SCOPE) % {"unit": tree.thach_dan.name}]
    person.refresh_from_db()
    assert person.unit == tree.cao_lau
    # the district reviewer sees both communes: the move is allowed, but the old collective no longer fits
    with pytest.raises(ValidationError) as info:
        services.person_update(person=person, user=people.reviewer, unit=tree.thach_dan)
    assert "collective" in info.value.message_dict
    moved = services.person_update(person=person, user=people.reviewer, unit=tree.thach_dan, collective=None)
    assert moved.unit == tree.thach_dan


def test_deactivating_keeps_the_person(register):
    services.person_update(person=register.person, active=False)
    register.person.refresh_from_db()
    assert register.person.active is False


def test_a_person_with_awards_is_not_deleted(register):
    award({"subject": register.person}, register.ldtt, 2023)
    with pytest.raises(ValidationError) as info:
        services.person_delete(person=register.person)
    assert info.value.messages == [_(services.ERR_PERSON_HAS_HISTORY) % {"name": register.person.full_name}]
    assert Person.objects.filter(pk=register.person.pk).exists()
    assert AwardRecord.objects.count() == 1


def test_a_person_with_a_nomination_is_not_deleted(tree, register):
    Nomination.objects.create(unit=tree.cao_lau, year=2024, award_type=register.ldtt, person=register.person)
    with pytest.raises(ValidationError):
        services.person_delete(person=register.person)
    assert Person.objects.filter(pk=register.person.pk).exists()


def test_a_person_entered_by_mistake_is_deleted(tree):
    person = services.person_create(unit=tree.cao_lau, full_name="Nhập nhầm")
    services.person_delete(person=person)
    assert not Person.objects.filter(pk=person.pk).exists()


# ------------------------------------------------------------------ collectives


def test_a_collective_name_is_used_once_per_unit_and_kind(tree, register):
    with pytest.raises(ValidationError) as info:
        services.collective_create(unit=tree.cao_lau, name="văn phòng ubnd xã", kind=CollectiveKind.COLLECTIVE)
    assert "name" in info.value.message_dict
    village = services.collective_create(
        unit=tree.cao_lau, name="Thôn Khòn Khuyên", kind=CollectiveKind.VILLAGE, linked_unit=tree.village
    )
    assert village.linked_unit == tree.village


def test_a_collective_with_members_is_not_deleted(register):
    with pytest.raises(ValidationError) as info:
        services.collective_delete(collective=register.office)
    assert info.value.messages == [_(services.ERR_COLLECTIVE_HAS_HISTORY) % {"name": register.office.name}]
    assert Collective.objects.filter(pk=register.office.pk).exists()


# ------------------------------------------------------------------ ratings


@pytest.mark.parametrize("year", [1999, THIS_YEAR + 2])
def test_a_rating_year_is_between_2000_and_next_year(register, year):
    with pytest.raises(ValidationError) as info:
        services.rating_set(subject=register.person, year=year, rating=Rating.GOOD)
    assert errors_of(info, "year") == [_(services.ERR_YEAR) % {"year": year, "low": 2000, "high": THIS_YEAR + 1}]


def test_one_rating_a_year_and_an_explicit_replace(register):
    services.rating_set(subject=register.person, year=2024, rating=Rating.GOOD)
    with pytest.raises(ValidationError) as info:
        services.rating_set(subject=register.person, year=2024, rating=Rating.EXCELLENT)
    expected = _(services.ERR_RATING_DUPLICATE) % {
        "name": register.person.full_name,
        "year": 2024,
        "rating": Rating.GOOD.label,
    }
    assert errors_of(info, "year") == [expected]
    assert TaskRating.objects.get(person=register.person, year=2024).rating == Rating.GOOD
    services.rating_set(subject=register.person, year=2024, rating=Rating.EXCELLENT, replace=True)
    assert TaskRating.objects.get(person=register.person, year=2024).rating == Rating.EXCELLENT
    assert TaskRating.objects.count() == 1


def test_a_collective_has_its_own_rating(register):
    services.rating_set(subject=register.office, year=2024, rating=Rating.EXCELLENT)
    services.rating_set(subject=register.person, year=2024, rating=Rating.COMPLETED)
    assert TaskRating.objects.get(collective=register.office).rating == Rating.EXCELLENT


# ------------------------------------------------------------------ initiatives


def test_an_initiative_code_is_unique_per_person(register, tree):
    args = {
        "title": "Số hóa hồ sơ",
        "recognised_by": "Hội đồng sáng kiến huyện",
        "recognised_on": datetime.date(2024, 5, 2),
    }
    services.initiative_add(person=register.person, code="sk-2024-03", **args)
    with pytest.raises(ValidationError) as info:
        services.initiative_add(person=register.person, code="SK-2024-03", **args)
    assert errors_of(info, "code") == [
        _(services.ERR_INITIATIVE_CODE) % {"name": register.person.full_name, "code": "SK-2024-03"}
    ]
    other = services.person_create(unit=tree.cao_lau, full_name="Lê Văn Tám")
    assert services.initiative_add(person=other, code="SK-2024-03", **args).code == "SK-2024-03"


def test_an_initiative_recognised_in_the_future_is_refused(register):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        services.initiative_add(
            person=register.person, code="SK-1", title="X", recognised_by="Huyện", recognised_on=tomorrow
        )
    assert "recognised_on" in info.value.message_dict


def test_an_initiative_used_by_a_nomination_is_kept(tree, register):
    initiative = services.initiative_add(
        person=register.person, code="SK-1", title="X", recognised_by="Huyện", recognised_on=datetime.date(2024, 1, 2)
    )
    nomination = Nomination.objects.create(
        unit=tree.cao_lau, year=2024, award_type=register.cstdcs, person=register.person
    )
    Initiative.objects.filter(pk=initiative.pk).update(used_by=nomination)
    initiative.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_delete(record=initiative)
    assert Initiative.objects.filter(pk=initiative.pk).exists()


# ------------------------------------------------------------------ discipline


def test_discipline_dates_are_in_order(register):
    with pytest.raises(ValidationError) as info:
        services.discipline_add(
            subject=register.person,
            kind=DisciplineKind.REPRIMAND,
            started_on=datetime.date(2024, 3, 1),
            ended_on=datetime.date(2024, 2, 1),
        )
    assert errors_of(info, "ended_on") == [_(services.ERR_DATE_ORDER) % {"until": "01/02/2024", "since": "01/03/2024"}]


def test_a_complaint_is_pending_until_it_is_closed(register):
    record = services.discipline_add(
        subject=register.person, kind=DisciplineKind.COMPLAINT, started_on=datetime.date(2024, 3, 1)
    )
    assert record.pending
    with pytest.raises(ValidationError):
        services.discipline_end(record=record, ended_on=datetime.date(2024, 2, 1))
    record = services.discipline_end(record=record, ended_on=datetime.date(2024, 4, 1))
    assert not record.pending
    with pytest.raises(ValidationError) as info:
        services.discipline_end(record=record, ended_on=datetime.date(2024, 5, 1))
    assert errors_of(info, "ended_on") == [_(services.ERR_ALREADY_ENDED)]


# ------------------------------------------------------------------ award history


def test_the_same_title_is_recorded_once_a_year(register):
    award({"subject": register.person}, register.ldtt, 2023, reference="15/QĐ-UBND")
    with pytest.raises(ValidationError) as info:
        award({"subject": register.person}, register.ldtt, 2023, reference="99/QĐ-UBND")
    assert errors_of(info, "award_type") == [
        _(services.ERR_AWARD_DUPLICATE)
        % {"name": register.person.full_name, "award": register.ldtt.name, "year": 2023, "reference": "15/QĐ-UBND"}
    ]
    award({"subject": register.person}, register.ldtt, 2022)
    award({"subject": register.person}, register.cstdcs, 2023)
    assert AwardRecord.objects.filter(person=register.person).count() == 3


def test_an_award_must_fit_the_recipient(register):
    with pytest.raises(ValidationError) as info:
        award({"subject": register.person}, register.ttldtt, 2023)
    assert errors_of(info, "award_type") == [_(services.ERR_AWARD_FOR_COLLECTIVES) % {"award": register.ttldtt.name}]
    with pytest.raises(ValidationError):
        award({"subject": register.office}, register.ldtt, 2023)
    assert award({"subject": register.office}, register.ttldtt, 2023).collective == register.office


def test_an_award_entered_for_a_past_year_keeps_who_entered_it(tree, register):
    officer = member(tree.cao_lau, Role.OFFICER, username="nhap.lieu")
    record = services.award_record_add(
        subject=register.person,
        award_type=register.ldtt,
        year=2015,
        award_kind=AwardKind.REGULAR,
        decision_reference="210/QĐ-UBND",
        decided_on=datetime.date(2016, 1, 10),
        decided_by="UBND huyện Cao Lộc",
        user=officer,
    )
    assert (record.year, record.entered_by, record.decision) == (2015, officer, None)
    with pytest.raises(ValidationError) as info:
        services.award_record_add(
            subject=register.person,
            award_type=register.ldtt,
            year=2016,
            award_kind=AwardKind.REGULAR,
            decision_reference=" ",
            decided_on=datetime.date(2017, 1, 10),
            decided_by="UBND",
            user=officer,
        )
    assert errors_of(info, "decision_reference") == [_(services.ERR_DECISION_EMPTY)]

"""The register's pages: 200 in scope, 404 outside it, 403 in scope without an edit role; the panels' forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from awards.models import AwardKind, AwardRecord
from people import services
from people.models import DisciplineKind, DisciplineRecord, Initiative, Person, Rating, TaskRating

pytestmark = pytest.mark.django_db

VIEWERS = {
    "officer": 200,
    "leader": 200,
    "reviewer": 200,
    "council": 200,
    "province_admin": 200,
    "sibling_officer": 404,
    "other_reviewer": 404,
}
EDITORS = {
    "officer": 200,
    "leader": 403,
    "reviewer": 200,
    "council": 403,
    "province_admin": 200,
    "sibling_officer": 404,
    "other_reviewer": 404,
}


def login(client, user):
    client.force_login(user)
    return client


def person_urls(register, tree):
    p, c = register.person.pk, register.office.pk
    return {
        "view": [reverse("person_detail", args=[p]), reverse("collective_detail", args=[c])],
        "edit": [
            reverse("person_edit", args=[p]),
            reverse("collective_edit", args=[c]),
            reverse("person_add", args=[tree.cao_lau.pk]),
            reverse("collective_add", args=[tree.cao_lau.pk]),
            reverse("person_import", args=[tree.cao_lau.pk]),
        ],
    }


@pytest.mark.parametrize(("role", "expected"), VIEWERS.items())
def test_the_pages_are_seen_in_scope(client, people, register, tree, role, expected):
    login(client, getattr(people, role))
    for url in person_urls(register, tree)["view"]:
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize(("role", "expected"), EDITORS.items())
def test_the_edit_pages_need_an_edit_role(client, people, register, tree, role, expected):
    login(client, getattr(people, role))
    for url in person_urls(register, tree)["edit"]:
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize(("role", "expected"), EDITORS.items())
def test_the_panels_need_an_edit_role(client, people, register, role, expected):
    login(client, getattr(people, role))
    response = client.post(
        reverse("person_rating_add", args=[register.person.pk]), {"rating-year": 2024, "rating-rating": Rating.GOOD}
    )
    assert response.status_code == (302 if expected == 200 else expected)
    assert TaskRating.objects.filter(person=register.person).exists() is (expected == 200)


def test_anonymous_visitors_are_sent_to_log_in(client, register):
    response = client.get(reverse("person_detail", args=[register.person.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_only_the_people_in_scope(client, people, register):
    login(client, people.officer)
    response = client.get(reverse("person_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert register.person.full_name in body and register.outsider.full_name not in body
    assert reverse("person_add", args=[register.person.unit_id]) in body
    response = client.get(reverse("person_list"), {"q": "Hoa", "unit": register.person.unit_id})
    assert register.person.full_name in response.content.decode()
    assert register.person.full_name not in client.get(reverse("person_list"), {"q": "Không có"}).content.decode()
    for bad in ({"unit": "abc"}, {"unit": register.outsider.unit_id}, {"collective": register.far.pk}):
        response = client.get(reverse("person_list"), bad)  # a bad or foreign filter value: a message, no leak
        assert response.status_code == 200 and register.outsider.full_name not in response.content.decode()
    response = client.get(reverse("collective_list"))
    assert register.office.name in response.content.decode() and register.far.name not in response.content.decode()


def test_a_viewer_without_the_role_gets_no_forms(client, people, register):
    login(client, people.leader)
    body = client.get(reverse("person_detail", args=[register.person.pk])).content.decode()
    assert reverse("person_rating_add", args=[register.person.pk]) not in body
    assert reverse("person_edit", args=[register.person.pk]) not in body


def test_an_officer_adds_a_person(client, people, tree, register):
    login(client, people.officer)
    data = {"full_name": "Lò Văn Páo", "birth_year": 1990, "position": "Trưởng thôn", "collective": register.office.pk}
    response = client.post(reverse("person_add", args=[tree.cao_lau.pk]), data)
    person = Person.objects.get(full_name="Lò Văn Páo")
    assert response.status_code == 302 and response["Location"] == reverse("person_detail", args=[person.pk])
    assert (person.unit, person.collective) == (tree.cao_lau, register.office)
    response = client.post(reverse("person_add", args=[tree.cao_lau.pk]), {"full_name": " ", "birth_year": 1800})
    assert response.status_code == 400
    assert Person.objects.filter(unit=tree.cao_lau).count() == 2


def test_an_officer_adds_a_collective_of_each_kind(client, people, tree):
    login(client, people.officer)
    for kind, name in (("collective", "Trường Tiểu học"), ("village", "Thôn Khòn Khuyên"), ("household", "Hộ ông A")):
        response = client.post(reverse("collective_add", args=[tree.cao_lau.pk]), {"kind": kind, "name": name})
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("collective_add", args=[tree.cao_lau.pk]), {"kind": "village", "name": "Thôn Khòn Khuyên"}
    )
    assert response.status_code == 400


def test_moving_a_person_outside_scope_is_refused(client, people, tree, register):
    login(client, people.officer)
    url = reverse("person_edit", args=[register.person.pk])
    data = {"full_name": register.person.full_name, "unit": tree.thach_dan.pk, "active": "on"}
    assert client.post(url, data).status_code == 400
    register.person.refresh_from_db()
    assert register.person.unit == tree.cao_lau
    data = {"full_name": "Nguyễn Thị Hoa", "unit": tree.cao_lau.pk, "position": "Phó chủ tịch"}  # active unticked
    assert client.post(url, data).status_code == 302
    register.person.refresh_from_db()
    assert (register.person.position, register.person.active, register.person.collective) == (
        "Phó chủ tịch",
        False,
        None,
    )


def test_a_person_with_awards_is_kept_with_a_message(client, people, register):
    services.award_record_add(
        subject=register.person,
        award_type=register.ldtt,
        year=2023,
        award_kind=AwardKind.REGULAR,
        decision_reference="1/QĐ-UBND",
        decided_on=datetime.date(2024, 1, 5),
        decided_by="UBND huyện",
    )
    login(client, people.officer)
    response = client.post(reverse("person_delete", args=[register.person.pk]), follow=True)
    assert Person.objects.filter(pk=register.person.pk).exists()
    assert gettext(services.ERR_PERSON_HAS_HISTORY) % {"name": register.person.full_name} in response.content.decode()


def test_a_duplicate_rating_is_shown_on_the_page(client, people, register):
    login(client, people.officer)
    url = reverse("person_rating_add", args=[register.person.pk])
    assert client.post(url, {"rating-year": 2024, "rating-rating": Rating.GOOD}).status_code == 302
    response = client.post(url, {"rating-year": 2024, "rating-rating": Rating.EXCELLENT})
    assert response.status_code == 400
    assert "2024" in response.content.decode() and 'id="rating-form"' in response.content.decode()
    response = client.post(url, {"rating-year": 2024, "rating-rating": Rating.EXCELLENT, "rating-replace": "on"})
    assert response.status_code == 302
    assert TaskRating.objects.get(person=register.person, year=2024).rating == Rating.EXCELLENT


def test_the_panels_add_initiatives_discipline_and_awards(client, people, register):
    login(client, people.officer)
    pk = register.person.pk
    response = client.post(
        reverse("person_initiative_add", args=[pk]),
        {
            "initiative-code": "SK-2024-03",
            "initiative-title": "Số hóa hồ sơ",
            "initiative-recognised_by": "UBND huyện",
            "initiative-recognised_on": "02/05/2024",
        },
    )
    assert response.status_code == 302
    assert Initiative.objects.get(person=register.person).recognised_on == datetime.date(2024, 5, 2)
    response = client.post(
        reverse("person_discipline_add", args=[pk]),
        {
            "discipline-kind": DisciplineKind.COMPLAINT,
            "discipline-started_on": "01/03/2025",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("person_award_add", args=[pk]),
        {
            "award-award_type": register.ldtt.pk,
            "award-year": 2023,
            "award-award_kind": AwardKind.REGULAR,
            "award-decision_reference": "15/QĐ-UBND",
            "award-decided_on": "10/01/2024",
            "award-decided_by": "UBND huyện",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("person_award_add", args=[pk]),
        {
            "award-award_type": register.ldtt.pk,
            "award-year": 2023,
            "award-award_kind": AwardKind.AD_HOC,
            "award-decision_reference": "16/QĐ-UBND",
            "award-decided_on": "10/01/2024",
            "award-decided_by": "UBND huyện",
        },
    )
    assert response.status_code == 400 and AwardRecord.objects.count() == 1
    body = client.get(reverse("person_detail", args=[pk])).content.decode()
    assert "SK-2024-03" in body and "15/QĐ-UBND" in body and "badge bg-warning" in body  # the pending complaint


def test_a_pending_complaint_is_closed_and_a_record_deleted(client, people, register):
    record = DisciplineRecord.objects.create(
        person=register.person, kind=DisciplineKind.COMPLAINT, started_on=datetime.date(2025, 3, 1)
    )
    login(client, people.leader)
    assert client.post(reverse("discipline_end", args=[record.pk]), {"ended_on": "01/04/2025"}).status_code == 403
    login(client, people.sibling_officer)
    assert client.post(reverse("discipline_end", args=[record.pk]), {"ended_on": "01/04/2025"}).status_code == 404
    login(client, people.officer)
    assert client.post(reverse("discipline_end", args=[record.pk]), {"ended_on": "01/02/2025"}).status_code == 302
    record.refresh_from_db()
    assert record.ended_on is None  # before the start: refused
    client.post(reverse("discipline_end", args=[record.pk]), {"ended_on": "01/04/2025"})
    record.refresh_from_db()
    assert record.ended_on == datetime.date(2025, 4, 1)
    assert client.post(reverse("record_delete", args=["nothing", record.pk])).status_code == 404
    assert client.post(reverse("record_delete", args=["discipline", record.pk])).status_code == 302
    assert not DisciplineRecord.objects.filter(pk=record.pk).exists()


def test_the_collective_panels(client, people, register):
    login(client, people.officer)
    pk = register.office.pk
    assert (
        client.post(
            reverse("collective_rating_add", args=[pk]),
            {
                "rating-year": 2024,
                "rating-rating": Rating.EXCELLENT,
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("collective_award_add", args=[pk]),
            {
                "award-award_type": register.ttldtt.pk,
                "award-year": 2024,
                "award-award_kind": AwardKind.REGULAR,
                "award-decision_reference": "3/QĐ-UBND",
                "award-decided_on": "10/01/2025",
                "award-decided_by": "UBND huyện",
            },
        ).status_code
        == 302
    )
    # an individual title is not offered to a collective
    assert (
        client.post(
            reverse("collective_award_add", args=[pk]),
            {
                "award-award_type": register.ldtt.pk,
                "award-year": 2024,
                "award-award_kind": AwardKind.REGULAR,
                "award-decision_reference": "4/QĐ-UBND",
                "award-decided_on": "10/01/2025",
                "award-decided_by": "UBND huyện",
            },
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("collective_discipline_add", args=[pk]),
            {
                "discipline-kind": DisciplineKind.WARNING,
                "discipline-started_on": "01/03/2025",
                "discipline-ended_on": "01/01/2025",
            },
        ).status_code
        == 400
    )
    assert register.office.awards.count() == 1 and register.office.ratings.count() == 1


def test_a_get_on_a_post_only_url_is_not_allowed(client, people, register):
    login(client, people.officer)
    assert client.get(reverse("person_rating_add", args=[register.person.pk])).status_code == 405


@pytest.mark.parametrize("role", ["officer", "leader", "superuser"])
def test_every_page_uses_only_variables_that_exist(client, people, register, tree, role):
    login(client, getattr(people, role))
    urls = person_urls(register, tree)
    pages = [
        reverse("person_list"),
        reverse("person_list") + f"?unit={tree.cao_lau.pk}&q=Hoa&active=1",
        reverse("collective_list") + f"?unit={tree.cao_lau.pk}&kind=collective",
        *urls["view"],
        *(urls["edit"] if role != "leader" else []),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"INVALID[" not in response.content, url
    if role != "leader":
        response = client.post(reverse("person_award_add", args=[register.person.pk]), {"award-year": 1990})
        assert response.status_code == 400 and b"INVALID[" not in response.content

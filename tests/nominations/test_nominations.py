"""Nominations (nominations.services and pages): who may be nominated for what, the refusals with their reasons,
eligibility judged at once and shown criterion by criterion, submit and withdraw with the version lock."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from nominations import services
from nominations.models import Nomination, NominationStatus
from tests.nominations.conftest import YEAR, error_codes, nominate
from units.versioning import VersionConflict

pytestmark = pytest.mark.django_db


def test_an_eligible_nomination_is_judged_and_its_report_drafted(register, users, awards, tree):
    nomination = nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    assert nomination.status == NominationStatus.DRAFT
    assert nomination.eligible is True
    assert nomination.explanation and all(check["ok"] for check in nomination.explanation if not check.get("group"))
    assert nomination.checked_at is not None
    # The achievement report is drafted from the record: name, position, unit, rating, the LĐTT already received.
    assert "Nguyễn Thị Hoa" in nomination.achievements
    assert "Công chức" in nomination.achievements
    assert "Xã Cao Lâu" in nomination.achievements
    assert "Lao động tiên tiến" in nomination.achievements and "12/QĐ-UBND" in nomination.achievements


def test_the_explanation_is_shown_with_marks_and_the_summary(client, register, users, awards, tree):
    good = nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    bad = nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.weak)
    assert bad.eligible is False
    client.force_login(users.officer)
    page = client.get(reverse("nomination_detail", kwargs={"pk": good.pk})).content.decode()
    assert "✓" in page and "CSTĐCS:" in page
    for check in good.explanation:
        assert check["label"] in page
    page = client.get(reverse("nomination_detail", kwargs={"pk": bad.pk})).content.decode()
    assert "✗" in page and "LĐTT:" in page


def test_the_same_person_twice_for_one_title_and_year_is_refused(register, users, awards, tree):
    nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    with pytest.raises(ValidationError) as refused:
        nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    assert error_codes(refused.value) == {"duplicate"}
    assert "Nguyễn Thị Hoa" in " ".join(refused.value.messages)
    # The district above may not nominate her a second time either.
    with pytest.raises(ValidationError):
        nominate(tree.cao_loc, users.district_officer, awards.cstdcs, person=register.hoa)
    assert Nomination.objects.filter(person=register.hoa).count() == 1


def test_a_twin_created_meanwhile_is_caught_by_the_constraint(register, users, awards, tree, monkeypatch):
    nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.binh)
    monkeypatch.setattr(services, "_duplicate_error", lambda **kwargs: None)  # the twin is not seen beforehand
    with pytest.raises(ValidationError) as refused:
        nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.binh)
    assert error_codes(refused.value) == {"duplicate"}
    assert not isinstance(refused.value, IntegrityError)
    assert Nomination.objects.filter(person=register.binh).count() == 1


def test_a_withdrawn_nomination_frees_the_person(register, users, awards, tree):
    first = nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.binh)
    services.nomination_withdraw(nomination=first, user=users.officer, expected_version=first.version)
    again = nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.binh)
    assert again.pk != first.pk


def test_a_person_of_another_unit_is_refused(register, users, awards, tree):
    with pytest.raises(ValidationError) as refused:
        nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.sibling)
    assert error_codes(refused.value) == {"other_unit"}
    assert "Xã Thạch Đạn" in " ".join(refused.value.messages)
    # The district above both communes nominates either.
    assert nominate(tree.cao_loc, users.district_officer, awards.ldtt, person=register.sibling).pk


@pytest.mark.parametrize(
    ("award", "subject", "field"),
    [
        ("ldtt", "office", "collective"),  # an individual title, a collective chosen
        ("ttldtt", "hoa", "person"),  # a collective title, a person chosen
        ("gia_dinh_van_hoa", "office", "collective"),  # a household title, a department chosen
        ("ttldtt", "household", "collective"),  # a collective title, a household chosen
    ],
)
def test_the_recipient_kind_must_match(register, users, awards, tree, award, subject, field):
    nominee = getattr(register, subject)
    kwargs = {"person": nominee} if subject in ("hoa",) else {"collective": nominee}
    with pytest.raises(ValidationError) as refused:
        nominate(tree.cao_lau, users.officer, getattr(awards, award), **kwargs)
    assert error_codes(refused.value) == {"recipient"}
    assert field in refused.value.error_dict


def test_a_household_title_takes_a_household(register, users, awards, tree):
    nomination = nominate(tree.cao_lau, users.officer, awards.gia_dinh_van_hoa, collective=register.household)
    assert nomination.collective == register.household


def test_an_award_with_no_rule_in_force_for_the_year_is_refused(register, users, awards, tree):
    with pytest.raises(ValidationError) as refused:
        nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.binh, year=2023)
    assert error_codes(refused.value) == {"no_rule"}
    assert "31/12/2023" in " ".join(refused.value.messages)


def test_a_nomination_that_is_not_eligible_stays_a_draft_and_says_why(register, users, awards, tree):
    nomination = nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.weak)
    failed = [check["label"] for check in nomination.explanation if not check["ok"]]
    assert failed
    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(nomination=nomination, user=users.officer, expected_version=nomination.version)
    assert error_codes(refused.value) == {"not_eligible"}
    assert failed[0] in " ".join(refused.value.messages)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT


def test_submit_and_withdraw_with_the_version(register, users, awards, tree):
    nomination = nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    stale = nomination.version
    services.nomination_update(
        nomination=nomination, user=users.officer, expected_version=stale, achievements="Báo cáo đã sửa."
    )
    with pytest.raises(VersionConflict):
        services.nomination_submit(nomination=nomination, user=users.officer, expected_version=stale)
    nomination.refresh_from_db()
    submitted = services.nomination_submit(nomination=nomination, user=users.officer, expected_version=stale + 1)
    assert submitted.status == NominationStatus.SUBMITTED
    with pytest.raises(ValidationError) as refused:
        services.nomination_update(
            nomination=submitted, user=users.officer, expected_version=submitted.version, achievements="x"
        )
    assert error_codes(refused.value) == {"not_draft"}
    withdrawn = services.nomination_withdraw(
        nomination=submitted, user=users.officer, expected_version=submitted.version
    )
    assert withdrawn.status == NominationStatus.WITHDRAWN


# ------------------------------------------------------------------ pages


def test_the_officer_nominates_through_the_page(client, register, users, awards, tree):
    client.force_login(users.officer)
    url = reverse("nomination_create", kwargs={"unit_pk": tree.cao_lau.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": YEAR, "award_type": awards.cstdcs.pk, "person": register.hoa.pk})
    nomination = Nomination.objects.get(person=register.hoa)
    assert response.status_code == 302 and response["Location"] == reverse(
        "nomination_detail", kwargs={"pk": nomination.pk}
    )
    # A duplicate comes back on the form with its message, status 400, nothing saved.
    response = client.post(url, {"year": YEAR, "award_type": awards.cstdcs.pk, "person": register.hoa.pk})
    assert response.status_code == 400
    assert Nomination.objects.filter(person=register.hoa).count() == 1
    # Submit, then the council's incoming list shows it.
    response = client.post(reverse("nomination_submit", kwargs={"pk": nomination.pk}), {"version": nomination.version})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    client.force_login(users.council)
    page = client.get(reverse("council_home", kwargs={"unit_pk": tree.cao_loc.pk})).content.decode()
    assert "Nguyễn Thị Hoa" in page


def test_lists_filter_by_title_status_and_eligibility(client, register, users, awards, tree):
    nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.weak)
    client.force_login(users.officer)
    url = reverse("nomination_list", kwargs={"unit_pk": tree.cao_lau.pk})
    page = client.get(url, {"year": YEAR, "eligible": "no"}).content.decode()
    assert "Đinh Văn Yếu" in page and "Nguyễn Thị Hoa" not in page
    page = client.get(url, {"award_type": awards.cstdcs.pk}).content.decode()
    assert "Nguyễn Thị Hoa" in page and "Đinh Văn Yếu" not in page


def test_roles_and_scope_of_the_nomination_pages(client, register, users, awards, tree):
    nomination = nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    detail = reverse("nomination_detail", kwargs={"pk": nomination.pk})
    create = reverse("nomination_create", kwargs={"unit_pk": tree.cao_lau.pk})
    submit = reverse("nomination_submit", kwargs={"pk": nomination.pk})
    client.force_login(users.sibling_officer)  # Thạch Đạn: a sibling
    assert client.get(detail).status_code == 404
    assert client.get(create).status_code == 404
    assert client.post(submit, {"version": nomination.version}).status_code == 404
    client.force_login(users.leader)  # Cao Lâu, but a leader: sees, does not nominate
    assert client.get(detail).status_code == 200
    assert client.get(create).status_code == 403
    assert client.post(submit, {"version": nomination.version}).status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT

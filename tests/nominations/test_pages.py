"""Every page of the nominations and the council opens for the role it is for (status 200 or a redirect after a
POST), renders its templates, and the POST actions do what their buttons say."""

import datetime

import pytest
from django.urls import reverse

from nominations import services
from nominations.models import MemberRole, Nomination, NominationStatus
from tests.nominations.conftest import YEAR, nominate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(register, users, awards, tree):
    draft = nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    session = services.session_create(
        unit=tree.cao_loc, user=users.council, year=YEAR, title="Phiên họp năm 2024", held_on=datetime.date(2025, 1, 15)
    )
    member = services.member_add(session=session, user=users.council, name="Hoàng Văn Chủ", role=MemberRole.CHAIR)
    return draft, session, member


def test_the_officers_pages(client, world, users, tree):
    draft, _session, _member = world
    client.force_login(users.officer)
    for url in (
        reverse("nomination_index"),
        reverse("nomination_list", kwargs={"unit_pk": tree.cao_lau.pk}),
        reverse("nomination_create", kwargs={"unit_pk": tree.cao_lau.pk}),
        reverse("nomination_detail", kwargs={"pk": draft.pk}),
        reverse("nomination_edit", kwargs={"pk": draft.pk}),
    ):
        assert client.get(url).status_code == 200, url
    edit = reverse("nomination_edit", kwargs={"pk": draft.pk})
    response = client.post(edit, {"version": draft.version, "achievements": "Thành tích nổi bật."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.achievements == "Thành tích nổi bật." and draft.version == 2
    # A stale version: the form comes back (400) and nothing is saved.
    response = client.post(edit, {"version": 1, "achievements": "Ghi đè."})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.achievements == "Thành tích nổi bật."
    response = client.post(reverse("nomination_draft", kwargs={"pk": draft.pk}), {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert "Nguyễn Thị Hoa" in draft.achievements
    draft.explanation, draft.eligible = [], None
    Nomination.objects.filter(pk=draft.pk).update(explanation=[], eligible=None)
    response = client.post(reverse("nomination_check", kwargs={"pk": draft.pk}), follow=True)
    assert "CSTĐCS:" in response.content.decode()
    draft.refresh_from_db()
    assert draft.eligible is True and draft.explanation
    response = client.post(reverse("nomination_withdraw", kwargs={"pk": draft.pk}), {"version": draft.version})
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == NominationStatus.WITHDRAWN


def test_the_councils_pages(client, world, users, tree):
    draft, session, member = world
    client.force_login(users.council)
    for url in (
        reverse("nomination_index"),
        reverse("council_home", kwargs={"unit_pk": tree.cao_loc.pk}),
        reverse("session_create", kwargs={"unit_pk": tree.cao_loc.pk}),
        reverse("session_detail", kwargs={"pk": session.pk}),
        reverse("session_edit", kwargs={"pk": session.pk}),
        reverse("session_minutes_preview", kwargs={"pk": session.pk}),
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("session_create", kwargs={"unit_pk": tree.cao_loc.pk}),
        {"year": YEAR, "title": "Phiên họp bổ sung", "held_on": "2025-02-01", "place": "Phòng họp số 2"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("session_edit", kwargs={"pk": session.pk}),
        {
            "version": session.version,
            "year": YEAR,
            "title": "Phiên họp thường kỳ",
            "held_on": "2025-01-16",
            "opened_at": "08:00",
            "closed_at": "07:30",
        },
    )
    assert response.status_code == 400  # closing before opening: refused on the form, nothing saved
    assert "08:00" in response.content.decode()
    response = client.post(
        reverse("session_edit", kwargs={"pk": session.pk}),
        {
            "version": session.version,
            "year": YEAR,
            "title": "Phiên họp thường kỳ",
            "held_on": "2025-01-16",
            "opened_at": "08:00",
            "closed_at": "11:15",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Phiên họp thường kỳ" and session.held_on == datetime.date(2025, 1, 16)
    assert (session.opened_at, session.closed_at) == (datetime.time(8, 0), datetime.time(11, 15))
    add = reverse("member_add", kwargs={"pk": session.pk})
    assert client.post(add, {"name": "Nông Thị Thư", "role": MemberRole.SECRETARY, "present": "on"}).status_code == 302
    assert session.members.count() == 2
    update = reverse("member_update", kwargs={"pk": member.pk})
    assert client.post(update, {"name": "Hoàng Văn Chủ", "role": MemberRole.CHAIR}).status_code == 302
    member.refresh_from_db()
    assert member.present is False
    assert client.post(reverse("member_delete", kwargs={"pk": member.pk})).status_code == 302
    assert session.members.count() == 1
    response = client.post(reverse("session_close", kwargs={"pk": session.pk}), {"version": session.version})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "closed"
    page = client.get(reverse("session_detail", kwargs={"pk": session.pk})).content.decode()
    assert 'name="votes_for"' not in page  # closed: no more voting

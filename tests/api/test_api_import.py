"""A plan imported into a draft through the API (issue #17 with #15): read a document into the draft and its
provenance (nothing saved), then save the reviewed draft as a draft campaign of the unit, once; bad files and drafts
400 in Vietnamese, a unit outside the user's scope 404, without the role 403, anonymous 401."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from campaigns.models import Campaign
from tests.campaigns.importing.conftest import tien_du  # noqa: F401 - the fixture
from tests.factories import member

pytestmark = pytest.mark.django_db

PLAN = Path(__file__).parent.parent / "campaigns" / "importing" / "data" / "ke-hoach-tinh-bac-ninh.txt"
READ, SAVE = "/api/v1/campaigns/import/read/", "/api/v1/campaigns/import/"


def _read(client, unit, content=None, name=PLAN.name):
    document = SimpleUploadedFile(name, PLAN.read_bytes() if content is None else content)
    return client.post(READ, {"unit": unit.pk, "document": document}, format="multipart")


def test_read_then_save_once(api, tien_du):  # noqa: F811
    client = api(member(tien_du, Role.OFFICER))
    read = _read(client, tien_du)
    assert read.status_code == 200, read.content
    body = read.json()
    assert body["draft"]["format"] == "thidua.campaign/2"
    assert body["draft"]["campaign"]["issuing_unit"] == {"edition": tien_du.edition, "code": tien_du.code}
    assert body["lines"][body["provenance"]["title"] - 1].strip()  # the title's line is a line of the document
    assert body["uncertain"] and not Campaign.objects.exists()
    body["draft"]["campaign"]["title"] = "Kế hoạch đã sửa qua API"
    saved = client.post(SAVE, {"unit": tien_du.pk, "draft": body["draft"]}, format="json")
    assert saved.status_code == 201, saved.content
    campaign = Campaign.objects.get()
    assert saved.json()["id"] == campaign.pk
    assert (campaign.title, campaign.issuing_unit, campaign.status) == ("Kế hoạch đã sửa qua API", tien_du, "draft")
    again = client.post(SAVE, {"unit": tien_du.pk, "draft": body["draft"]}, format="json")
    assert again.status_code == 400 and "đã được nhập" in again.json()["message"] + str(again.json().get("errors"))
    assert Campaign.objects.count() == 1


def test_bad_files_and_drafts_are_400_in_vietnamese(api, tien_du):  # noqa: F811
    client = api(member(tien_du, Role.OFFICER))
    for content, name in ((b"", "trong.txt"), (b"MZ\x90\x00", "virus.exe"), (b"%PDF-1.4 hong", "hong.pdf")):
        response = _read(client, tien_du, content, name)
        assert response.status_code == 400, name
        assert response.json()["code"] == "invalid"
    for draft in ([], "chữ", {"format": "thidua.campaign/2"}, {"campaign": {"title": 5}}):
        response = client.post(SAVE, {"unit": tien_du.pk, "draft": draft}, format="json")
        assert response.status_code == 400, draft
    assert client.post(SAVE, {"unit": tien_du.pk, "draft": {}, "extra": 1}, format="json").status_code == 400
    assert not Campaign.objects.exists()


def test_scope_role_and_anonymous(api, tien_du, tree, people):  # noqa: F811
    assert _read(api(people.officer), tien_du).status_code == 404  # Xã Cao Lâu's officer: another province
    assert _read(api(member(tien_du, Role.COUNCIL)), tien_du).status_code == 403
    assert _read(api(), tien_du).status_code == 401
    response = api(people.officer).post(SAVE, {"unit": tien_du.pk, "draft": {}}, format="json")
    assert response.status_code == 404

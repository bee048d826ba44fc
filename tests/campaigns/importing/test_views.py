"""The upload and review pages: the draft beside its source, nothing saved before the confirmation, then all or
nothing, once; bad files and drafts refused in Vietnamese; the unit in scope."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from campaigns.models import Campaign
from tests.factories import member, unit

PLAN = Path(__file__).parent / "data" / "ke-hoach-tinh-bac-ninh.txt"


@pytest.fixture
def officer(tien_du):
    return member(tien_du, Role.OFFICER)


def _urls(tien_du):
    return (
        f"{reverse('campaign_import')}?unit={tien_du.pk}",
        f"{reverse('campaign_import_confirm')}?unit={tien_du.pk}",
    )


def _upload(client, url, content=None, name=PLAN.name):
    content = PLAN.read_bytes() if content is None else content
    return client.post(url, {"document": SimpleUploadedFile(name, content)})


def _confirm_data(response) -> dict:
    initial = response.context["form"].initial
    return {key: initial[key] for key in ("draft", "source", "provenance", "uncertain")}


def test_review_shows_the_draft_beside_its_lines_and_saves_nothing(client, tien_du, officer):
    upload, _confirm = _urls(tien_du)
    client.force_login(officer)
    assert client.get(upload).status_code == 200
    response = _upload(client, upload)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="line-1"' in page and 'href="#line-27"' in page  # (1) Thu nhập bình quân … on line 27
    items = response.context["items"]
    figure = next(i for i in items if i["kind"] == "figure")
    assert (figure["line"], "78" in figure["text"]) == (27, True)
    assert "cần kiểm tra" in page  # an uncertain figure name is marked
    assert any(i["uncertain"] for i in items)
    assert not Campaign.objects.exists()


def test_confirm_saves_the_corrected_draft_once(client, tien_du, officer):
    upload, confirm = _urls(tien_du)
    client.force_login(officer)
    data = _confirm_data(_upload(client, upload))
    draft = json.loads(data["draft"])
    draft["campaign"]["title"] = "Kế hoạch đã sửa"
    data["draft"] = json.dumps(draft, ensure_ascii=False)
    response = client.post(confirm, data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("campaign_detail", args=[campaign.pk])
    assert (campaign.title, campaign.issuing_unit, campaign.status) == ("Kế hoạch đã sửa", tien_du, "draft")
    again = client.post(confirm, data)
    assert again.status_code == 400
    assert "Văn bản này đã được nhập" in again.content.decode()
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: "{not json", "Bản nháp không phải JSON hợp lệ"),
        (
            lambda d: d.replace('"value": "78"', '"value": "bảy mươi tám"'),
            "không phải là số",
        ),
    ],
)
def test_a_wrong_draft_is_refused_and_nothing_saved(client, tien_du, officer, change, message):
    upload, confirm = _urls(tien_du)
    client.force_login(officer)
    data = _confirm_data(_upload(client, upload))
    data["draft"] = change(data["draft"])
    response = client.post(confirm, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="line-1"' in response.content.decode()  # the source stays beside the draft
    assert not Campaign.objects.exists()


def test_bad_files_are_refused_at_the_field(client, tien_du, officer):
    upload, _confirm = _urls(tien_du)
    client.force_login(officer)
    response = _upload(client, upload, b"MZ\x90\x00", name="virus.exe")
    assert response.status_code == 400
    assert "Chỉ nhập được tệp Word (.docx), PDF hoặc tệp văn bản (.txt)." in response.content.decode()


def test_a_unit_outside_scope_is_404(client, tien_du):
    other = member(unit(short_name="Khác"))
    client.force_login(other)
    upload, confirm = _urls(tien_du)
    assert client.get(upload).status_code == 404
    assert client.post(confirm, {"draft": "{}"}).status_code == 404


def test_a_role_that_may_not_edit_campaigns_is_403(client, tien_du):
    client.force_login(member(tien_du, Role.COUNCIL))
    upload, confirm = _urls(tien_du)
    assert client.get(upload).status_code == 403
    assert client.post(confirm, {"draft": "{}"}).status_code == 403
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    "draft",
    [
        '{"campaign": []}',
        '{"campaign": {"signer": "Nguyễn Văn A", "sections": "I.", "number": "abc", "issued_on": "2025-02-30"}}',
        '{"campaign": {"sections": [{"indicators": [{"figures": ["x", {"form": "rank"}]}]}, 3], "number": 7}}',
    ],
)
def test_a_draft_of_the_wrong_shape_is_refused_not_a_server_error(client, tien_du, officer, draft):
    _upload_url, confirm = _urls(tien_du)
    client.force_login(officer)
    response = client.post(confirm, {"draft": draft, "source": "dòng 1", "provenance": "[]", "uncertain": "{}"})
    assert response.status_code == 400
    assert not Campaign.objects.exists()

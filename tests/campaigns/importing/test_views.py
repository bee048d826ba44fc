"""The upload and review pages: the draft beside its source, nothing saved before the confirmation, then all or
nothing, once; bad files and drafts refused in Vietnamese; the unit in scope."""

import json
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from campaigns.models import Campaign
from targets.models import Figure, Indicator
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
    """What the browser sends from the review page: every input as shown, the hidden draft included."""
    page = lxml.html.fromstring(response.content)
    (form,) = [f for f in page.forms if f.action.startswith(reverse("campaign_import_confirm"))]
    return dict(form.form_values())


FIGURE = "sections[1].children[0].indicators[0].figures[0]"  # Thu nhập bình quân đầu người … 78 triệu đồng


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
    assert (figure["path"], figure["line"]) == (FIGURE, 27)
    assert "cần kiểm tra" in page  # an uncertain figure name is marked
    assert any(i["uncertain"] for i in items)
    assert not Campaign.objects.exists()


def test_review_lists_every_item_as_an_input_beside_its_line(client, tien_du, officer):
    upload, _confirm = _urls(tien_du)
    client.force_login(officer)
    data = _confirm_data(_upload(client, upload))
    assert "csrfmiddlewaretoken" in data and json.loads(data["draft"])["campaign"]["number"] == "0124"
    assert (data["title"], data["number"], data["issued_on"]) == (
        'Tổ chức phong trào thi đua "Xã Tiên Du chung sức xây dựng nông thôn mới nâng cao" giai đoạn 2025 - 2026',
        "0124",
        "05/09/2025",
    )
    assert (data[f"{FIGURE}.value"], data[f"{FIGURE}.unit_of_measure"], data[f"{FIGURE}.form"]) == (
        "78",
        "triệu đồng",
        "at_least",
    )
    assert data["sections[1].children[1].indicators[2].figures[0].value"] == "1,5"  # Tỷ lệ hộ nghèo dưới 1,5%
    assert data["recipients[3].text"] == "Lưu: VT, VHXH." and data["signer.name"] == "Nguyễn Thị Hoa"
    assert data["stages[0].ends_on"] == "31/12/2025" and data["award_criteria[3].quota_value"] == "10"
    assert data["legal_bases[2].kind"] == "thuc_hien" and data["appendices[0].label"] == "PHỤ LỤC I"
    assert not any(name.endswith(".drop") for name in data)  # nothing dropped unless ticked
    page = lxml.html.fromstring(_upload(client, upload).content)
    assert page.xpath(f'//input[@name="{FIGURE}.drop"][@type="checkbox"]')
    assert not page.xpath("//textarea[@name='draft']")  # the JSON form is no longer on the page
    item = page.xpath(f'//li[@data-path="{FIGURE}"]')[0]
    assert item.xpath('.//a[@href="#line-27"]') and not page.xpath('//input[@name="title.drop"]')


def test_confirm_saves_the_corrected_draft_once(client, tien_du, officer):
    upload, confirm = _urls(tien_du)
    client.force_login(officer)
    data = _confirm_data(_upload(client, upload))
    data["title"] = "Kế hoạch đã sửa"
    data[f"{FIGURE}.value"] = "1.250"
    data["sections[1].children[0].indicators[1].drop"] = "on"  # nước sạch
    data["recipients[1].drop"] = "on"
    data["signer.name"] = "Trần Văn Bình"
    response = client.post(confirm, data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("campaign_detail", args=[campaign.pk])
    assert (campaign.title, campaign.issuing_unit, campaign.status) == ("Kế hoạch đã sửa", tien_du, "draft")
    assert (campaign.number_text, campaign.signer_name) == ("0124", "Trần Văn Bình")
    figure = Figure.objects.get(indicator__section__campaign=campaign, name="Thu nhập bình quân đầu người")
    assert figure.value == Decimal("1250")
    sentences = list(Indicator.objects.filter(section__campaign=campaign).values_list("sentence", flat=True))
    assert len(sentences) == 7 and not any("nước sạch" in s for s in sentences)
    recipients = list(campaign.recipients.order_by("position").values_list("text", flat=True))
    assert recipients == ["UBND tỉnh (b/c);", "Các thôn;", "Lưu: VT, VHXH."]
    again = client.post(confirm, data)
    assert again.status_code == 400
    assert "Văn bản này đã được nhập" in again.content.decode()
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (f"{FIGURE}.value", "bảy mươi tám", "“bảy mươi tám” không phải là số. Viết số theo dạng 1.105 hoặc 7,5."),
        (f"{FIGURE}.value", "7.5", "Có phải bạn muốn nhập 7,5?"),
        ("issued_on", "31/02/2025", "Nhập một ngày hợp lệ."),
        ("number", "12a", "Ghi các chữ số của số văn bản như khi in"),
        ("title", "", "Trường này là bắt buộc."),
    ],
)
def test_a_bad_value_is_shown_at_its_item_with_the_other_edits_kept(client, tien_du, officer, field, value, message):
    upload, confirm = _urls(tien_du)
    client.force_login(officer)
    data = _confirm_data(_upload(client, upload))
    data["signer.name"] = "Trần Văn Bình"  # another edit, kept on the page sent back
    data[field] = value
    response = client.post(confirm, data)
    assert response.status_code == 400
    assert not Campaign.objects.exists()
    page = lxml.html.fromstring(response.content)
    (bad,) = page.xpath(f'//*[@name="{field}"]')
    assert "is-invalid" in bad.get("class")
    item = bad.xpath("ancestor::li[1]")[0]
    assert message in item.text_content()  # the message stands at the item
    assert page.xpath('//input[@name="signer.name"]')[0].get("value") == "Trần Văn Bình"
    assert 'id="line-1"' in response.content.decode()  # the source stays beside the draft
    assert _confirm_data(response)["draft"] == data["draft"]  # the draft as read travels on, unchanged


def test_a_dropped_item_needs_no_valid_values(client, tien_du, officer):
    upload, confirm = _urls(tien_du)
    client.force_login(officer)
    data = _confirm_data(_upload(client, upload))
    data[f"{FIGURE}.value"] = "không rõ"
    data["sections[1].children[0].indicators[0].drop"] = "on"  # the indicator holding it
    assert client.post(confirm, data).status_code == 302
    assert not Figure.objects.filter(name="Thu nhập bình quân đầu người").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: "{not json", "Bản nháp không phải JSON hợp lệ"),
        (lambda d: d.replace('"direction": "down"', '"direction": "side"'), "“side” không phải là một trong"),
    ],
)
def test_a_forged_draft_is_refused_and_nothing_saved(client, tien_du, officer, change, message):
    upload, confirm = _urls(tien_du)
    client.force_login(officer)
    data = _confirm_data(_upload(client, upload))
    data["draft"] = change(data["draft"])  # what the form does not show: a figure's direction
    response = client.post(confirm, data)
    assert response.status_code == 400
    alerts = lxml.html.fromstring(response.content).xpath('//div[contains(@class, "alert-danger")]')
    assert message in alerts[0].text_content(), alerts[0].text_content()
    assert 'id="line-1"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_forged_path_is_ignored(client, tien_du, officer):
    upload, confirm = _urls(tien_du)
    client.force_login(officer)
    data = _confirm_data(_upload(client, upload))
    data["sections[9].indicators[0].sentence"] = "Bịa ra"
    data["campaign.status"] = "issued"
    data["__class__.drop"] = "on"
    assert client.post(confirm, data).status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.status == "draft" and not Indicator.objects.filter(sentence="Bịa ra").exists()


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

"""Documents dated by the law in force (units.validity, documents.issuing): a unit that ceased on 30/06/2025 issues
nothing dated after it and the refusal names its successor; nothing changes when it is refused; a document of the
past is recorded on its own date; registers of a ceased unit are not opened; the header's first line follows the
unit's edition and setting."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from campaigns.services import campaign_defaults
from documents import issuing
from documents.demo import demo_load_signing
from documents.models import IssuedDocument, Register
from tests.campaigns.factories import make_campaign
from tests.factories import unit
from units.models import Edition, HeaderParent, Unit, UnitKind, UnitType
from units.validity import in_force_check, parent_body_line

pytestmark = pytest.mark.django_db

CEASED = datetime.date(2025, 6, 30)


@pytest.fixture
def merged(tree):
    """Xã Cao Lâu ceased on 30/06/2025 and merged into Xã Ba Sơn of the two-tier Tỉnh Lạng Sơn."""
    lang_son = unit(
        code="20", edition=Edition.E2025_07, kind=UnitKind.PROVINCE, unit_type=UnitType.TINH, short_name="Lạng Sơn"
    )
    ba_son = unit(lang_son, code="06202", edition=Edition.E2025_07, short_name="Ba Sơn", name="Xã Ba Sơn")
    Unit.objects.filter(pk=tree.cao_lau.pk).update(valid_until=CEASED, successor=ba_son)
    tree.cao_lau.refresh_from_db()
    return ba_son


def _draft(owner, year, title="Kế hoạch thi đua"):
    return make_campaign(owner, title=title, status="draft", number=None, year=year)


def _issue(draft, people, on=None):
    draft.refresh_from_db()
    return issuing.campaign_issue(
        campaign=draft, user=people.clerk, expected_version=draft.version, signer=people.leader, on=on
    )


def test_a_ceased_commune_issues_nothing_today_and_is_told_its_successor(merged, tree, people, settings, tmp_path):
    settings.DEMO_CA_DIR = tmp_path / "ca"
    # A register and a draft of 2025, when the commune still existed, left waiting past its merger.
    Register.objects.create(unit=tree.cao_lau, year=timezone.localdate().year, last_number=4)
    demo_load_signing(units=[], leaders=[people.leader])
    draft = _draft(tree.cao_lau, 2025)
    with pytest.raises(ValidationError) as error:
        _issue(draft, people)
    message = " ".join(error.value.messages)
    assert "Xã Cao Lâu" in message and "30/06/2025" in message and "Xã Ba Sơn" in message
    assert "01/07/2025" in message
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.issued_on) == (CampaignStatus.DRAFT, None, None)
    assert Register.objects.get(unit=tree.cao_lau).last_number == 4 and not IssuedDocument.objects.exists()


def test_a_document_of_the_past_is_issued_on_its_date_within_the_validity(merged, tree, people, settings, tmp_path):
    settings.DEMO_CA_DIR = tmp_path / "ca"
    issuing.register_open(unit=tree.cao_lau, year=2025, user=people.clerk, past=True)
    demo_load_signing(units=[], leaders=[people.leader])
    on = datetime.date(2025, 1, 15)
    issued, _job = _issue(_draft(tree.cao_lau, 2025), people, on=on)
    assert (issued.issued_on, issued.number, issued.register.year) == (on, 1, 2025)
    assert Campaign.objects.get(title="Kế hoạch thi đua").issued_on == on
    # The last day of the validity still issues; the next day does not.
    assert _issue(_draft(tree.cao_lau, 2025, "Kế hoạch 2"), people, on=CEASED)[0].issued_on == CEASED
    with pytest.raises(ValidationError, match="Xã Ba Sơn"):
        _issue(_draft(tree.cao_lau, 2025, "Kế hoạch 3"), people, on=CEASED + datetime.timedelta(days=1))


def test_no_date_in_the_future_and_none_before_the_unit_exists(merged, tree, people):
    with pytest.raises(ValidationError, match="tương lai"):
        _issue(_draft(tree.cao_lau, 2025, "Kế hoạch 4"), people, on=timezone.localdate() + datetime.timedelta(days=1))
    Unit.objects.filter(pk=merged.pk).update(valid_from=datetime.date(2025, 7, 1))
    merged.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        in_force_check(merged, datetime.date(2025, 6, 1))
    assert "01/07/2025" in " ".join(error.value.messages)
    in_force_check(merged, datetime.date(2025, 7, 1))


def test_a_ceased_unit_opens_no_register_for_a_year_after_it(merged, tree, people):
    year = timezone.localdate().year
    assert year > CEASED.year
    with pytest.raises(ValidationError) as error:
        issuing.register_open(unit=tree.cao_lau, year=year, user=people.clerk)
    assert "Xã Ba Sơn" in str(error.value)
    assert not Register.objects.exists()
    assert issuing.register_open(unit=merged, year=year, user=people.clerk).year == year


def test_a_register_of_a_past_year_only_when_asked_for_history(tree, people):
    with pytest.raises(ValidationError):
        issuing.register_open(unit=tree.cao_lau, year=timezone.localdate().year - 2, user=people.clerk)
    assert issuing.register_open(unit=tree.cao_lau, year=2024, user=people.clerk, past=True).year == 2024


def test_the_header_line_above_the_issuing_body_follows_edition_and_setting(merged, tree):
    assert parent_body_line(tree.cao_lau) == "UBND HUYỆN CAO LỘC"  # 2025-01: its district, in force until 30/6/2025
    assert parent_body_line(tree.lang_son) == ""
    assert parent_body_line(merged) == "UBND TỈNH LẠNG SƠN"  # two-tier: the province, as Decree 30 prescribes
    defaults = campaign_defaults(issuing_unit=merged)
    assert (defaults["parent_body"], defaults["issuing_body"]) == ("UBND TỈNH LẠNG SƠN", "ỦY BAN NHÂN DÂN XÃ BA SƠN")
    merged.header_parent = HeaderParent.LOCALITY
    assert parent_body_line(merged) == "TỈNH LẠNG SƠN"
    merged.header_parent = HeaderParent.NONE
    assert parent_body_line(merged) == ""
    merged.save()
    assert campaign_defaults(issuing_unit=merged)["parent_body"] == ""


def test_the_unit_documents_page_sets_the_header_and_says_a_ceased_unit_issues_nothing(client, merged, tree, people):
    client.force_login(people.province_admin)
    page = client.get(f"/documents/units/{tree.cao_lau.pk}/").content.decode()
    assert "đã chấm dứt hoạt động sau ngày 30/06/2025" in page and "Xã Ba Sơn" in page
    assert "UBND HUYỆN CAO LỘC" in page
    response = client.post(f"/documents/units/{tree.cao_lau.pk}/header/", {"header_parent": "locality"})
    assert response.status_code == 302
    tree.cao_lau.refresh_from_db()
    assert tree.cao_lau.header_parent == HeaderParent.LOCALITY
    assert tree.cao_lau.history.first().history_user == people.province_admin
    page = client.get(f"/documents/units/{tree.cao_lau.pk}/").content.decode()
    assert "HUYỆN CAO LỘC" in page and "UBND HUYỆN CAO LỘC" not in page
    response = client.post(f"/documents/units/{tree.cao_lau.pk}/header/", {"header_parent": "bogus"})
    assert response.status_code == 400 and "Hãy chọn" in response.content.decode()


def test_no_issued_document_is_recorded_outside_its_issuers_validity(merged, tree, people):
    """Whoever writes the row, not only the issuing service."""
    register = Register.objects.create(unit=tree.cao_lau, year=2026)
    with pytest.raises(ValidationError, match="Xã Ba Sơn"):
        IssuedDocument.objects.create(
            code="TEST-0001",
            subject=tree.cao_lau,
            unit=tree.cao_lau,
            register=register,
            number=1,
            reference="01/QĐ-UBND",
            doc_type="Quyết định",
            title="Thử",
            issuing_body="ỦY BAN NHÂN DÂN XÃ CAO LÂU",
            issued_on=datetime.date(2026, 1, 5),
            version=1,
            signer_name="Nguyễn Văn A",
            signer_title="CHỦ TỊCH",
            html="<p>thử</p>",
        )
    assert not IssuedDocument.objects.exists()

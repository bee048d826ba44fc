"""The catalogue page and adding a province setting: who may (200), who is refused (403) and who is not shown the
province at all (404); Vietnamese numbers and dates; overlapping dates refused with the form kept."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from awards.catalogue import catalogue_ensure
from awards.models import AwardSetting, AwardType, SettingKey
from awards.services_settings import setting_create
from tests.factories import member

CATALOGUE = reverse("award_catalogue")


@pytest.fixture
def cat(db):
    catalogue_ensure()
    return {t.code: t for t in AwardType.objects.all()}


def add_url(province):
    return reverse("award_setting_add", args=[province.pk])


def form_data(cat, **overrides):
    data = {
        "award_type": cat["ttldtt"].pk,
        "key": SettingKey.MEMBER_SHARE,
        "value": "70",
        "valid_from": "01/01/2025",
        "valid_until": "",
        "legal_basis": "Quyết định số 86/2025/QĐ-UBND",
    }
    return {**data, **overrides}


def test_the_catalogue_needs_a_login(client, cat):
    response = client.get(CATALOGUE)
    assert response.status_code == 302 and "login" in response.url


def test_the_catalogue_shows_every_title_with_its_rules_by_date_in_vietnamese(client, cat, people):
    setting_create(
        province=people.province_admin.memberships.get().unit,
        award_type=cat["ttldtt"],
        key=SettingKey.MEMBER_SHARE,
        value=Decimal("70"),
        valid_from=datetime.date(2025, 7, 1),
        legal_basis="Quyết định số 86/2025/QĐ-UBND",
        user=people.province_admin,
    )
    client.force_login(people.officer)
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    for award_type in cat.values():
        assert award_type.name in html
    assert "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP" in html
    assert "Nghị định số 152/2025/NĐ-CP; Nghị định số 129/2025/NĐ-CP" in html
    assert "01/01/2024 – 30/06/2025" in html and "01/07/2025 –" in html
    assert "2.340.000" in html and "710.000" in html and "18.720.000" in html  # LĐTT 0,3 → 702.000 → 710.000
    assert "0,3 ×" in html and "1,0 ×" in html and "12,0" not in html and "8,0 ×" in html and "1.800.000" in html
    assert "Quyết định số 86/2025/QĐ-UBND" in html and "Tỉnh Lạng Sơn" in html
    assert add_url(people.province_admin.memberships.get().unit) not in html  # an officer adds nothing


def test_a_province_admin_adds_a_setting_and_the_previous_one_closes(client, cat, people, tree):
    client.force_login(people.province_admin)
    assert add_url(tree.lang_son) in client.get(CATALOGUE).content.decode()
    assert client.get(add_url(tree.lang_son)).status_code == 200
    response = client.post(add_url(tree.lang_son), form_data(cat, value="60", valid_from="01/01/2024"))
    assert response.status_code == 302 and response.url.endswith("#settings")
    response = client.post(add_url(tree.lang_son), form_data(cat, value="66,5", valid_from="01/07/2025"))
    assert response.status_code == 302
    first, second = AwardSetting.objects.order_by("valid_from")
    assert (first.value, first.valid_until, first.province) == (Decimal(60), datetime.date(2025, 6, 30), tree.lang_son)
    assert (second.value, second.valid_until, second.updated_by) == (Decimal("66.5"), None, people.province_admin)
    html = client.get(CATALOGUE).content.decode()
    assert "66,5" in html and "30/06/2025" in html


def test_overlapping_dates_are_refused_with_a_message_and_the_form_kept(client, cat, people, tree):
    client.force_login(people.province_admin)
    client.post(add_url(tree.lang_son), form_data(cat, valid_from="01/01/2025", valid_until="31/12/2025"))
    response = client.post(add_url(tree.lang_son), form_data(cat, value="75", valid_from="01/06/2025"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "01/01/2025" in html and "31/12/2025" in html  # the value it overlaps, named by its dates
    assert 'value="75"' in html and 'value="01/06/2025"' in html
    assert AwardSetting.objects.count() == 1
    bad = client.post(add_url(tree.lang_son), form_data(cat, value="abc", valid_from="31/02/2026"))
    assert bad.status_code == 400 and AwardSetting.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "province", "status"),
    [
        ("province_admin", "lang_son", 200),
        ("superuser", "lang_son", 200),
        ("superuser", "bac_giang", 200),
        ("province_admin", "bac_giang", 404),  # another province: out of scope
        ("officer", "lang_son", 404),  # a commune's people do not see the province
        ("reviewer", "lang_son", 404),
        ("province_officer", "lang_son", 403),  # in scope, without the role
        ("commune_admin", "lang_son", 404),
    ],
)
def test_who_may_open_the_setting_form(client, cat, people, tree, who, province, status):
    extra = {
        "province_officer": lambda: member(tree.lang_son, Role.OFFICER, username="canbo.langson"),
        "commune_admin": lambda: member(tree.cao_lau, Role.ADMIN, username="quantri.caolau"),
    }
    user = extra[who]() if who in extra else getattr(people, who)
    client.force_login(user)
    url = add_url(getattr(tree, province))
    assert client.get(url).status_code == status
    assert client.post(url, form_data(cat)).status_code == (302 if status == 200 else status)
    assert AwardSetting.objects.count() == (1 if status == 200 else 0)


def test_a_district_is_not_a_province(client, cat, people, tree):
    client.force_login(people.superuser)
    assert client.get(add_url(tree.cao_loc)).status_code == 404


def test_national_values_are_for_superusers(client, cat, people):
    url = reverse("award_setting_add_national")
    client.force_login(people.province_admin)
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(cat)).status_code == 403
    client.force_login(people.superuser)
    assert client.get(url).status_code == 200
    assert client.post(url, form_data(cat, key=SettingKey.VOTE_THRESHOLD, value="75")).status_code == 302
    assert AwardSetting.objects.get().province is None
    client.force_login(people.officer)
    assert "75" in client.get(CATALOGUE).content.decode()  # national values are shown to everyone

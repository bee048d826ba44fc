"""Who the API lets in: a valid personal token or a browser session; anonymous, wrong, expired and revoked tokens
are 401 with the Vietnamese error body; the token page creates (shown once, stored hashed) and revokes."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from accounts.tokens import token_create, token_revoke, token_user

pytestmark = pytest.mark.django_db


def _body(response):
    data = response.json()
    assert set(data) >= {"status", "code", "message"} and data["status"] == response.status_code
    return data


def test_anonymous_is_401_with_the_error_body(client, tree):
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    data = _body(response)
    assert data["code"] == "not_authenticated" and "Bearer" in data["message"] and "Đăng nhập" in data["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer td_nothing_here", "Bearer", "Bearer a b", "Bearer td_abc", "Bearer " + "x" * 300, "Bearer td__x"],
)
def test_a_wrong_token_is_401(client, tree, header):
    response = client.get("/api/v1/units/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert _body(response)["code"] == "not_authenticated"


def test_a_valid_token_acts_as_its_user(api, tree, people):
    response = api(people.officer).get("/api/v1/units/")
    assert response.status_code == 200
    assert {u["name"] for u in response.json()["results"]} == {"Xã Cao Lâu", "Thôn Khòn Khuyên"}
    assert ApiToken.objects.get(user=people.officer).last_used is not None


def test_an_expired_token_is_401(api, tree, people):
    client = api(people.officer)
    ApiToken.objects.filter(user=people.officer).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    assert "hết hạn" in _body(response)["message"]


def test_a_revoked_token_is_401_and_an_inactive_user_too(api, tree, people):
    client = api(people.officer)
    assert client.get("/api/v1/units/").status_code == 200
    token_revoke(token=ApiToken.objects.get(user=people.officer))
    assert client.get("/api/v1/units/").status_code == 401
    other = api(people.leader)
    people.leader.is_active = False
    people.leader.save()
    assert other.get("/api/v1/units/").status_code == 401


def test_only_the_hash_is_stored(tree, people):
    row, secret = token_create(user=people.officer, name="bảng điều khiển")
    stored = ApiToken.objects.get(pk=row.pk)
    assert secret not in {stored.prefix, stored.digest, stored.name}
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(f"td_{stored.prefix}_")
    assert token_user(secret) == (people.officer, stored)
    assert token_user(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None


def test_token_dates_and_names_are_checked(tree, people):
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        token_create(user=people.officer, name=" ", expires_on=today)
    assert set(error.value.message_dict) == {"name", "expires_on"}
    with pytest.raises(ValidationError, match="366"):
        token_create(user=people.officer, name="x", expires_on=today + datetime.timedelta(days=400))


def test_the_session_of_the_browser_works_too(client, tree, people):
    client.force_login(people.reviewer)
    response = client.get("/api/v1/units/")
    assert response.status_code == 200 and response.json()["count"] == 4


def test_the_token_page_creates_once_and_revokes(client, tree, people):
    client.force_login(people.officer)
    url = reverse("api_tokens")
    page = client.get(url)
    assert page.status_code == 200 and "Mã API" in page.content.decode()
    response = client.post(url, {"name": "Bảng điều khiển tỉnh", "expires_on": ""})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    row = ApiToken.objects.get(user=people.officer)
    html = response.content.decode()
    secret = html.split('id="new-token"')[1].split("<code", 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert token_user(secret)[0] == people.officer
    assert row.expires_on == timezone.localdate() + datetime.timedelta(days=90)
    assert secret not in client.get(url).content.decode()  # shown once
    # bad input: a 400 with the field marked, nothing created
    assert client.post(url, {"name": "", "expires_on": "31/12/1999"}).status_code == 400
    assert ApiToken.objects.filter(user=people.officer).count() == 1
    # another user's token is 404; one's own is revoked
    client.force_login(people.leader)
    assert client.post(reverse("api_token_revoke", kwargs={"pk": row.pk})).status_code == 404
    client.force_login(people.officer)
    assert client.post(reverse("api_token_revoke", kwargs={"pk": row.pk})).status_code == 302
    assert token_user(secret) is None


def test_throttled_per_token(api, tree, people, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings

    from api.throttling import TokenRateThrottle

    cache.clear()
    old = TokenRateThrottle.THROTTLE_RATES
    TokenRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "api_token": "3/hour"}
    try:
        first, second = api(people.officer), api(people.officer)
        assert [first.get("/api/v1/units/").status_code for _ in range(3)] == [200, 200, 200]
        refused = first.get("/api/v1/units/")
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        assert _body(refused)["code"] == "throttled" and "thử lại" in refused.json()["message"]
        assert second.get("/api/v1/units/").status_code == 200  # another token has its own budget
    finally:
        TokenRateThrottle.THROTTLE_RATES = old
        cache.clear()


def test_the_admin_lists_tokens_without_secrets_and_revokes(client, tree, people):
    row, secret = token_create(user=people.officer, name="bảng điều khiển")
    client.force_login(people.superuser)
    listing = client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200 and row.prefix in listing.content.decode()
    page = client.get(f"/admin/accounts/apitoken/{row.pk}/change/").content.decode()
    assert secret not in page and row.digest not in page
    client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [row.pk]})
    assert token_user(secret) is None

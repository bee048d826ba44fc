import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, Role, User
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"http://[^\s]+/accounts/password/reset/[^\s]+/")


@pytest.mark.smoke
def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Đăng nhập" in text and "Tên đăng nhập" in text and "Quên mật khẩu?" in text
    assert '<html lang="vi">' in text


@pytest.mark.smoke
def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in response.content.decode()


def test_login_and_logout(client, people):
    response = client.post(reverse("login"), {"username": "canbo.caolau", "password": "Mat-khau-123"})
    assert response.status_code == 302
    assert "Xã Cao Lâu" in client.get(reverse("home")).content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_failed_logins_are_throttled(client, people):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "canbo.caolau", "password": "sai"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    # Even the right password is refused while the lock lasts.
    response = client.post(reverse("login"), {"username": "canbo.caolau", "password": "Mat-khau-123"})
    assert response.status_code == 429


@pytest.mark.smoke
def test_a_request_the_server_refuses_gets_a_vietnamese_400_page(client, settings):
    """Too many fields (Django's DATA_UPLOAD_MAX_NUMBER_FIELDS) and an unknown host: refused before any view runs, with
    the Vietnamese page, not Django's English one."""
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    for response in (
        client.post(reverse("login"), fields),
        client.get(reverse("login"), HTTP_HOST="evil.example.com"),
    ):
        text = response.content.decode()
        assert response.status_code == 400
        assert "Không xử lý được yêu cầu" in text and "Yêu cầu này chưa lưu gì" in text
        assert '<html lang="vi">' in text


def test_wrong_password_message_is_vietnamese(client, people):
    response = client.post(reverse("login"), {"username": "canbo.caolau", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def _reset_and_follow(client, body: str):
    link = RESET_LINK.search(body).group(0)
    path = link.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1:8000" in link else "/" + link.split("/", 3)[3]
    response = client.get(path, follow=True)
    assert "Đặt mật khẩu mới" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Mới-Mật-Khẩu-2024", "new_password2": "Mới-Mật-Khẩu-2024"})
    assert response.status_code == 302


def test_password_reset_mail_is_sent_by_the_task(client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": people.officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people.officer.email]
    assert message.subject == "Đặt mật khẩu mới cho hệ thống Thi đua"
    assert "Tên đăng nhập của bạn: canbo.caolau" in message.body
    _reset_and_follow(client, message.body)
    people.officer.refresh_from_db()
    assert people.officer.check_password("Mới-Mật-Khẩu-2024")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.vn"})
    assert response.status_code == 302 and mail.outbox == []


@pytest.mark.worker
def test_password_reset_mail_through_redis_and_a_real_worker(client, people, celery_worker):
    response = client.post(reverse("password_reset"), {"email": people.officer.email})
    assert response.status_code == 302
    deadline = time.monotonic() + 30
    while not (celery_worker.mail_dir.exists() and any(celery_worker.mail_dir.iterdir())):
        assert time.monotonic() < deadline, celery_worker.log.read_text()[-2000:]
        time.sleep(0.2)
    (sent,) = list(celery_worker.mail_dir.iterdir())
    body = sent.read_text()
    assert "canbo.caolau" in body
    assert "succeeded" in celery_worker.log.read_text()
    _reset_and_follow(client, body)
    people.officer.refresh_from_db()
    assert people.officer.check_password("Mới-Mật-Khẩu-2024")


# ------------------------------------------------------------------ scope_paths, worked out once per request


def test_scope_paths_are_worked_out_once_per_action_in_a_request(client, tree, people, monkeypatch):
    """A page asks for the user's subtrees at every scoped query; they are computed once per action for the
    request's user object, and the next request (a new user object) sees a role given in between."""
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị", participants=[tree.cao_lau, tree.thach_dan])
    asked, computed = [], []
    scope_paths, compute = User.scope_paths, User._scope_paths
    monkeypatch.setattr(
        User, "scope_paths", lambda self, action=None: asked.append(action) or scope_paths(self, action)
    )
    monkeypatch.setattr(
        User, "_scope_paths", staticmethod(lambda m, action: computed.append(action) or compute(m, action))
    )
    client.force_login(people.reviewer)
    assert client.get(reverse("assignment_grid", kwargs={"pk": campaign.pk})).status_code == 200
    assert len(asked) > len(computed) == len(set(computed)) > 0

    hiep_hoa = reverse("unit_detail", kwargs={"pk": tree.hiep_hoa.pk})
    assert client.get(hiep_hoa).status_code == 404
    Membership.objects.create(user=people.reviewer, unit=tree.hiep_hoa, role=Role.REVIEWER)
    assert client.get(hiep_hoa).status_code == 200


def test_scope_paths_follow_the_memberships_list(tree, people):
    user = people.reviewer
    assert user.scope_paths() == [tree.cao_loc.path]
    Membership.objects.create(user=user, unit=tree.hiep_hoa, role=Role.REVIEWER)
    assert user.scope_paths() == [tree.cao_loc.path]  # the memberships of this user object are kept
    del user.memberships_list  # dropped: worked out again
    assert user.scope_paths() == sorted([tree.cao_loc.path, tree.hiep_hoa.path])
    assert user.scope_paths("report.review") == sorted([tree.cao_loc.path, tree.hiep_hoa.path])

"""Many people pressing the same button at the same moment, against a live server with real concurrent connections
(PostgreSQL, or the embedded SQLite file as `make run` serves it): no server error, nothing lost or written twice,
and everyone who lost the race is told so in Vietnamese.

CI runs these on PostgreSQL (the main run) and on SQLite (`-m "smoke or load"`)."""

import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignStatus
from documents import issuing
from documents.issuing import ERR_NOT_DRAFT
from documents.models import IssuedDocument, Register
from targets import services as target_services
from targets.models import Figure, Target
from tests.campaigns.factories import make_campaign

pytestmark = [pytest.mark.load, pytest.mark.django_db(transaction=True)]

PARALLEL = 50
CONFLICT_WORDS = "trong khi bạn đang"  # "while you were …": in every conflict message


class Browser:
    """One logged-in user's cookies, for a plain HTTP client that really opens a connection per request."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.base = live_server.url
        self.csrf = secrets.token_hex(16)  # an unmasked 32-character secret: Django accepts it as cookie and token
        self.cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def race(post, payloads) -> list[tuple[int, str]]:
    """Every payload posted at once: the threads wait at a barrier, then all send."""
    barrier = threading.Barrier(len(payloads))

    def one(payload):
        barrier.wait()
        return post(payload)

    with ThreadPoolExecutor(max_workers=len(payloads)) as pool:
        return list(pool.map(one, payloads))


def _statuses(results):
    return sorted(status for status, _body in results)


def test_parallel_saves_of_one_target_grid(live_server, tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.cao_lau, tree.thach_dan])
    figure = Figure.objects.filter(indicator__section__campaign=campaign).order_by("indicator__position").first()
    target_services.targets_assign_save(
        campaign=campaign, user=None, cells=[target_services.CellInput(figure.pk, tree.cao_lau.pk, Decimal(600))]
    )
    version = Target.objects.get(figure=figure, unit=tree.cao_lau).version
    officer = Browser(live_server, people.officer)
    path = reverse("target_grid", kwargs={"pk": campaign.pk, "unit_pk": tree.cao_lau.pk})
    payloads = [{f"reg-{figure.pk}": str(700 + i), f"ver-{figure.pk}": str(version)} for i in range(PARALLEL)]

    results = race(lambda payload: officer.post(path, payload), payloads)

    statuses = _statuses(results)
    assert [s for s in statuses if s >= 500] == [], [b[-2000:] for s, b in results if s >= 500][:1]
    assert statuses.count(302) == 1, statuses  # one save won
    assert statuses.count(409) == PARALLEL - 1, statuses  # every other one was told someone saved first
    assert all(CONFLICT_WORDS in body for status, body in results if status == 409)
    target = Target.objects.get(figure=figure, unit=tree.cao_lau)
    assert target.version == version + 1  # written once
    winner = next(p for p, (status, _b) in zip(payloads, results, strict=True) if status == 302)
    assert target.registered_value == Decimal(winner[f"reg-{figure.pk}"])  # and what was written is the winner's


def test_parallel_issues_of_one_draft(live_server, tree, people):
    year = timezone.localdate().year
    issuing.register_open(unit=tree.cao_lau, year=year, user=people.clerk, last_number=7)
    draft = make_campaign(tree.cao_lau, title="Kế hoạch thi đua", status="draft", number=None, year=year)
    clerk = Browser(live_server, people.clerk)
    path = reverse("campaign_issue", kwargs={"pk": draft.pk})

    results = race(lambda payload: clerk.post(path, payload), [{"version": str(draft.version)}] * PARALLEL)

    statuses = _statuses(results)
    assert [s for s in statuses if s >= 500] == [], [b[-2000:] for s, b in results if s >= 500][:1]
    assert statuses.count(302) == 1, statuses
    # The others: either they read the draft before it was issued and were refused under the row lock (400: "already
    # issued", or the version conflict), or after, and there is no draft left to issue (404).
    assert set(statuses) <= {302, 400, 404}, statuses
    refused = [body for status, body in results if status == 400]
    with translation.override("vi"):
        told = (_(ERR_NOT_DRAFT), CONFLICT_WORDS)
    assert all(any(words in body for words in told) for body in refused), [b[b.find("alert") :][:600] for b in refused]
    assert IssuedDocument.objects.filter(unit=tree.cao_lau).count() == 1  # one document, one number
    assert Register.objects.get(unit=tree.cao_lau, year=year).last_number == 8
    assert Campaign.objects.get(pk=draft.pk).status == CampaignStatus.ISSUED

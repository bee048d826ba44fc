"""Many people pressing the same button at the same moment, against a live server with real concurrent connections
(PostgreSQL, or the embedded SQLite file as `make run` serves it): no server error, nothing lost or written twice,
and everyone who lost the race is told so in Vietnamese.

CI runs these on PostgreSQL (the main run) and on SQLite (`-m "smoke or load"`)."""

import datetime
import html
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from http.cookies import SimpleCookie

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignStatus
from documents import issuing
from documents.issuing import ERR_NOT_DRAFT
from documents.models import IssuedDocument, Register
from nominations import services as nomination_services
from nominations.models import Ballot, Nomination, NominationStatus
from notices.models import Notice
from notices.services import reviewers_above
from reports import services as report_services
from reports.models import PeriodKind, Report, ReportAction, ReportEvent, ReportStatus
from targets import services as target_services
from targets.models import Figure, Target
from tests.campaigns.factories import make_campaign
from units.versioning import ERR_CONFLICT

pytestmark = [pytest.mark.load, pytest.mark.django_db(transaction=True)]

PARALLEL = 50
CONFLICT_WORDS = "sau khi bạn mở trang này"  # "after you opened this page": in every conflict message


class Browser:
    """One logged-in user's cookies, for a plain HTTP client that really opens a connection per request."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.base = live_server.url
        self.csrf = secrets.token_hex(16)  # an unmasked 32-character secret: Django accepts it as cookie and token
        self.cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"

    def post(self, path: str, data: dict, *, follow: bool = False) -> tuple[int, str]:
        """The status and the page. With ``follow``, a redirect's page is the one it leads to, opened with the
        messages cookie it set (what a browser shows next: "sent", or why not); the status stays the redirect's."""
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        status, headers, page = self._open(path, body)
        if follow and status in (301, 302, 303):
            cookies = SimpleCookie()
            for header in headers.get_all("Set-Cookie") or ():
                cookies.load(header)
            extra = "".join(f"; {name}={morsel.value}" for name, morsel in cookies.items() if morsel.value)
            _status, _headers, page = self._open(headers["Location"], None, extra)
        return status, page

    def _open(self, path: str, body: bytes | None, extra_cookies: str = ""):
        request = urllib.request.Request(
            urllib.parse.urljoin(self.base, path),
            data=body,
            headers={"Cookie": self.cookie + extra_cookies, "Content-Type": "application/x-www-form-urlencoded"},
            method="GET" if body is None else "POST",
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=120) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


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


def _says(body: str, msgid: str) -> bool:
    """The page shows the Vietnamese text of ``msgid``: every fixed part of it around its %(…)s placeholders."""
    with translation.override("vi"):
        text = _(msgid)
    page = " ".join(html.unescape(body).split())
    return all(" ".join(part.split()) in page for part in re.split(r"%\(\w+\)s", text) if part.strip())


def _alerts(bodies) -> list[str]:
    """The message boxes of a few pages, for an assertion's report."""
    return [body[body.find('role="alert"') :][:600] for body in bodies][:3]


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


def test_parallel_submits_of_one_report(live_server, tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    period = report_services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(timezone.localdate(), datetime.date(2024, 6, 30)),
    )
    officer = Browser(live_server, people.officer)
    path = reverse("report_detail", kwargs={"period_pk": period.pk, "unit_pk": tree.cao_lau.pk})
    # The report was never opened before: its row is created by the first save, at version 1, as the page shows.
    payloads = [
        {
            "action": "submit",
            "version": "1",
            **{f"value_{f.pk}": str(1200 + i) for f in figures},
            "results": f"Hoàn thành các chỉ tiêu (lần gửi {i}).",
        }
        for i in range(PARALLEL)
    ]

    results = race(lambda payload: officer.post(path, payload), payloads)

    statuses = _statuses(results)
    assert [s for s in statuses if s >= 500] == [], [b[-2000:] for s, b in results if s >= 500][:1]
    assert statuses.count(302) == 1, statuses  # one submission
    assert statuses.count(409) == PARALLEL - 1, statuses  # the others: someone changed the report first
    losers = [body for status, body in results if status == 409]
    assert all(_says(body, ERR_CONFLICT) for body in losers), _alerts(losers)
    report = Report.objects.get(period=period, unit=tree.cao_lau)  # one report
    assert report.status == ReportStatus.SUBMITTED
    assert report.version == 3  # saved once, submitted once
    assert ReportEvent.objects.filter(report=report, action=ReportAction.SUBMIT).count() == 1
    assert Notice.objects.count() == len(reviewers_above(tree.cao_lau))  # the reviewers told once
    winner = next(p for p, (status, _b) in zip(payloads, results, strict=True) if status == 302)
    assert report.results == winner["results"]
    assert {v.value for v in report.values.all()} == {Decimal(winner[f"value_{figures[0].pk}"])}


def _submitted_nomination(tree, people):
    """Xã Cao Lâu's officer nominates one person rated good last year for Lao động tiên tiến (eligible)."""
    from awards.models import AwardType
    from people import services as register

    year = timezone.localdate().year - 1
    person = register.person_create(unit=tree.cao_lau, full_name="Nông Văn Tuấn")
    register.rating_set(subject=person, year=year, rating="good")
    return nomination_services.nomination_create(
        unit=tree.cao_lau, user=people.officer, year=year, award_type=AwardType.objects.get(code="ldtt"), person=person
    )


def test_parallel_submits_of_one_nomination(live_server, tree, people):
    nomination = _submitted_nomination(tree, people)
    before = nomination.history.count()
    officer = Browser(live_server, people.officer)
    path = reverse("nomination_submit", kwargs={"pk": nomination.pk})

    results = race(
        lambda payload: officer.post(path, payload, follow=True), [{"version": str(nomination.version)}] * PARALLEL
    )

    statuses = _statuses(results)
    assert [s for s in statuses if s >= 500] == [], [b[-2000:] for s, b in results if s >= 500][:1]
    assert set(statuses) == {302}, statuses  # back to the nomination's page, with a message
    with translation.override("vi"):
        sent = _("The nomination was sent to the council.")
    winners = [body for _s, body in results if sent in body]
    losers = [body for _s, body in results if sent not in body]
    assert len(winners) == 1, len(winners)
    assert all(_says(body, ERR_CONFLICT) for body in losers), _alerts(losers)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.history.count() == before + 1  # one change, in the history once


def test_parallel_records_of_one_ballot(live_server, tree, people):
    nomination = _submitted_nomination(tree, people)
    nomination = nomination_services.nomination_submit(
        nomination=nomination, user=people.officer, expected_version=nomination.version
    )
    session = nomination_services.session_create(
        unit=tree.cao_lau, user=people.council, year=nomination.year, title="Phiên họp", held_on=timezone.localdate()
    )
    for name, role in (("Lương Thị Nga", "chair"), ("Hoàng Văn Thư", "secretary"), ("Vi Văn Ba", "member")):
        nomination_services.member_add(session=session, user=people.council, name=name, role=role)
    before = nomination.history.count()
    council = Browser(live_server, people.council)
    path = reverse("ballot_record", kwargs={"pk": session.pk, "nomination_pk": nomination.pk})
    # The session page's form: the votes and the version of the nomination the page was built from.
    payload = {"votes_for": "3", "votes_against": "0", "version": str(nomination.version)}

    results = race(lambda payload: council.post(path, payload, follow=True), [payload] * PARALLEL)

    statuses = _statuses(results)
    assert [s for s in statuses if s >= 500] == [], [b[-2000:] for s, b in results if s >= 500][:1]
    assert set(statuses) == {302}, statuses  # back to the session's page, with a message
    with translation.override("vi"):
        recorded = _("Votes recorded for “%(nomination)s”: %(result)s.").split("“")[0]
    winners = [body for _s, body in results if recorded in body]
    losers = [body for _s, body in results if recorded not in body]
    assert len(winners) == 1, len(winners)
    assert all(_says(body, ERR_CONFLICT) and _says(body, nomination_services.BALLOT_DETAIL) for body in losers), (
        _alerts(losers)
    )
    ballot = Ballot.objects.get(nomination=nomination)  # one ballot
    assert ballot.history.count() == 1  # written once
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PASSED
    assert nomination.history.count() == before + 1  # one status change
    assert Nomination.objects.filter(ballot__session=session).count() == 1

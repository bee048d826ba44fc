"""The API's fixtures: a district campaign with Cao Lâu and Thạch Đạn participating, an open period, and a token
for any of the people of tests/conftest.py."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tokens import token_create
from reports import services
from reports.models import PeriodKind
from targets.models import Figure
from tests.campaigns.factories import make_campaign


@pytest.fixture
def loop(tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    today = timezone.localdate()
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(today, datetime.date(2024, 6, 30)),
    )
    return campaign, period, figures


@pytest.fixture
def api():
    """An API client for a user: ``api(user)`` sends that user's new token in every request."""

    def make(user=None, **token):
        client = APIClient()
        if user is not None:
            _row, secret = token_create(user=user, name="thử", **token)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
            client.token = secret
        return client

    return make

"""The one lock-and-version helper (units.versioning) and the Versioned base: a stale version is refused naming who
saved the row and when, a current one is locked and returned, a save bumps the version."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from campaigns.models import Campaign
from targets.models import Figure, Target
from tests.campaigns.factories import make_campaign
from units.versioning import VersionConflict, lock_for_update, version_check

pytestmark = pytest.mark.django_db


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


@pytest.fixture
def target(tree, people):
    campaign = make_campaign(tree.cao_loc)
    figure = Figure.objects.filter(indicator__section__campaign=campaign).first()
    return Target.objects.create(figure=figure, unit=tree.cao_lau, registered_value=5, updated_by=people.leader)


def test_a_stale_version_is_refused_naming_who_saved_and_when(target, people):
    with translation.override("vi"), transaction.atomic(), pytest.raises(VersionConflict) as refused:
        lock_for_update(Target, target.pk, target.version - 1)
    assert isinstance(refused.value, ValidationError) and refused.value.code == "conflict"
    assert refused.value.messages == [
        f"Không lưu được: {people.leader.get_full_name()} đã lưu {Target._meta.verbose_name} này lúc "
        f"{_when(target.updated)}, sau khi bạn mở trang này. Hãy tải lại trang để xem những gì họ đã lưu, rồi thực "
        "hiện lại thay đổi của bạn."
    ]


def test_the_current_version_is_locked_and_a_save_bumps_it(target):
    with transaction.atomic():
        locked = lock_for_update(Target, target.pk, target.version, related=("unit",))
        locked.registered_value = 7
        locked.bump(update_fields=["registered_value"])
    target.refresh_from_db()
    assert (target.version, target.registered_value) == (2, 7)
    with pytest.raises(VersionConflict):
        version_check(target, 1)
    version_check(target, None)  # no version from the page: nothing to compare


def test_without_updated_by_the_history_says_who_and_a_check_comes_first(tree, people):
    campaign = make_campaign(tree.cao_loc)
    campaign._history_user = people.officer
    campaign.bump()
    last = campaign.history.order_by("-history_date").first()

    with translation.override("vi"), pytest.raises(VersionConflict) as refused:
        lock_for_update(Campaign, campaign.pk, 1)
    assert refused.value.messages[0].startswith(
        f"Không lưu được: {people.officer.get_full_name()} đã lưu phong trào thi đua này lúc {_when(last.history_date)}"
    )

    def refuse(row):
        raise ValidationError("issued", code="not_draft")

    with pytest.raises(ValidationError) as refused:
        lock_for_update(Campaign, campaign.pk, 1, check=refuse)
    assert refused.value.code == "not_draft"

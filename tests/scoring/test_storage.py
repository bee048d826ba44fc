"""Scoring evidence kept by a storage with no path on disk (as S3; tests/storage.py): saved with the scores,
downloaded from the storage to whoever sees that member's scores, 404 to the others and when the storage lost it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from scoring import services
from scoring.models import ScoreEntry, StageKind
from tests.scoring.factories import (
    PDF,
    campaign_for,
    close_all_before,
    cluster_with,
    pdf_upload,
    period_for,
    report,
    standard_criteria,
)

pytestmark = pytest.mark.django_db


def test_scoring_evidence_through_the_storage(client, memory_storage, tree, people):
    members = [tree.cao_lau, tree.thach_dan]
    cluster = cluster_with(tree.cao_loc, members)
    campaign, figures = campaign_for(cluster, members)
    period = period_for(campaign)
    sheet = services.sheet_create(cluster=cluster, campaign=campaign, period=period, title="B", user=people.reviewer)
    c = standard_criteria(sheet, people.reviewer, figures)
    close_all_before(sheet, StageKind.SELF, people.reviewer)
    report(period, tree.cao_lau, figures, ["1105", "1106"], officer=people.officer, reviewer=people.reviewer)
    services.entries_save(
        sheet=sheet,
        kind=StageKind.SELF,
        unit=tree.cao_lau,
        user=people.officer,
        items=[services.EntryInput(criterion_id=c.direct.pk, score=Decimal(7), evidence=(pdf_upload(),))],
    )
    (evidence,) = ScoreEntry.objects.get(criterion=c.direct).evidence.all()
    assert evidence.file.name.startswith("scoring/") and memory_storage.open(evidence.file.name).read() == PDF

    url = reverse("scoring_evidence", kwargs={"pk": evidence.pk})
    client.force_login(people.reviewer)
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    client.force_login(people.other_reviewer)
    assert client.get(url).status_code == 404
    client.force_login(people.reviewer)
    memory_storage.delete(evidence.file.name)
    assert client.get(url).status_code == 404

"""Migration 0002_semantics on data of 0001: each sheet gets its cluster's organiser, and each entry's single evidence
file becomes its first EntryEvidence, still the same stored file, name, type and checksum."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("scoring", "0001_sheets_stages_proposals")]
AFTER = [("scoring", "0002_semantics")]


@pytest.mark.django_db(transaction=True)
def test_the_old_single_evidence_file_is_kept_as_the_first_of_the_entry(tree, people):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        Cluster = apps.get_model("units", "Cluster")
        Campaign = apps.get_model("campaigns", "Campaign")
        ScoreSheet = apps.get_model("scoring", "ScoreSheet")
        ScoreStage = apps.get_model("scoring", "ScoreStage")
        Criterion = apps.get_model("scoring", "Criterion")
        ScoreEntry = apps.get_model("scoring", "ScoreEntry")
        from tests.campaigns.factories import make_campaign

        campaign_id = make_campaign(tree.cao_loc, title="Chỉ thị").pk
        cluster = Cluster.objects.create(year=2024, name="Cụm 1", organiser_id=tree.cao_loc.pk)
        sheet = ScoreSheet.objects.create(cluster=cluster, campaign=Campaign.objects.get(pk=campaign_id), title="B")
        stage = ScoreStage.objects.create(sheet=sheet, kind="self")
        criterion = Criterion.objects.create(sheet=sheet, heading="Chỉ đạo", kind="direct", max_points=10)
        common = {"stage": stage, "criterion": criterion, "score": 7, "version": 1}
        with_file = ScoreEntry.objects.create(
            unit_id=tree.cao_lau.pk,
            evidence="scoring/2024/12/abc.pdf",
            evidence_name="Biên bản.pdf",
            evidence_size=321,
            evidence_type="application/pdf",
            evidence_sha256="f" * 64,
            updated_by_id=people.officer.pk,
            **common,
        )
        without = ScoreEntry.objects.create(unit_id=tree.thach_dan.pk, **common)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
    from scoring.models import EntryEvidence, ScoreEntry, ScoreSheet

    assert ScoreSheet.objects.get(pk=sheet.pk).organiser_id == tree.cao_loc.pk
    (evidence,) = EntryEvidence.objects.all()
    assert evidence.entry_id == with_file.pk and evidence.file.name == "scoring/2024/12/abc.pdf"
    assert (evidence.name, evidence.size, evidence.content_type) == ("Biên bản.pdf", 321, "application/pdf")
    assert evidence.sha256 == "f" * 64 and evidence.added_by_id == people.officer.pk
    assert not ScoreEntry.objects.get(pk=without.pk).evidence.exists()

"""Evidence files kept by a storage that has no path on disk (InMemoryStorage, as S3): uploaded through the page,
downloaded from the storage with the same checks (a sibling gets 404), deleted from the storage after the commit,
and a file the storage lost is 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import Evidence, PeriodKind
from tests.campaigns.factories import make_campaign
from tests.reports.test_evidence import pdf_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(tree, people):
    """Cao Lâu's draft report in Huyện Cao Lộc's campaign, due in the future."""
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    return services.report_for(period=period, unit=tree.cao_lau)


def stored_names(storage, folder="") -> list[str]:
    """Every file the storage holds, by name."""
    dirs, files = storage.listdir(folder)
    names = [f"{folder}/{name}".lstrip("/") for name in files]
    for sub in dirs:
        names += stored_names(storage, f"{folder}/{sub}".lstrip("/"))
    return sorted(names)


def test_evidence_is_uploaded_downloaded_and_deleted_through_the_storage(
    client, memory_storage, report, people, django_capture_on_commit_callbacks
):
    content = pdf_bytes()
    client.force_login(people.officer)
    response = client.post(
        reverse("evidence_upload", kwargs={"pk": report.pk}),
        {"file": SimpleUploadedFile("Biên bản.pdf", content)},
    )
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert stored_names(memory_storage) == [item.file.name] and item.file.name.startswith("evidence/")
    assert memory_storage.open(item.file.name).read() == content

    client.force_login(people.reviewer)  # the district reads the commune's evidence
    download = client.get(reverse("evidence_download", kwargs={"pk": item.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    client.force_login(people.sibling_officer)
    assert client.get(reverse("evidence_download", kwargs={"pk": item.pk})).status_code == 404

    client.force_login(people.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evidence_delete", kwargs={"pk": item.pk}))
    assert response.status_code == 302 and not Evidence.objects.exists() and stored_names(memory_storage) == []


def test_an_office_file_and_a_file_the_storage_lost(client, memory_storage, report, people):
    client.force_login(people.officer)
    client.post(
        reverse("evidence_upload", kwargs={"pk": report.pk}), {"file": SimpleUploadedFile("a.xlsx", xlsx_bytes())}
    )
    item = Evidence.objects.get()
    download = client.get(reverse("evidence_download", kwargs={"pk": item.pk}))
    assert download["Content-Type"] == "application/octet-stream"
    assert b"".join(download.streaming_content) == memory_storage.open(item.file.name).read()
    memory_storage.delete(item.file.name)
    assert client.get(reverse("evidence_download", kwargs={"pk": item.pk})).status_code == 404

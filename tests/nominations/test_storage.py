"""Dossier files kept by a storage with no path on disk (as S3; tests/storage.py): added through the page,
downloaded from the storage, 404 to a sibling, removed from the storage after the commit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations.models import DossierFile, DossierKind
from tests.nominations.conftest import nominate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_a_dossier_file_through_the_storage(
    client, memory_storage, register, users, awards, tree, django_capture_on_commit_callbacks
):
    nomination = nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)
    client.force_login(users.officer)
    response = client.post(
        reverse("dossier_upload", kwargs={"pk": nomination.pk}),
        {"kind": DossierKind.PROPOSAL, "file": SimpleUploadedFile("Tờ trình.pdf", PDF)},
    )
    assert response.status_code == 302
    item = DossierFile.objects.get()
    assert item.file.name.startswith("dossiers/") and memory_storage.open(item.file.name).read() == PDF
    download = client.get(reverse("dossier_download", kwargs={"pk": item.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    client.force_login(users.sibling_officer)
    assert client.get(reverse("dossier_download", kwargs={"pk": item.pk})).status_code == 404
    client.force_login(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dossier_delete", kwargs={"pk": item.pk}))
    assert response.status_code == 302 and not DossierFile.objects.exists()
    assert not memory_storage.exists(item.file.name)

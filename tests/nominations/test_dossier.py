"""The dossier files of a nomination (nominations.files, through uploads.files): the type from the contents, a
program renamed .pdf and a file over the limit refused with nothing left behind, downloads as attachments only, a
sibling's file 404, only the nominating unit's officers change it, and only while the nomination is a draft."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations import files, services
from nominations.models import DossierFile, DossierKind
from tests.nominations.conftest import error_codes, nominate
from uploads import files as uploads

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def nomination(register, users, awards, tree):
    return nominate(tree.cao_lau, users.officer, awards.cstdcs, person=register.hoa)


def test_a_pdf_is_kept_and_downloaded_as_an_attachment(client, nomination, users):
    item = files.dossier_add(
        nomination=nomination,
        user=users.officer,
        kind=DossierKind.PROPOSAL,
        upload=SimpleUploadedFile("Tờ trình.pdf", PDF, content_type="text/html"),
    )
    assert (item.name, item.content_type, item.size) == ("Tờ trình.pdf", "application/pdf", len(PDF))
    client.force_login(users.officer)
    response = client.get(reverse("dossier_download", kwargs={"pk": item.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_program_renamed_pdf_is_refused(nomination, users):
    program = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        files.dossier_add(nomination=nomination, user=users.officer, kind=DossierKind.PROOF, upload=program)
    assert error_codes(refused.value) == {"type"}
    assert "bao-cao.pdf" in " ".join(refused.value.messages)
    assert not DossierFile.objects.exists() and not stored_files()


def test_a_file_over_the_limit_is_refused(client, nomination, users, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", 50)
    with pytest.raises(ValidationError) as refused:
        files.dossier_add(
            nomination=nomination,
            user=users.officer,
            kind=DossierKind.PROOF,
            upload=SimpleUploadedFile("lon.pdf", PDF + b" " * 100),
        )
    assert error_codes(refused.value) == {"too_large"}
    # Through the page: the upload is dropped while it is received, the message says so.
    client.force_login(users.officer)
    response = client.post(
        reverse("dossier_upload", kwargs={"pk": nomination.pk}),
        {"kind": DossierKind.PROOF, "file": SimpleUploadedFile("lon.pdf", PDF + b" " * 100)},
        follow=True,
    )
    assert response.status_code == 200
    assert "lon.pdf" in response.content.decode()
    assert not DossierFile.objects.exists() and not stored_files()


def test_a_path_in_the_name_is_cleaned(nomination, users):
    item = files.dossier_add(
        nomination=nomination,
        user=users.officer,
        kind=DossierKind.MINUTES,
        upload=SimpleUploadedFile("../../etc/bien\u202eban.pdf", PDF),
    )
    assert "/" not in item.name and "\u202e" not in item.name and item.name.endswith(".pdf")


def test_a_siblings_file_is_not_found_and_other_roles_may_not_change_it(client, nomination, users):
    item = files.dossier_add(
        nomination=nomination,
        user=users.officer,
        kind=DossierKind.PROOF,
        upload=SimpleUploadedFile("minh-chung.pdf", PDF),
    )
    client.force_login(users.sibling_officer)
    assert client.get(reverse("dossier_download", kwargs={"pk": item.pk})).status_code == 404
    assert client.post(reverse("dossier_delete", kwargs={"pk": item.pk})).status_code == 404
    client.force_login(users.leader)  # in scope, without the role
    assert client.get(reverse("dossier_download", kwargs={"pk": item.pk})).status_code == 200
    assert client.post(reverse("dossier_delete", kwargs={"pk": item.pk})).status_code == 403
    upload = SimpleUploadedFile("khac.pdf", PDF)
    url = reverse("dossier_upload", kwargs={"pk": nomination.pk})
    assert client.post(url, {"kind": DossierKind.PROOF, "file": upload}).status_code == 403
    client.force_login(users.council)  # the district's council sees the dossiers of the communes under it
    assert client.get(reverse("dossier_download", kwargs={"pk": item.pk})).status_code == 200
    assert DossierFile.objects.count() == 1


def test_the_dossier_is_locked_once_submitted(nomination, users):
    services.nomination_submit(nomination=nomination, user=users.officer, expected_version=nomination.version)
    with pytest.raises(ValidationError) as refused:
        files.dossier_add(
            nomination=nomination,
            user=users.officer,
            kind=DossierKind.PROOF,
            upload=SimpleUploadedFile("muon.pdf", PDF),
        )
    assert error_codes(refused.value) == {"locked"}

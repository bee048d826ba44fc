"""The whole assignment grid of a large campaign is built by a worker (targets.exports): the download becomes a
page that waits for it and then gives the same workbook as the request would; a failure says why and can be
retried; another campaign's export is 404."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from documents.models import JobStatus
from targets import exports
from targets.excel import ASSIGN_SHEET, assignment_sheet_build
from targets.models import SheetExport
from targets.tasks import build_assignment_sheet
from tests.campaigns.factories import make_campaign
from tests.targets.test_assignment_grid import PER_PAGE, _communes

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(tree):
    return make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=_communes(tree.cao_loc, PER_PAGE + 5))


def _rows(content: bytes):
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content))[ASSIGN_SHEET].iter_rows()]


def test_a_small_grid_is_the_file_itself(client, big, people):
    client.force_login(people.reviewer)
    response = client.get(reverse("assignment_sheet", kwargs={"pk": big.pk}))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert not SheetExport.objects.exists()


def test_a_large_grid_is_built_by_the_worker_and_downloaded(
    client, big, people, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "IN_REQUEST_CELLS", exports.assignment_cells(big) - 1)
    client.force_login(people.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assignment_sheet", kwargs={"pk": big.pk}))
    export = SheetExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assignment_sheet_export", kwargs={"pk": big.pk, "export_id": export.pk})
    assert export.status == JobStatus.DONE  # eager here; a real worker in CI's PostgreSQL run
    page = client.get(response["Location"]).content.decode()
    assert "Tải bảng tính" in page and "?download=1" in page
    download = client.get(response["Location"] + "?download=1")
    assert download.status_code == 200
    assert _rows(b"".join(download.streaming_content)) == _rows(assignment_sheet_build(campaign=big))


def test_a_failed_build_says_why_and_is_retried(client, big, people, monkeypatch, django_capture_on_commit_callbacks):
    export = SheetExport.objects.create(campaign=big)

    def broken(**_kwargs):
        raise MemoryError("hết bộ nhớ")

    monkeypatch.setattr(exports, "assignment_sheet_build", broken)
    with pytest.raises(MemoryError):
        build_assignment_sheet.apply(args=[str(export.pk)], throw=True)
    export.refresh_from_db()
    assert export.status == JobStatus.FAILED and "hết bộ nhớ" in export.error
    client.force_login(people.reviewer)
    url = reverse("assignment_sheet_export", kwargs={"pk": big.pk, "export_id": export.pk})
    page = client.get(url).content.decode()
    assert "Không tạo được bảng tính" in page and "Thử lại" in page
    assert client.get(url + "?download=1").status_code == 404
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    export.refresh_from_db()
    assert export.status == JobStatus.DONE and export.error == ""


def test_the_export_belongs_to_its_campaign(client, big, people, tree):
    other = make_campaign(tree.cao_loc, title="Chỉ thị khác", participants=[tree.cao_lau])
    export = SheetExport.objects.create(campaign=big)
    client.force_login(people.reviewer)
    assert (
        client.get(reverse("assignment_sheet_export", kwargs={"pk": other.pk, "export_id": export.pk})).status_code
        == 404
    )
    client.force_login(people.other_reviewer)
    assert (
        client.get(reverse("assignment_sheet_export", kwargs={"pk": big.pk, "export_id": export.pk})).status_code == 404
    )

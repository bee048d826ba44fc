"""What printing the certificates of a large award decision costs: ``--count`` certificates (default 1,000) in ONE
job, against the same certificates rendered one at a time, in the same run.

In a throw-away test database (created here, destroyed at the end; the developer's database and media are never
touched), with the award catalogue: a commune, ``--count`` people, and an issued decision giving each of them
"Lao động tiên tiến" (entries made directly, without nominations: the certificates read only the entries), and its
issued copy: the signer's signature image and the commune's seal, which every certificate prints with the decision's
QR code.

- one job: ``document_job_run`` on a fresh "certificates" job, the whole path a worker runs (the HTML of every page
  for the content hash, then awards.printing.certificates_pdf: chunks of CERTIFICATE_CHUNK pages rendered with one
  font configuration and joined with pyHanko, the progress written after each chunk, the PDF stored);
- one at a time: for each recipient, the HTML of its one certificate and ``documents.rendering.html_to_pdf`` (a
  fresh FontConfiguration each time, as any single document is printed), the PDF kept in memory only.

Each side runs in a forked child process of its own, so that its peak memory is its own: the RSS high-water mark
(``ru_maxrss``) of the child, and its growth over the RSS the child started with (the parent's, at the fork). The
pages of the job's PDF are counted with PDFium.

    .venv/bin/python benchmarks/certificates.py               # SQLite (DATABASE_URL unset), a temporary file
    .venv/bin/python benchmarks/certificates.py --count 200
"""

import argparse
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import pypdfium2  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks._scratch import scratch_database  # noqa: E402

MIB = 1024 * 1024
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


def make_decision(count: int):
    """An issued decision of Xã Cao Lâu giving LĐTT 2024 to ``count`` people."""
    from awards.catalogue import catalogue_ensure
    from awards.models import AwardType, Decision, DecisionEntry, DecisionStatus
    from people.models import Person
    from units.models import Edition, Unit, UnitKind, UnitType

    catalogue_ensure()
    province = Unit.objects.add_root(
        {
            "edition": Edition.E2025_01,
            "code": "20",
            "kind": UnitKind.PROVINCE,
            "unit_type": UnitType.TINH,
            "name": "Tỉnh Lạng Sơn",
            "short_name": "Lạng Sơn",
        }
    )
    commune = Unit.objects.add_child(
        province,
        {
            "edition": Edition.E2025_01,
            "code": "06196",
            "kind": UnitKind.COMMUNE,
            "unit_type": UnitType.XA,
            "name": "Xã Cao Lâu",
            "short_name": "Cao Lâu",
        },
    )
    ldtt = AwardType.objects.get(code="ldtt")
    surnames = ("Nguyễn Thị", "Hoàng Văn", "Lý Thị", "Đinh Văn", "Vi Văn", "Nông Thị Thu")
    people = Person.objects.bulk_create(
        Person(unit=commune, full_name=f"{surnames[i % len(surnames)]} Người Số {i + 1}", position="Công chức")
        for i in range(count)
    )
    decision = Decision.objects.create(
        unit=commune,
        year=2024,
        parent_body="UBND TỈNH LẠNG SƠN",
        issuing_body="ỦY BAN NHÂN DÂN XÃ CAO LÂU",
        place="Cao Lâu",
        title="Về việc tặng danh hiệu “Lao động tiên tiến” năm 2024",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CAO LÂU",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        proposer="Chủ tịch Hội đồng Thi đua - Khen thưởng xã Cao Lâu",
        signer_title="CHỦ TỊCH",
        signer_name="Hoàng Văn Nam",
        status=DecisionStatus.ISSUED,
        number=5,
        issued_on=timezone.localdate(),
    )
    DecisionEntry.objects.bulk_create(
        DecisionEntry(
            decision=decision,
            award_type=ldtt,
            person=person,
            name=person.full_name,
            description="Công chức Văn phòng - Thống kê, Ủy ban nhân dân xã Cao Lâu",
            amount=710_000,
            position=i,
        )
        for i, person in enumerate(people, 1)
    )
    _issued_copy(decision)
    return decision


def _issued_copy(decision) -> None:
    """What an issue through documents.issuing leaves and the certificates read: the IssuedDocument naming the
    signer, the signer's signature image, the unit's seal."""
    from django.core.files.base import ContentFile

    from accounts.models import User
    from documents.demo import seal_png, signature_png
    from documents.issuing import new_code
    from documents.models import IssuedDocument, Register, SignatureImage, UnitSigning

    signer = User.objects.create(username="lanhdao.caolau", full_name=decision.signer_name)
    image = SignatureImage(user=signer)
    image.image.save("chu-ky.png", ContentFile(signature_png(name=decision.signer_name)), save=True)
    signing = UnitSigning(unit=decision.unit)
    signing.seal.save(
        "dau.png", ContentFile(seal_png(top="ỦY BAN NHÂN DÂN XÃ CAO LÂU", bottom="T. LẠNG SƠN")), save=True
    )
    register = Register.objects.create(unit=decision.unit, year=decision.issued_on.year, last_number=decision.number)
    IssuedDocument.objects.create(
        code=new_code(),
        subject=decision,
        unit=decision.unit,
        register=register,
        number=decision.number,
        reference=decision.reference,
        doc_type=decision.DOC_TYPE,
        title=decision.title,
        issuing_body=decision.issuing_body,
        issued_on=decision.issued_on,
        version=decision.version,
        signer=signer,
        signer_name=decision.signer_name,
        signer_title=decision.signer_title,
        html="",
    )


def _child(function, args, queue):
    connection.close()  # the parent's connection is not shared with a child
    start_rss = current_rss()
    start = time.perf_counter()
    result = function(*args)
    queue.put({"elapsed": time.perf_counter() - start, "peak": peak_rss(), "start_rss": start_rss, **result})


def in_child(function, *args) -> dict:
    """Run ``function(*args)`` in a forked process; its figures and its own peak RSS."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    connection.close()
    process = context.Process(target=_child, args=(function, args, queue))
    process.start()
    result = queue.get()
    process.join()
    assert process.exitcode == 0, process.exitcode
    return result


def one_job(decision_pk: int) -> dict:
    from awards.models import Decision
    from documents.models import DocumentJob, JobStatus
    from documents.services import document_job_run

    decision = Decision.objects.get(pk=decision_pk)
    job = DocumentJob.objects.create(
        content_type=ContentType.objects.get_for_model(decision), object_id=decision.pk, kind="certificates"
    )
    job = document_job_run(job_id=job.pk)
    assert job.status == JobStatus.DONE and job.progress == 100, (job.status, job.error)
    with job.result.file.open("rb") as file:
        data = file.read()
    pdf = pypdfium2.PdfDocument(data)
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    return {"pages": pages, "bytes": len(data), "stored_pages": job.result.pages}


def one_at_a_time(decision_pk: int) -> dict:
    from awards.models import Decision
    from awards.printing import render_certificates_html
    from documents.rendering import html_to_pdf

    decision = Decision.objects.get(pk=decision_pk)
    entries = list(decision.entries.select_related("award_type", "nomination").order_by("position"))
    total = 0
    for entry in entries:
        total += len(html_to_pdf(render_certificates_html(decision=decision, entries=[entry])))
    return {"pages": len(entries), "bytes": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    from awards.printing import CERTIFICATE_CHUNK

    with scratch_database("certificates"):
        decision = make_decision(args.count)
        print(f"database: {connection.vendor}; {args.count} certificates, chunks of {CERTIFICATE_CHUNK} pages")
        print(f"parent RSS before the runs: {current_rss() / MIB:.0f} MiB")
        batch = in_child(one_job, decision.pk)
        single = in_child(one_at_a_time, decision.pk)
        assert batch["pages"] == batch["stored_pages"] == args.count, batch
        for name, figures in (("one job", batch), ("one at a time", single)):
            print(
                f"{name:>14}: {figures['elapsed']:7.1f} s  {figures['elapsed'] / args.count * 1000:6.1f} ms/page  "
                f"peak RSS {figures['peak'] / MIB:6.0f} MiB (+{(figures['peak'] - figures['start_rss']) / MIB:.0f} "
                f"MiB over the start)  {figures['pages']} pages  {figures['bytes'] / 1024:.0f} KiB of PDF"
            )
        print(
            f"ratio one job / one at a time: time {batch['elapsed'] / single['elapsed']:.2f}, "
            f"peak RSS {batch['peak'] / single['peak']:.2f}, "
            f"growth {(batch['peak'] - batch['start_rss']) / max(1, single['peak'] - single['start_rss']):.2f}"
        )


if __name__ == "__main__":
    main()

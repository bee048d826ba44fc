"""What printing a campaign costs, against the floor of WeasyPrint alone on the same HTML, and what one worker
process gets through.

In a throw-away test database (created here, destroyed at the end; the developer's database and media are never
touched), with the 2025-01 units loaded and the five seed campaigns imported (``campaigns.demo``):

- app: ``document_job_run`` on a fresh job, the whole path a worker runs (query the campaign, render the print
  template, hash it, look up the stored PDF, WeasyPrint, hash the PDF, store the file and its row, mark the job
  done). The content-addressed cache is defeated: the RenderedDocument rows are deleted before each run;
- WeasyPrint alone: ``weasyprint.HTML(string=html, base_url=..., url_fetcher=...).write_pdf()`` on the very HTML the
  app rendered, with the app's static-only fetcher and a fresh ``FontConfiguration``, as ``html_to_pdf`` does;
- the ratio app / WeasyPrint alone is the app's overhead over the renderer's own cost.

Each figure is the median of ``--repeat`` runs (default 3), after one warm-up render that is not counted (the
first render of a process loads the fonts and WeasyPrint's stylesheets).

Then ``--count`` documents (default 200) are rendered one after another in this process, as one Celery worker
process does: the seeds in turn, each with its title changed so that every document is new to the cache. It
prints documents and pages per second and memory: the RSS high-water mark of the process
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, the figure that sizes a worker) before and after the batch and its
growth, and the current RSS (/proc/self/statm) along the way, which shows whether memory keeps growing.

    .venv/bin/python benchmarks/render.py                  # SQLite (DATABASE_URL unset), a temporary file
    .venv/bin/python benchmarks/render.py --repeat 5 --count 50
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua .venv/bin/python benchmarks/render.py
"""

import argparse
import hashlib
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import pypdfium2  # noqa: E402
import weasyprint  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from benchmarks._scratch import scratch_database  # noqa: E402
from campaigns.demo import demo_load_campaigns  # noqa: E402
from campaigns.models import Campaign  # noqa: E402
from documents.models import DocumentJob, JobStatus, RenderedDocument  # noqa: E402
from documents.rendering import render_campaign_html, static_dir, static_only_fetcher  # noqa: E402
from documents.services import document_job_run  # noqa: E402
from units.loading import units_load_edition  # noqa: E402
from units.models import Edition  # noqa: E402

MIB = 1024 * 1024
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def peak_rss() -> int:
    """The process's RSS high-water mark in bytes (Linux gives ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


def pdf_pages(document: RenderedDocument) -> int:
    """Counted with PDFium (a dev requirement): RenderedDocument.pages is not trusted here."""
    with document.file.open("rb") as file:
        pdf = pypdfium2.PdfDocument(file.read())
    try:
        return len(pdf)
    finally:
        pdf.close()


def new_job(campaign) -> DocumentJob:
    """A queued job, made directly: document_job_create would also enqueue it (and run it, with no broker)."""
    return DocumentJob.objects.create(
        content_type=ContentType.objects.get_for_model(campaign), object_id=campaign.pk, kind="campaign"
    )


def run_job(job: DocumentJob) -> DocumentJob:
    """What the worker's task runs."""
    job = document_job_run(job_id=job.pk)
    assert job.status == JobStatus.DONE, (job.status, job.error)
    return job


def weasyprint_alone(html: str) -> bytes:
    document = weasyprint.HTML(string=html, base_url=static_dir().as_uri() + "/", url_fetcher=static_only_fetcher)
    return document.write_pdf(font_config=FontConfiguration())


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def measure(campaign, repeat: int) -> dict:
    """The two, run in turn so that a change in the machine's load touches both alike."""
    html = render_campaign_html(campaign=campaign)
    apps, alones = [], []
    for _ in range(repeat):
        RenderedDocument.objects.all().delete()
        job = new_job(campaign)
        apps.append(timed(lambda job=job: run_job(job)))
        alones.append(timed(lambda: weasyprint_alone(html)))
    document = RenderedDocument.objects.get()
    assert document.source_sha256 == hashlib.sha256(html.encode()).hexdigest(), "not the HTML the app rendered"
    pages = pdf_pages(document)
    return {
        "pages": pages,
        "stored_pages": document.pages,
        "html": len(html),
        "app": statistics.median(apps),
        "alone": statistics.median(alones),
    }


def batch(campaigns: list, count: int) -> dict:
    """count documents rendered in turn, each new to the cache: seed i % 5 with a title of its own."""
    titles = {c.pk: c.title for c in campaigns}
    RenderedDocument.objects.all().delete()
    rss_along = []
    peak_before = peak_rss()
    start = time.perf_counter()
    for i in range(count):
        campaign = campaigns[i % len(campaigns)]
        Campaign.objects.filter(pk=campaign.pk).update(title=f"{titles[campaign.pk]} (bản in {i + 1})")
        run_job(new_job(campaign))
        if (i + 1) % max(1, count // 4) == 0 or i + 1 == count:
            rss_along.append((i + 1, current_rss()))
    elapsed = time.perf_counter() - start
    for pk, title in titles.items():
        Campaign.objects.filter(pk=pk).update(title=title)
    documents = list(RenderedDocument.objects.all())
    assert len(documents) == count, "a document was served from the cache"
    pages = sum(pdf_pages(document) for document in documents)
    return {
        "elapsed": elapsed,
        "pages": pages,
        "peak_before": peak_before,
        "peak_after": peak_rss(),
        "rss_along": rss_along,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--count", type=int, default=200, help="documents rendered by one process (default 200)")
    args = parser.parse_args()
    with scratch_database("render"):
        run(args)


def run(args) -> None:
    setup = time.perf_counter()
    units_load_edition(edition=Edition.E2025_01)
    demo_load_campaigns()
    campaigns = list(Campaign.objects.select_related("issuing_unit", "doc_type").order_by("pk"))  # 000 … 004
    print(
        f"{connection.vendor}, WeasyPrint {weasyprint.__version__}, median of {args.repeat} "
        f"(setup: units and {len(campaigns)} seeds loaded in {time.perf_counter() - setup:.1f} s)"
    )
    RenderedDocument.objects.all().delete()
    warm_up = timed(lambda: run_job(new_job(campaigns[0])))

    print(f"warm-up render (not counted): {warm_up:.2f} s")
    print(f"{'campaign':<40} {'pages':>5} {'HTML':>8} {'app':>8} {'WeasyPrint':>11} {'ratio':>6}")
    rows = []
    for number, campaign in enumerate(campaigns):
        m = measure(campaign, args.repeat)
        rows.append(m)
        name = f"{number:03d} {campaign.issuing_unit.short_name} {campaign.reference or '/' + campaign.symbol}"[:40]
        print(
            f"{name:<40} {m['pages']:>5} {m['html'] / 1024:>6.0f} K {m['app']:>6.2f} s {m['alone']:>9.2f} s "
            f"{m['app'] / m['alone']:>5.2f}×"
        )
    app_total, alone_total = sum(m["app"] for m in rows), sum(m["alone"] for m in rows)
    wrong = [m for m in rows if m["stored_pages"] != m["pages"]]
    if wrong:
        m = wrong[0]
        print(
            f"note: RenderedDocument.pages is wrong for {len(wrong)} of {len(rows)} seeds "
            f"(e.g. stored {m['stored_pages']}, the PDF has {m['pages']})"
        )

    b = batch(campaigns, args.count)
    along = ", ".join(f"{n}: {rss / MIB:.0f}" for n, rss in b["rss_along"])
    print(
        f"one process, {args.count} documents ({b['pages']} pages) in {b['elapsed']:.1f} s: "
        f"{args.count / b['elapsed']:.2f} documents/s, {b['pages'] / b['elapsed']:.2f} pages/s"
    )
    print(
        f"RSS high-water mark (ru_maxrss): {b['peak_before'] / MIB:.0f} MiB before the batch, "
        f"{b['peak_after'] / MIB:.0f} MiB after (+{(b['peak_after'] - b['peak_before']) / MIB:.0f} MiB); "
        f"current RSS after n documents (MiB): {along}"
    )
    (n0, rss0), (n1, rss1) = b["rss_along"][0], b["rss_along"][-1]
    growth = (rss1 - rss0) / (n1 - n0) / MIB if n1 > n0 else 0.0
    print(
        f"summary: app {app_total:.2f} s vs WeasyPrint alone {alone_total:.2f} s for the five seeds "
        f"({app_total / alone_total:.2f}×); one worker process: {b['pages'] / b['elapsed']:.2f} pages/s, "
        f"{b['peak_after'] / MIB:.0f} MiB peak RSS, growing {growth:.2f} MiB per document"
    )


if __name__ == "__main__":
    main()

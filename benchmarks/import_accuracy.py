"""How much of a campaign the document import gets back from the app's own printed forms (issue #15 part 5).

In a throw-away database with the 2025-01 units and the five seed campaigns (``campaigns.demo``), each seed is
exported with the app as PDF (the print path's HTML through WeasyPrint, ``documents.rendering``), as Word
(``documents.docx.campaign_docx``) and as text (the app has no text export: the PDF's text layer, as
``campaigns.importing.readers.read_pdf`` reads it, one line a line), then imported back with
``campaigns.importing.services.draft_from_file`` (the issuer resolved on the document's date) and compared with the
campaign's JSON export (``campaigns.importing.accuracy.compare``): header fields (issuer, parent body, type,
number, symbol, place, date, year, title, higher document, theme, closing, recipients, the signer's four parts),
sections (label, heading, role, field), indicators (the sentence) and figures (form, direction, values, total,
grade, unit, source) and the version 2 parts (legal bases, stages, award criteria, other participants, appendices,
item by item). It prints one line per file, ``ratio import.<seed>.<fmt> X`` (found / all items), and with
``--verbose`` the items that differ.

Then the plans written for the tests (``tests/campaigns/importing/data/*.txt``, checked item by item there) are laid
out as Word (one paragraph a line, python-docx) and as PDF (one paragraph a line, WeasyPrint, wrapped at the page's
width), their "| … |" rows as real ruled tables (``tests/campaigns/importing/layout.py``), read back and compared
with the text's draft: ``ratio import.written.<name>.<fmt> X`` measures what the readers lose.

    .venv/bin/python benchmarks/import_accuracy.py [--verbose]
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from benchmarks._scratch import scratch_database  # noqa: E402
from campaigns.demo import demo_load_campaigns  # noqa: E402
from campaigns.importing.accuracy import HEADER, compare, ratio  # noqa: E402
from campaigns.importing.readers import read_pdf  # noqa: E402
from campaigns.importing.services import draft_from_file  # noqa: E402
from campaigns.models import Campaign  # noqa: E402
from campaigns.serialization import campaign_export  # noqa: E402
from documents.docx import campaign_docx  # noqa: E402
from documents.rendering import html_to_pdf, render_campaign_html  # noqa: E402
from tests.campaigns.importing.layout import written_docx, written_pdf  # noqa: E402
from units.loading import units_load_edition  # noqa: E402
from units.models import Edition  # noqa: E402


def exports(campaign) -> dict[str, tuple[str, bytes]]:
    pdf = html_to_pdf(render_campaign_html(campaign=campaign))
    text = "\n".join(read_pdf(pdf)).encode("utf-8")
    return {
        "txt": ("export.txt", text),
        "docx": ("export.docx", campaign_docx(campaign=campaign)),
        "pdf": ("export.pdf", pdf),
    }


WRITTEN = Path(__file__).resolve().parent.parent / "tests" / "campaigns" / "importing" / "data"


def written_exports(text: str) -> dict[str, tuple[str, bytes]]:
    return {"docx": ("written.docx", written_docx(text)), "pdf": ("written.pdf", written_pdf(text))}


def measure_written(verbose: bool) -> list[tuple[str, float]]:
    results = []
    for path in sorted(WRITTEN.glob("*.txt")):
        expected = draft_from_file(name=path.name, content=path.read_bytes()).campaign
        for fmt, (name, content) in written_exports(path.read_text(encoding="utf-8")).items():
            result = compare(expected, draft_from_file(name=name, content=content).campaign)
            value = ratio(result)
            results.append((f"written.{path.stem}.{fmt}", value))
            parts = " ".join(f"{k} {v[0]}/{v[1]}" for k, v in result.items())
            print(f"ratio import.written.{path.stem}.{fmt} {value:.3f}   ({parts})", flush=True)
            if verbose:
                for category, (_found, _total, paths) in result.items():
                    for item in paths:
                        print(f"    {category}: {item}")
    return results


def measure(verbose: bool) -> list[tuple[str, float]]:
    results = []
    for campaign in Campaign.objects.select_related("issuing_unit").order_by("issuing_unit__code"):
        expected = campaign_export(campaign=campaign)["campaign"]
        seed = SEED_OF.get(campaign.issuing_unit.code, campaign.issuing_unit.code)
        for fmt, (name, content) in exports(campaign).items():
            draft = draft_from_file(name=name, content=content)
            got = draft.campaign
            result = compare(expected, got, header=HEADER + ("issuing_unit",))
            value = ratio(result)
            results.append((f"{seed}.{fmt}", value))
            parts = " ".join(f"{k} {v[0]}/{v[1]}" for k, v in result.items())
            print(f"ratio import.{seed}.{fmt} {value:.3f}   ({parts})", flush=True)
            if verbose:
                for category, (_found, _total, paths) in result.items():
                    for path in paths:
                        print(f"    {category}: {path}")
    return results


SEED_OF = {"06196": "000", "07876": "001", "20": "002", "14824": "003", "048": "004"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list the items that differ")
    args = parser.parse_args()
    with scratch_database("import_accuracy"):
        units_load_edition(edition=Edition.E2025_01)
        demo_load_campaigns()
        results = measure(args.verbose) + measure_written(args.verbose)
    worst = min(value for _name, value in results)
    print(f"ratio import.worst {worst:.3f}")


if __name__ == "__main__":
    main()

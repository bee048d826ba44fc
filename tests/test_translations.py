"""The Vietnamese translation is complete: every msgid in the code has a Vietnamese text, compiled into the .mo."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from config.settings.base import LOCAL_APPS

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# Every app of the project (a new app is covered without editing this list), plus what else holds strings (uploads:
# the upload pipeline's messages, imported when the apps are ready).
SOURCES = (*LOCAL_APPS, "uploads", "config", "templates", "locale", "manage.py")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO))


def _texts(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.mark.smoke
def test_every_msgid_has_a_vietnamese_text(catalogue):
    untranslated = [e.msgid for e in catalogue if not all(t.strip() for t in _texts(e))]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


@pytest.mark.smoke
def test_placeholders_survive_translation(catalogue):
    for entry in catalogue:
        for text in _texts(entry):
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.smoke
def test_compiled_catalogue_matches_the_po_file(catalogue):
    compiled = gettext.GNUTranslations(MO.open("rb"))
    for entry in catalogue:
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0], entry.msgid
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_no_msgid_in_the_code_is_missing_from_the_catalogue(tmp_path, catalogue):
    """Runs Django's makemessages on a copy of the sources and compares: a new string without a translation
    fails here. Needs GNU gettext (xgettext), which CI installs; elsewhere it is skipped unless REQUIRE_GETTEXT."""
    if shutil.which("xgettext") is None:
        if os.environ.get("REQUIRE_GETTEXT"):
            pytest.fail("GNU gettext is missing: apt-get install -y gettext")
        pytest.skip("GNU gettext (xgettext) is not installed")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "data"))
        elif source.exists():
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    in_code = {(e.msgctxt, e.msgid) for e in fresh}
    in_catalogue = {(e.msgctxt, e.msgid) for e in catalogue if _texts(e)[0].strip()}
    assert sorted(in_code - in_catalogue) == []


@pytest.mark.smoke
def test_no_translated_string_hides_inside_an_f_string():
    """xgettext cannot see _("…") inside an f-string, so such a string would silently stay English."""
    offenders = []
    for name in SOURCES:
        for path in (ROOT / name).rglob("*.py") if (ROOT / name).is_dir() else []:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"""\bf["'].*\{[^}]*\b_\(""", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []

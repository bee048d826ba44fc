"""The scoring entry form on its own (no database): points parsed the Vietnamese way into the items the service
takes, a mistyped number reported at its criterion, the service's errors put back on the criteria they name."""

from decimal import Decimal
from types import SimpleNamespace as NS

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from scoring.forms import EntryForm
from scoring.services import EntryInput

UNIT = NS(pk=7)


class Criterion:
    def __init__(self, pk, name, **rule):
        self.pk, self.name = pk, name
        self.kind, self.per_case, self.levels = rule.get("kind", "direct"), rule.get("per_case"), rule.get("levels")

    def __str__(self):
        return self.name


class Files(list):
    def all(self):
        return self


class Board:
    """What EntryForm reads of a sheet_board: the scored criteria, the entries at the stage, the initial points."""

    def __init__(self, entries=None):
        self.scored_nodes = [
            NS(pk=1, criterion=Criterion(1, "1.1 “Thu ngân sách”")),
            NS(pk=2, criterion=Criterion(2, "1.2 “Giảm nghèo”")),
        ]
        self.entries = entries or {}

    def entry(self, kind, criterion_id, unit_id):
        return self.entries.get(criterion_id)

    def initial(self, kind, criterion_id, unit_id):
        return Decimal("11") if criterion_id == 2 else None


def _form(data=None, files=None, board=None):
    return EntryForm(data, files, board=board or Board(), kind="self", unit=UNIT)


def test_valid_points_clean_into_the_services_items():
    evidence = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    second = SimpleUploadedFile("cong-van.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    data = {"score-1": " 9,5 ", "comment-1": " có biên bản ", "ver-1": "2", "score-2": "", "remove-2": ["7"]}
    files = MultiValueDict({"evidence-1": [evidence, second]})
    board = Board({2: NS(score=Decimal(1), comment="", reason="", version=1, evidence=Files([NS(pk=7, name="a")]))})
    form = _form(data, files, board=board)
    assert form.is_valid(), form.errors
    first, other = form.items()
    assert first == EntryInput(
        criterion_id=1, score=Decimal("9.5"), comment=" có biên bản ", evidence=(evidence, second), version=2
    )
    assert other == EntryInput(criterion_id=2, score=None, remove_evidence=(7,))


def test_a_mistyped_number_is_refused_at_its_criterion_in_vietnamese():
    with translation.override("vi"):
        form = _form({"score-1": "7.5", "score-2": "-2"})
        assert not form.is_valid()
        assert list(form.errors) == ["score-1"]
        (message,) = form.cell_errors(1)
        assert message.startswith("1.1 “Thu ngân sách”: ") and "7,5" in message
        assert form.cell_errors(2) == []


def test_the_page_shows_the_entry_or_the_initial_points():
    board = Board({1: NS(score=Decimal("1105.5"), comment="ghi", reason="lý do", version=3, evidence=Files())})
    form = _form(board=board)
    assert form["score-1"].value() == "1.105,5" and form["reason-1"].value() == "lý do"
    assert form["score-2"].value() == "11" and form["comment-2"].value() is None


def test_the_services_errors_go_back_to_the_criteria_they_name():
    form = _form({"score-1": "4", "score-2": "1"})
    assert form.is_valid()
    assert form.add_service_errors(ValidationError({"2": ["quá điểm tối đa"], "sheet": ["khác"]}))
    assert form.cell_errors(2) == ["quá điểm tối đa"] and form.cell_errors(1) == []
    assert not _form({}).add_service_errors(ValidationError("không mở"))

"""The offline target sheet: downloaded with what is assigned, filled in with Vietnamese numbers, uploaded back; the
whole file is checked first and every problem names its sheet, row and column; formulas never get in or out."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from campaigns.models import Campaign, Participation
from targets import services
from targets.excel import HEADERS, SHEET, SheetError, target_sheet_build, target_sheet_read
from targets.models import Figure, FigureForm, Indicator, Target
from tests.campaigns.factories import make_campaign
from units.models import Unit
from units.versioning import VersionConflict

pytestmark = pytest.mark.django_db

FIRST_ROW = 8  # the title block takes rows 1-5, the header is row 7
REGISTERED, NOTE, FIGURE_ID, VERSION = "F", "G", "H", "I"


@pytest.fixture
def campaign(tree):
    """Huyện Cao Lộc's campaign, Cao Lâu taking part; three figures "≥ 1.105 / 1.106 / 1.107 tấn"."""
    return make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.cao_lau], indicators=3)


@pytest.fixture
def figures(campaign):
    return list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("indicator__position", "pk"))


@pytest.fixture
def assigned(figures, tree):
    """What the district assigned to Cao Lâu: 1.105 tấn for the first figure, 7 - 7,5 for the second."""
    return [
        Target.objects.create(figure=figures[0], unit=tree.cao_lau, assigned_value=Decimal("1105")),
        Target.objects.create(
            figure=figures[1], unit=tree.cao_lau, assigned_value=Decimal("7"), assigned_high=Decimal("7.5")
        ),
    ]


def _download(campaign, unit):
    return load_workbook(io.BytesIO(target_sheet_build(campaign=campaign, unit=unit)))


def _upload(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row_of(ws, figure) -> int:
    return next(row for row in range(FIRST_ROW, ws.max_row + 1) if ws[f"{FIGURE_ID}{row}"].value == figure.pk)


def _read(campaign, unit, workbook):
    return target_sheet_read(campaign=campaign, unit=unit, file=io.BytesIO(_upload(workbook)))


def _registered(unit):
    return list(Target.objects.filter(unit=unit).order_by("figure_id").values_list("registered_value", flat=True))


def test_the_sheet_shows_the_targets_and_only_registered_and_note_can_be_edited(campaign, figures, assigned, tree):
    Figure.objects.filter(pk=figures[2].pk).update(form=FigureForm.QUALITATIVE)
    data = target_sheet_build(campaign=campaign, unit=tree.cao_lau)
    assert data == target_sheet_build(campaign=campaign, unit=tree.cao_lau)  # the same bytes every time
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [SHEET]
    ws = workbook[SHEET]
    assert "109/PĐ-UBND" in ws["A1"].value and ws["A2"].value == "Chỉ thị của huyện"
    assert "Xã Cao Lâu" in ws["A3"].value and "2024" in ws["A4"].value
    assert [c.value for c in ws[7]] == list(HEADERS) and ws["A7"].font.b
    assert ws.freeze_panes == "A8" and ws.protection.sheet
    assert ws.column_dimensions[FIGURE_ID].hidden and ws.column_dimensions[VERSION].hidden
    first, second, third = (_row_of(ws, f) for f in figures)
    assert (first, second, third) == (8, 9, 10)
    assert ws[f"B{first}"].value == "Chỉ tiêu số 1 đạt 1105 tấn." and ws[f"C{first}"].value == "Chỉ tiêu số 1"
    assert ws[f"D{first}"].value == "tấn"
    assert (ws[f"E{first}"].value, ws[f"E{first}"].data_type) == ("1.105", "s")  # text: Excel cannot reformat it
    assert ws[f"E{second}"].value == "7 - 7,5" and ws[f"E{third}"].value in (None, "")
    assert ws[f"{VERSION}{first}"].value == 1 and ws[f"{VERSION}{third}"].value is None
    locked = {col: ws[f"{col}{first}"].protection.locked for col in "ABCDEFGHI"}
    assert locked == {c: c not in (REGISTERED, NOTE) for c in "ABCDEFGHI"}
    assert ws[f"{REGISTERED}{third}"].value == "—" and ws[f"{REGISTERED}{third}"].protection.locked
    assert not ws[f"{NOTE}{third}"].protection.locked


def test_round_trip_saves_what_was_filled_in(campaign, figures, assigned, tree, people):
    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    ws[f"{REGISTERED}{_row_of(ws, figures[0])}"] = "1.205"
    ws[f"{REGISTERED}{_row_of(ws, figures[1])}"] = "7,5"
    ws[f"{NOTE}{_row_of(ws, figures[1])}"] = "Phấn đấu vượt"
    ws[f"{REGISTERED}{_row_of(ws, figures[2])}"] = 1300.5  # typed as an Excel number

    upload = SimpleUploadedFile("chi-tieu.xlsx", _upload(workbook))  # as a view gets it from request.FILES
    cells = target_sheet_read(campaign=campaign, unit=tree.cao_lau, file=upload)

    by_figure = {c.figure_id: c for c in cells}
    assert set(by_figure) == {f.pk for f in figures}
    assert by_figure[figures[0].pk].value == Decimal("1205") and by_figure[figures[0].pk].high is None
    assert by_figure[figures[0].pk].version == 1 and by_figure[figures[2].pk].version is None
    services.target_grid_save(campaign=campaign, unit=tree.cao_lau, cells=cells, user=people.officer)
    assert _registered(tree.cao_lau) == [Decimal("1205"), Decimal("7.5"), Decimal("1300.5")]
    assert Target.objects.get(figure=figures[1], unit=tree.cao_lau).note == "Phấn đấu vượt"
    assert Target.objects.get(figure=figures[0], unit=tree.cao_lau).note == ""


def test_a_range_is_read_as_low_and_high(campaign, figures, assigned, tree):
    Figure.objects.filter(pk=figures[1].pk).update(form=FigureForm.RANGE)
    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    ws[f"{REGISTERED}{_row_of(ws, figures[1])}"] = "7 - 7,5"
    cell = next(c for c in _read(campaign, tree.cao_lau, workbook) if c.figure_id == figures[1].pk)
    assert (cell.value, cell.high) == (Decimal("7"), Decimal("7.5"))


def test_an_english_decimal_dot_names_sheet_row_and_column_and_nothing_is_saved(campaign, figures, assigned, tree):
    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    bad_row = _row_of(ws, figures[1])
    ws[f"{REGISTERED}{_row_of(ws, figures[0])}"] = "1.205"
    ws[f"{REGISTERED}{bad_row}"] = "7.5"

    with translation.override("en"), pytest.raises(SheetError) as excinfo:
        _read(campaign, tree.cao_lau, workbook)

    assert isinstance(excinfo.value, ValidationError)
    [message] = excinfo.value.messages
    assert message.startswith(f"Sheet “{SHEET}”, row {bad_row}, column F: ")
    assert "7,5" in message  # the Vietnamese form of what was meant
    [problem] = excinfo.value.problems
    assert (problem.row, problem.column) == (bad_row, "F")
    assert _registered(tree.cao_lau) == [None, None]


def test_every_problem_is_reported_at_once(campaign, figures, assigned, tree):
    Figure.objects.filter(pk=figures[2].pk).update(form=FigureForm.QUALITATIVE)
    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    rows = [_row_of(ws, f) for f in figures]
    ws[f"{REGISTERED}{rows[0]}"] = "-5"  # negative: figure_check_value
    ws[f"{NOTE}{rows[1]}"] = "x" * 501
    ws[f"{REGISTERED}{rows[2]}"] = "5"  # a number for a qualitative figure

    with translation.override("en"), pytest.raises(SheetError) as excinfo:
        _read(campaign, tree.cao_lau, workbook)

    where = [(p.row, p.column) for p in excinfo.value.problems]
    assert where == [(rows[0], "F"), (rows[1], "G"), (rows[2], "F")]
    assert "cannot be negative" in excinfo.value.messages[0] and "501" in excinfo.value.messages[1]


@pytest.mark.parametrize("column", [REGISTERED, NOTE, "C"])
def test_a_formula_is_refused(campaign, figures, assigned, tree, column):
    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    row = _row_of(ws, figures[0])
    ws[f"{REGISTERED}{_row_of(ws, figures[1])}"] = "7,5"
    ws[f"{column}{row}"] = '=HYPERLINK("http://x","y")'
    assert ws[f"{column}{row}"].data_type == "f"

    with translation.override("en"), pytest.raises(SheetError) as excinfo:
        _read(campaign, tree.cao_lau, workbook)

    [message] = excinfo.value.messages
    assert f"row {row}, column {column}:" in message and "Formulas are not accepted" in message
    assert _registered(tree.cao_lau) == [None, None]


def test_text_that_looks_like_a_formula_is_refused_in_an_editable_cell(campaign, figures, assigned, tree):
    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    cell = ws[f"{NOTE}{_row_of(ws, figures[0])}"]
    cell.value = "=1+1"
    cell.data_type = "s"
    with translation.override("en"), pytest.raises(SheetError, match="Formulas are not accepted"):
        _read(campaign, tree.cao_lau, workbook)


def test_text_starting_with_equals_is_downloaded_as_text_not_a_formula(campaign, figures, assigned, tree):
    formula = '=HYPERLINK("http://x","y")'
    Figure.objects.filter(pk=figures[0].pk).update(name=formula)
    Indicator.objects.filter(pk=figures[0].indicator_id).update(sentence="-1 là âm", label="+")
    data = target_sheet_build(campaign=campaign, unit=tree.cao_lau)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    ws = load_workbook(io.BytesIO(data))[SHEET]
    name = ws[f"C{_row_of(ws, figures[0])}"]
    assert (name.value, name.data_type) == (formula, "s")
    assert ws[f"B{_row_of(ws, figures[0])}"].value == "-1 là âm"
    # and the sheet, as downloaded, is accepted
    assert len(target_sheet_read(campaign=campaign, unit=tree.cao_lau, file=data)) == 3


def test_a_row_of_another_campaign_is_refused(campaign, figures, assigned, tree):
    other = make_campaign(tree.cao_loc, number=110, title="Kế hoạch khác", participants=[tree.cao_lau])
    stranger = Figure.objects.filter(indicator__section__campaign=other).first()
    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    row = _row_of(ws, figures[0])
    ws[f"{FIGURE_ID}{row}"] = stranger.pk

    with translation.override("en"), pytest.raises(SheetError) as excinfo:
        _read(campaign, tree.cao_lau, workbook)

    [problem] = excinfo.value.problems
    assert (problem.row, problem.column) == (row, FIGURE_ID)
    assert "not a target of this campaign" in problem.message


def test_a_sheet_of_another_unit_or_a_duplicated_row_is_refused(campaign, figures, assigned, tree):
    Participation.objects.create(campaign=campaign, unit=tree.thach_dan)
    with translation.override("en"), pytest.raises(SheetError, match="another campaign or unit"):
        _read(campaign, tree.cao_lau, _download(campaign, tree.thach_dan))

    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    first, second = _row_of(ws, figures[0]), _row_of(ws, figures[1])
    ws[f"{FIGURE_ID}{second}"] = figures[0].pk
    with translation.override("en"), pytest.raises(SheetError) as excinfo:
        _read(campaign, tree.cao_lau, workbook)
    assert excinfo.value.messages == [
        f"Sheet “{SHEET}”, row {second}, column H: This target already appears in row {first}."
    ]


def test_a_changed_header_or_a_missing_sheet_is_refused(campaign, figures, assigned, tree):
    workbook = _download(campaign, tree.cao_lau)
    workbook[SHEET]["F7"] = "Số đăng ký"
    with translation.override("en"), pytest.raises(SheetError) as excinfo:
        _read(campaign, tree.cao_lau, workbook)
    assert [(p.row, p.column) for p in excinfo.value.problems] == [(7, "F")]

    other = Workbook()
    other.active.title = "Sheet1"
    with translation.override("en"), pytest.raises(SheetError, match="no sheet named “Chỉ tiêu”"):
        _read(campaign, tree.cao_lau, other)


@pytest.mark.smoke
@pytest.mark.parametrize("data", [b"not a workbook", b"PK\x03\x04garbage", b""])
def test_a_file_that_is_not_a_workbook_is_refused(data):
    """No database: the file is refused before any query."""
    with translation.override("en"), pytest.raises(SheetError, match=r"not an Excel workbook \(\.xlsx\)"):
        target_sheet_read(campaign=Campaign(pk=1), unit=Unit(pk=1), file=io.BytesIO(data))


def test_a_file_above_5_mb_is_refused(campaign, tree):
    big = b"PK" + b"\0" * (5 * 1024 * 1024)
    for file in (big, io.BytesIO(big), SimpleUploadedFile("lon.xlsx", big)):
        with translation.override("en"), pytest.raises(SheetError, match="at most 5 MB"):
            target_sheet_read(campaign=campaign, unit=tree.cao_lau, file=file)


def test_registered_below_assigned_is_the_services_error(campaign, figures, assigned, tree, people):
    workbook = _download(campaign, tree.cao_lau)
    ws = workbook[SHEET]
    ws[f"{REGISTERED}{_row_of(ws, figures[0])}"] = "1.000"
    cells = _read(campaign, tree.cao_lau, workbook)  # a good number: the sheet itself is fine

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.target_grid_save(campaign=campaign, unit=tree.cao_lau, cells=cells, user=people.officer)

    assert "1.000 is below the 1.105 assigned" in excinfo.value.messages[0]
    assert _registered(tree.cao_lau) == [None, None]


def test_a_stale_sheet_is_a_conflict(campaign, figures, assigned, tree, people):
    workbook = _download(campaign, tree.cao_lau)
    services.target_grid_save(  # someone registers on the web page after the download
        campaign=campaign,
        unit=tree.cao_lau,
        user=people.leader,
        cells=[services.CellInput(figures[0].pk, tree.cao_lau.pk, Decimal("1300"), version=assigned[0].version)],
    )
    ws = workbook[SHEET]
    ws[f"{REGISTERED}{_row_of(ws, figures[0])}"] = "1.400"
    cells = _read(campaign, tree.cao_lau, workbook)

    with pytest.raises(VersionConflict) as excinfo:
        services.target_grid_save(campaign=campaign, unit=tree.cao_lau, cells=cells, user=people.officer)

    assert "1.300" in excinfo.value.messages[0]
    assert _registered(tree.cao_lau) == [Decimal("1300"), None]

"""The grid forms on their own (no database): one field per cell, Vietnamese numbers parsed into the cells the
services take, an error at the cell that was mistyped."""

from decimal import Decimal
from types import SimpleNamespace as NS

from django.utils import translation

from targets.forms import AssignmentGridForm, TargetGridForm
from targets.services import CellInput

UNIT = NS(pk=7, name="Xã Cao Lâu")


def _row(pk, target=None, editable=True):
    return NS(figure=NS(pk=pk, name=f"Chỉ tiêu {pk}"), target=target, editable=editable)


def test_the_target_grid_cleans_numbers_ranges_notes_and_versions():
    rows = [_row(1, NS(registered_value=None, registered_high=None, note="", version=3)), _row(2), _row(3, None, False)]
    data = {"reg-1": " 1.105 ", "note-1": "  theo nghị quyết  ", "ver-1": "3", "reg-2": "7 - 7,5", "ver-2": ""}
    form = TargetGridForm(data, rows=rows, unit=UNIT)
    assert form.is_valid(), form.errors
    assert "reg-3" not in form.fields  # a figure that takes no number has no cell
    assert form.cells() == [
        CellInput(figure_id=1, unit_id=7, value=Decimal(1105), high=None, note="  theo nghị quyết  ", version=3),
        CellInput(figure_id=2, unit_id=7, value=Decimal(7), high=Decimal("7.5"), note="", version=None),
    ]


def test_the_target_grid_puts_a_mistyped_number_on_its_cell_in_vietnamese():
    with translation.override("vi"):
        form = TargetGridForm({"reg-1": "7.5", "reg-2": "12"}, rows=[_row(1), _row(2)], unit=UNIT)
        assert not form.is_valid()
        assert list(form.errors) == ["reg-1"]
        assert "7,5" in form.errors["reg-1"][0] and "dấu chấm" in form.errors["reg-1"][0]


def test_the_target_grid_shows_the_saved_target_and_clips_a_long_note():
    target = NS(registered_value=Decimal(1105), registered_high=Decimal("1200.5"), note="ghi chú", version=2)
    form = TargetGridForm(rows=[_row(1, target)], unit=UNIT)
    assert form["reg-1"].value() == "1.105 - 1.200,5" and form["note-1"].value() == "ghi chú"
    bound = TargetGridForm({"reg-1": "", "note-1": "x" * 600, "ver-1": "２"}, rows=[_row(1, target)], unit=UNIT)
    assert bound.is_valid()
    assert bound.cells()[0].note == "x" * 500 and bound.cells()[0].version is None and bound.cells()[0].value is None


def test_the_assignment_grid_cleans_every_unit_and_figure():
    other = NS(pk=8, name="Xã Thạch Đạn")
    columns = [
        NS(
            figure=NS(pk=1, name="Sản lượng"),
            cells=[NS(assigned_value=Decimal(5), assigned_high=None, version=4), None],
        )
    ]
    form = AssignmentGridForm({"a-1-7": "600", "v-1-7": "4", "a-1-8": "1,5 - 2"}, units=[UNIT, other], columns=columns)
    assert form.is_valid(), form.errors
    assert form.cells() == [
        CellInput(figure_id=1, unit_id=7, value=Decimal(600), version=4),
        CellInput(figure_id=1, unit_id=8, value=Decimal("1.5"), high=Decimal(2), version=None),
    ]
    assert AssignmentGridForm(units=[UNIT, other], columns=columns)["a-1-7"].value() == "5"


def test_the_assignment_grid_puts_a_bad_range_on_its_cell():
    columns = [NS(figure=NS(pk=1, name="Sản lượng"), cells=[None])]
    with translation.override("vi"):
        form = AssignmentGridForm({"a-1-7": "8 - 2"}, units=[UNIT], columns=columns)
        assert not form.is_valid()
        assert list(form.errors) == ["a-1-7"]

"""Importing people from Excel: every row checked, nothing saved if one is wrong, the errors name the rows."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from people import services
from people.models import Person
from tests.units.test_sheets import FORMULA_LIKE, FORMULAS

pytestmark = pytest.mark.django_db


def workbook(rows, heading=("Họ và tên", "Năm sinh", "Chức vụ", "Tập thể"), text=()) -> SimpleUploadedFile:
    """A sheet of the rows; the cells named in ``text`` (row, column, both from 1) are string cells even when they
    start with "=" (openpyxl makes such a string a formula)."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(heading))
    for row in rows:
        sheet.append(list(row))
    for row, column in text:
        sheet.cell(row=row, column=column).data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nguoi.xlsx", buffer.getvalue())


def test_a_good_sheet_adds_everyone(tree, register):
    file = workbook(
        [
            ("Lò Văn Páo", 1990, "Trưởng thôn", "Văn phòng UBND xã"),
            ("Hà Thị Mai", "1992", "", ""),
            (None, None, None, None),  # an empty row is skipped
        ]
    )
    people = services.people_import(unit=tree.cao_lau, file=file)
    assert [(p.full_name, p.birth_year, p.collective) for p in people] == [
        ("Lò Văn Páo", 1990, register.office),
        ("Hà Thị Mai", 1992, None),
    ]


def test_one_bad_row_saves_nothing(tree, register):
    file = workbook(
        [
            ("Lò Văn Páo", 1990, "Trưởng thôn", "Văn phòng UBND xã"),
            ("", 1991, "Kế toán", ""),
            ("Hà Thị Mai", "một chín chín hai", "", "Không có"),
            ("Lò Văn Páo", 1990, "", ""),
            ("Nguyễn Thị Hoa", 1985, "", ""),
        ]
    )
    before = Person.objects.count()
    with pytest.raises(ValidationError) as info:
        services.people_import(unit=tree.cao_lau, file=file)
    cell = _(services.ERR_IMPORT_CELL)
    assert info.value.messages == [
        cell % {"row": 3, "column": "Họ và tên", "message": _(services.ERR_NAME_EMPTY)},
        cell
        % {
            "row": 4,
            "column": "Năm sinh",
            "message": _(services.ERR_IMPORT_BIRTH_YEAR) % {"value": "một chín chín hai"},
        },
        cell
        % {
            "row": 4,
            "column": "Tập thể",
            "message": _(services.ERR_IMPORT_NO_COLLECTIVE) % {"name": "Không có", "unit": tree.cao_lau.name},
        },
        cell
        % {
            "row": 5,
            "column": "Họ và tên",
            "message": _(services.ERR_IMPORT_TWICE) % {"name": "Lò Văn Páo", "other": 2},
        },
        cell
        % {
            "row": 6,
            "column": "Họ và tên",
            "message": _(services.ERR_IMPORT_EXISTS) % {"name": "Nguyễn Thị Hoa", "unit": tree.cao_lau.name},
        },
    ]
    assert Person.objects.count() == before


def test_missing_columns_and_foreign_files_are_named(tree):
    with pytest.raises(ValidationError) as info:
        services.people_import(unit=tree.cao_lau, file=workbook([("A", 1990)], heading=("Họ và tên", "Năm sinh")))
    assert info.value.messages == [
        _(services.ERR_IMPORT_COLUMNS)
        % {"columns": "Họ và tên, Năm sinh, Chức vụ, Tập thể", "missing": "Chức vụ, Tập thể"}
    ]
    with pytest.raises(ValidationError) as info:
        services.people_import(unit=tree.cao_lau, file=SimpleUploadedFile("x.xlsx", b"not a workbook"))
    assert info.value.messages == [_(services.ERR_IMPORT_FILE)]
    with pytest.raises(ValidationError) as info:
        services.people_import(unit=tree.cao_lau, file=workbook([]))
    assert info.value.messages == [_(services.ERR_IMPORT_EMPTY)]


def test_the_import_page(client, people, tree, register):
    client.force_login(people.officer)
    url = reverse("person_import", args=[tree.cao_lau.pk])
    response = client.post(url, {"file": workbook([("Hà Thị Mai", 1992, "", ""), ("", "", "Kế toán", "")])})
    assert response.status_code == 400
    assert "Dòng 3, cột Họ và tên: " + _(services.ERR_NAME_EMPTY) in response.content.decode()
    assert not Person.objects.filter(full_name="Hà Thị Mai").exists()
    response = client.post(url, {"file": workbook([("Hà Thị Mai", 1992, "", "")])})
    assert response.status_code == 302
    assert Person.objects.get(full_name="Hà Thị Mai").unit == tree.cao_lau
    client.force_login(people.leader)
    assert client.post(url, {"file": workbook([("Lê Lai", 1990, "", "")])}).status_code == 403


# ------------------------------------------------------------------ formulas and implausible years


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize(("column", "name"), [(1, "Họ và tên"), (2, "Năm sinh"), (3, "Chức vụ"), (4, "Tập thể")])
def test_a_formula_in_any_column_is_refused_and_nothing_is_saved(tree, register, formula, column, name):
    good = ["Lò Văn Páo", 1990, "Trưởng thôn", "Văn phòng UBND xã"]
    bad = ["Hà Thị Mai", 1992, "Kế toán", "Văn phòng UBND xã"]
    bad[column - 1] = formula
    before = Person.objects.count()
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        services.people_import(unit=tree.cao_lau, file=workbook([good, bad]))
    assert info.value.messages == [f"Dòng 3, cột {name}: Không chấp nhận công thức. Hãy nhập trực tiếp giá trị."]
    assert Person.objects.count() == before


def test_a_formula_outside_the_columns_and_one_in_the_heading_are_refused(tree, register):
    file = workbook(
        [("Lò Văn Páo", 1990, "", "", "=1/0")], heading=("Họ và tên", "Năm sinh", "Chức vụ", "Tập thể", "=A1")
    )
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        services.people_import(unit=tree.cao_lau, file=file)
    assert [m.split(":")[0] for m in info.value.messages] == ["Dòng 1, cột E", "Dòng 2, cột E"]
    assert not Person.objects.filter(full_name="Lò Văn Páo").exists()


@pytest.mark.parametrize("text", ["=1990", " =1990", '=HYPERLINK("http://x","1990")'])
def test_text_written_as_a_formula_in_the_birth_year_is_refused(tree, register, text):
    file = workbook([("Lò Văn Páo", text, "", "")], text=[(2, 2)])
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        services.people_import(unit=tree.cao_lau, file=file)
    assert info.value.messages == ["Dòng 2, cột Năm sinh: Không chấp nhận công thức. Hãy nhập trực tiếp giá trị."]
    assert not Person.objects.filter(full_name="Lò Văn Páo").exists()


@pytest.mark.parametrize("name", FORMULA_LIKE)
def test_a_name_that_looks_like_a_formula_is_kept_as_text(tree, register, name):
    [person] = services.people_import(unit=tree.cao_lau, file=workbook([(name, 1990, name, "")], text=[(2, 1), (2, 3)]))
    expected = " ".join(name.split())  # names are kept with their spaces folded, as typed into the form
    assert (person.full_name, person.position) == (expected, expected)


@pytest.mark.parametrize("year", [1899, 1000, -1990, 2999, timezone.localdate().year, "1990.5", "19 90"])
def test_an_implausible_year_of_birth_names_the_row_and_column(tree, register, year):
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        services.people_import(
            unit=tree.cao_lau, file=workbook([("Lò Văn Páo", 1990, "", ""), ("Hà Thị Mai", year, "", "")])
        )
    [message] = info.value.messages
    assert message.startswith("Dòng 3, cột Năm sinh: ")
    assert not Person.objects.filter(full_name="Lò Văn Páo").exists()


def test_a_too_long_name_names_the_row_and_column(tree, register):
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        services.people_import(unit=tree.cao_lau, file=workbook([("A" * 151, 1990, "B" * 201, "")]))
    assert info.value.messages == [
        "Dòng 2, cột Họ và tên: nội dung có 151 ký tự; tối đa 150 ký tự.",
        "Dòng 2, cột Chức vụ: nội dung có 201 ký tự; tối đa 200 ký tự.",
    ]


def test_the_import_page_refuses_a_formula_in_vietnamese(client, people, tree, register):
    client.force_login(people.officer)
    url = reverse("person_import", args=[tree.cao_lau.pk])
    response = client.post(url, {"file": workbook([("Hà Thị Mai", "=1/0", "", "")])})
    assert response.status_code == 400
    assert "Dòng 2, cột Năm sinh: Không chấp nhận công thức." in response.content.decode()
    assert not Person.objects.filter(full_name="Hà Thị Mai").exists()

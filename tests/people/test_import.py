"""Importing people from Excel: every row checked, nothing saved if one is wrong, the errors name the rows."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from people import services
from people.models import Person

pytestmark = pytest.mark.django_db


def workbook(rows, heading=("Họ và tên", "Năm sinh", "Chức vụ", "Tập thể")) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(heading))
    for row in rows:
        sheet.append(list(row))
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
    row = _(services.ERR_IMPORT_ROW)
    assert info.value.messages == [
        row % {"row": 3, "message": _(services.ERR_NAME_EMPTY)},
        row % {"row": 4, "message": _(services.ERR_IMPORT_BIRTH_YEAR) % {"value": "một chín chín hai"}},
        row
        % {"row": 4, "message": _(services.ERR_IMPORT_NO_COLLECTIVE) % {"name": "Không có", "unit": tree.cao_lau.name}},
        row % {"row": 5, "message": _(services.ERR_IMPORT_TWICE) % {"name": "Lò Văn Páo", "other": 2}},
        row
        % {"row": 6, "message": _(services.ERR_IMPORT_EXISTS) % {"name": "Nguyễn Thị Hoa", "unit": tree.cao_lau.name}},
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
    assert (_(services.ERR_IMPORT_ROW) % {"row": 3, "message": _(services.ERR_NAME_EMPTY)}) in response.content.decode()
    assert not Person.objects.filter(full_name="Hà Thị Mai").exists()
    response = client.post(url, {"file": workbook([("Hà Thị Mai", 1992, "", "")])})
    assert response.status_code == 302
    assert Person.objects.get(full_name="Hà Thị Mai").unit == tree.cao_lau
    client.force_login(people.leader)
    assert client.post(url, {"file": workbook([("Lê Lai", 1990, "", "")])}).status_code == 403

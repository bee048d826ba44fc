"""The award history before 2024 (awards/past.py): past decisions entered by hand or from Excel, marked historical,
checked against no rule, their printed titles mapped to today's, counted in consecutive-year chains."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from awards import past
from awards.catalogue import catalogue_ensure
from awards.eligibility import judge
from awards.models import AwardKind, AwardRecord, AwardRule, AwardType
from nominations.models import Nomination, NominationStatus
from people import services
from people.models import Collective, CollectiveKind, Person
from tests.factories import member

D = datetime.date
pytestmark = pytest.mark.django_db
ND91_CSTD_TINH = "Chiến sĩ thi đua cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh, thành phố trực thuộc trung ương"


@pytest.fixture
def cat(db):
    catalogue_ensure()
    return {t.code: t for t in AwardType.objects.all()}


@pytest.fixture
def hoa(tree):
    return Person.objects.create(unit=tree.cao_lau, full_name="Nguyễn Thị Hoa", birth_year=1985)


@pytest.fixture
def office(tree):
    return Collective.objects.create(unit=tree.cao_lau, kind=CollectiveKind.COLLECTIVE, name="Văn phòng UBND xã")


def sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(list(past.COLUMNS))
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("khen-thuong.xlsx", buffer.getvalue())


def row(name, title, year, *, birth_year=None, reference=None, kind="", day=None):
    decided = day or f"15/01/{year + 1}"
    by = "Chủ tịch UBND huyện Cao Lộc"
    return (name, birth_year, title, year, reference or f"{year}/QĐ-UBND", decided, by, kind, "")


def decided_2024(person, award_type):
    """The 2024 CSTĐCS as the decision issued here on 15/01/2025 writes it (not historical)."""
    return AwardRecord.objects.create(
        person=person,
        award_type=award_type,
        year=2024,
        award_kind=AwardKind.REGULAR,
        decision_reference="01/QĐ-UBND",
        decided_on=D(2025, 1, 15),
        decided_by="Chủ tịch UBND huyện Cao Lộc",
    )


# ------------------------------------------------------------------ chains


def test_a_chain_from_historical_2021_to_2023_and_2024_decided_makes_cstd_tinh_eligible(tree, cat, hoa):
    created = past.history_import(
        unit=tree.cao_lau,
        file=sheet([row("Nguyễn Thị Hoa", "Chiến sĩ thi đua cấp cơ sở", year) for year in (2021, 2022, 2023)]),
    )
    assert [(r.award_type.code, r.year, r.historical) for r in created] == [
        ("cstdcs", 2021, True),
        ("cstdcs", 2022, True),
        ("cstdcs", 2023, True),
    ]
    assert created[0].printed_title == "Chiến sĩ thi đua cấp cơ sở"  # as printed, mapped to today's CSTĐCS
    decided_2024(hoa, cat["cstdcs"])
    with translation.override("en"):
        verdict = judge(award_type=cat["cstd-tinh"], year=2024, person=hoa)
        assert verdict.eligible, verdict.summary()
        assert [c.label for c in verdict.checks] == ["CSTĐCS 2022", "CSTĐCS 2023", "CSTĐCS 2024"]
        assert "historical" in verdict.checks[0].detail and "2022/QĐ-UBND" in verdict.checks[0].detail
        assert "historical" not in verdict.checks[2].detail


def test_a_gap_year_breaks_the_chain(tree, cat, hoa):
    past.history_import(
        unit=tree.cao_lau,
        file=sheet([row("Nguyễn Thị Hoa", "Chiến sĩ thi đua cơ sở", year) for year in (2021, 2023)]),
    )
    decided_2024(hoa, cat["cstdcs"])
    with translation.override("en"):
        verdict = judge(award_type=cat["cstd-tinh"], year=2024, person=hoa)
    assert not verdict.eligible
    assert [(c.label, c.ok) for c in verdict.checks] == [
        ("CSTĐCS 2022", False),
        ("CSTĐCS 2023", True),
        ("CSTĐCS 2024", True),
    ]


def test_a_historical_ad_hoc_award_does_not_count(tree, cat, hoa):
    past.history_import(
        unit=tree.cao_lau,
        file=sheet(
            [
                row("Nguyễn Thị Hoa", "CSTĐCS", 2022, kind="đột xuất"),
                row("Nguyễn Thị Hoa", "CSTĐCS", 2023),
            ]
        ),
    )
    decided_2024(hoa, cat["cstdcs"])
    assert AwardRecord.objects.get(person=hoa, year=2022).award_kind == AwardKind.AD_HOC
    assert not judge(award_type=cat["cstd-tinh"], year=2024, person=hoa).eligible


def test_a_chain_of_cstd_tinh_printed_by_the_old_name_counts_for_cstd_toan_quoc(tree, cat, hoa):
    past.history_import(unit=tree.cao_lau, file=sheet([row("Nguyễn Thị Hoa", ND91_CSTD_TINH, 2023)]))
    AwardRecord.objects.create(
        person=hoa,
        award_type=cat["cstd-tinh"],
        year=2024,
        award_kind=AwardKind.REGULAR,
        decision_reference="55/QĐ-UBND",
        decided_on=D(2025, 2, 1),
        decided_by="Chủ tịch UBND tỉnh Lạng Sơn",
    )
    assert AwardRecord.objects.get(person=hoa, year=2023).award_type == cat["cstd-tinh"]
    assert judge(award_type=cat["cstd-toan-quoc"], year=2024, person=hoa).eligible


# ------------------------------------------------------------------ titles of the past, mapped to today's


def test_printed_titles_map_to_todays_titles(cat):
    def code(printed, individual=True):
        found = past.title_for(printed, individual=individual)
        return found.code if found else None

    assert code(ND91_CSTD_TINH) == "cstd-tinh"
    assert code("Danh hiệu “Chiến sĩ thi đua cơ sở”") == "cstdcs"
    assert code("Bằng khen của Chủ tịch UBND tỉnh Lạng Sơn") == "bang-khen-tinh"
    assert code("Bằng khen của Chủ tịch UBND tỉnh Lạng Sơn", individual=False) == "bang-khen-tinh-tt"
    assert code("Bằng khen cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh, thành phố trực thuộc trung ương") == (
        "bang-khen-tinh"
    )
    assert code("Tập thể lao động xuất sắc", individual=False) == "ttldxs"
    assert code("Thôn văn hoá", individual=False) == "thon-van-hoa"  # the old spelling of hóa
    assert code("Giấy khen của Chủ tịch UBND huyện Cao Lộc") == "giay-khen"
    assert code("Tập thể lao động xuất sắc") is None  # not for an individual
    assert code("Huân chương Lao động hạng Ba") is None  # not in the catalogue
    assert code("Bằng khen") is None  # whose? (a province's or the Prime Minister's)


def test_the_rules_of_the_history_judge_nothing(tree, cat, hoa):
    rule = AwardRule.objects.get(award_type=cat["cstdcs"], valid_from=D(2017, 9, 15))
    assert "91/2017/NĐ-CP" in rule.legal_basis and not rule.excellent_or_initiative
    with translation.override("en"):
        verdict = judge(award_type=cat["cstdcs"], year=2023, person=hoa)
    assert not verdict.eligible and verdict.rule is None
    assert "no rule for CSTĐCS is in force on 31/12/2023" in verdict.checks[0].label


# ------------------------------------------------------------------ no rule checks for historical records


def test_historical_records_are_not_checked_against_the_rules(tree, cat, hoa):
    # CSTĐ cấp tỉnh 2022 with no CSTĐCS before it, and LĐTT 2005, before any rule set of the catalogue.
    for award_type, year in ((cat["cstd-tinh"], 2022), (cat["ldtt"], 2005)):
        record = services.award_record_add(
            subject=hoa,
            award_type=award_type,
            year=year,
            award_kind=AwardKind.REGULAR,
            decision_reference=f"{year}/QĐ-UBND",
            decided_on=D(year + 1, 1, 10),
            decided_by="Chủ tịch UBND tỉnh Lạng Sơn",
        )
        assert record.historical and record.decision is None
    # A later award needs a rule in force: without one it is refused.
    AwardRule.objects.filter(award_type=cat["ldtt"], valid_from__gte=D(2024, 1, 1)).delete()
    with pytest.raises(ValidationError) as info:
        services.award_record_add(
            subject=hoa,
            award_type=cat["ldtt"],
            year=2024,
            award_kind=AwardKind.REGULAR,
            decision_reference="3/QĐ-UBND",
            decided_on=D(2025, 1, 10),
            decided_by="Chủ tịch UBND xã Cao Lâu",
        )
    assert info.value.message_dict["award_type"] == [
        _(services.ERR_AWARD_NO_RULE) % {"award": cat["ldtt"].name, "date": "31/12/2024", "year": 2024}
    ]
    assert not AwardRecord.objects.filter(person=hoa, year=2024).exists()


# ------------------------------------------------------------------ the Excel import


def test_bad_rows_are_refused_in_vietnamese_and_nothing_is_saved(tree, cat, hoa, office):
    services.award_record_add(
        subject=hoa,
        award_type=cat["ldtt"],
        year=2021,
        award_kind=AwardKind.REGULAR,
        decision_reference="9/QĐ-UBND",
        decided_on=D(2022, 1, 10),
        decided_by="Chủ tịch UBND huyện Cao Lộc",
    )
    Person.objects.create(unit=tree.huong_lam, full_name="Trần Văn Nam")  # in another province
    rows = [
        row("Nguyễn Thị Hoa", "Chiến sĩ thi đua cơ sở", 2022),  # good
        row("Văn phòng UBND xã", "Tập thể lao động tiên tiến", 2022),  # good
        row("Nguyễn Thị Hoa", "Huân chương Lao động hạng Ba", 2022),  # row 4: unknown title
        row("Trần Văn Nam", "Lao động tiên tiến", 2022),  # row 5: not in Cao Lâu
        row("Nguyễn Thị Hoa", "Lao động tiên tiến", 2022, day="31/02/2023"),  # row 6: no such date
        row("Nguyễn Thị Hoa", "Chiến sĩ thi đua cơ sở", 2022),  # row 7: twice in the file
        row("Nguyễn Thị Hoa", "Lao động tiên tiến", 2021),  # row 8: already in the history
        row("Nguyễn Thị Hoa", "Giấy khen", 2020, kind="khen miệng"),  # row 9: unknown kind
        ("", None, "", None, "", "", "", "", "ghi chú"),  # row 10: only a note
    ]
    before = AwardRecord.objects.count()
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        past.history_import(unit=tree.cao_lau, file=sheet(rows))
    messages = info.value.messages
    assert AwardRecord.objects.count() == before  # all or nothing
    rows_named = sorted({int(m.split(",")[0].removeprefix("Dòng ")) for m in messages})
    assert rows_named == [4, 5, 6, 7, 8, 9, 10]
    assert all(m.startswith("Dòng ") for m in messages)  # in Vietnamese
    with translation.override("vi"):
        unknown = _(past.ERR_TITLE_UNKNOWN) % {"title": "Huân chương Lao động hạng Ba", "recipient": _("an individual")}
        assert "Dòng 4, cột Danh hiệu, hình thức khen thưởng: " + unknown in messages
        assert any(m.startswith("Dòng 7") and "(dòng 2)" in m for m in messages)
        assert any(m.startswith("Dòng 8") and "9/QĐ-UBND" in m for m in messages)


def test_a_person_is_told_apart_by_the_year_of_birth(tree, cat, hoa):
    Person.objects.create(unit=tree.village, full_name="Nguyễn Thị Hoa", birth_year=1990)
    with pytest.raises(ValidationError) as info:
        past.history_import(unit=tree.cao_lau, file=sheet([row("Nguyễn Thị Hoa", "LĐTT", 2022)]))
    assert "2" in info.value.messages[0]
    (record,) = past.history_import(
        unit=tree.cao_lau, file=sheet([row("nguyễn thị hoa", "LĐTT", 2022, birth_year=1985)])
    )
    assert record.person == hoa


def test_the_template_downloads_and_reads_back(client, tree, cat, hoa, people):
    client.force_login(people.officer)
    response = client.get(reverse("award_import_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    first = book.worksheets[0]
    assert tuple(c.value for c in first[1]) == past.COLUMNS
    first["A2"] = "Nguyễn Thị Hoa"
    first["B2"] = 1985
    buffer = io.BytesIO()
    book.save(buffer)
    url = reverse("award_import", args=[tree.cao_lau.pk])
    response = client.post(url, {"file": SimpleUploadedFile("k.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    record = AwardRecord.objects.get(person=hoa)
    assert (record.award_type.code, record.year, record.decision_reference, record.decided_on) == (
        "cstdcs",
        2022,
        "125/QĐ-UBND",
        D(2022, 12, 20),
    )
    assert record.historical and record.entered_by == people.officer
    page = client.get(reverse("person_detail", args=[hoa.pk])).content.decode()
    assert "125/QĐ-UBND" in page and _("historical") in page


def test_the_import_stays_in_scope(client, tree, cat, hoa, people):
    file = sheet([row("Nguyễn Thị Hoa", "LĐTT", 2022)])
    client.force_login(people.sibling_officer)
    assert client.post(reverse("award_import", args=[tree.cao_lau.pk]), {"file": file}).status_code == 404
    outsider = member(tree.thach_dan, Role.OFFICER, username="nhap.thachdan")
    with pytest.raises(ValidationError):
        past.history_import(unit=tree.cao_lau, file=sheet([row("Nguyễn Thị Hoa", "LĐTT", 2022)]), user=outsider)
    assert not AwardRecord.objects.filter(person=hoa).exists()


def test_the_eligibility_page_shows_the_historical_years(client, tree, cat, hoa, people):
    past.history_import(unit=tree.cao_lau, file=sheet([row("Nguyễn Thị Hoa", "CSTĐCS", year) for year in (2022, 2023)]))
    decided_2024(hoa, cat["cstdcs"])
    nomination = Nomination.objects.create(
        person=hoa,
        unit=tree.cao_lau,
        award_type=cat["cstd-tinh"],
        year=2024,
        status=NominationStatus.DRAFT,
        award_kind=AwardKind.REGULAR,
    )
    client.force_login(people.officer)
    client.post(reverse("nomination_check", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.eligible
    page = client.get(reverse("nomination_detail", args=[nomination.pk])).content.decode()
    assert "2022/QĐ-UBND" in page and "2023/QĐ-UBND" in page


def test_a_2022_provincial_decision_is_entered_on_the_persons_page(client, tree, cat, hoa, people):
    client.force_login(people.officer)
    response = client.post(
        reverse("person_award_add", args=[hoa.pk]),
        {
            "award-award_type": cat["bang-khen-tinh"].pk,
            "award-year": 2022,
            "award-award_kind": AwardKind.REGULAR,
            "award-decision_reference": "2150/QĐ-UBND",
            "award-decided_on": "28/12/2022",
            "award-decided_by": "Chủ tịch UBND tỉnh Lạng Sơn",
            "award-printed_title": f"Bằng khen {ND91_CSTD_TINH.removeprefix('Chiến sĩ thi đua ')}",
        },
    )
    assert response.status_code == 302
    record = AwardRecord.objects.get(person=hoa)
    assert (record.award_type, record.year, record.historical) == (cat["bang-khen-tinh"], 2022, True)
    assert record.printed_title.startswith("Bằng khen cấp bộ, ban, ngành")
    page = client.get(reverse("person_detail", args=[hoa.pk])).content.decode()
    assert "2150/QĐ-UBND" in page and "Bằng khen cấp bộ, ban, ngành" in page
    client.force_login(people.sibling_officer)  # Xã Thạch Đạn's officer: not their person
    assert client.post(reverse("person_award_add", args=[hoa.pk]), {}).status_code == 404

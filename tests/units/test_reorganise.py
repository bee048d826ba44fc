"""History follows the successor, and the merge/split tool (units/reorganise.py): the service, its two commands and
the admin page. The 2025 merger is played on the small tree (tests/merger.py)."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from awards.models import AwardKind, AwardRecord, AwardType
from people.models import Collective, CollectiveKind, Initiative, Person, Rating, TaskRating
from tests.factories import unit
from tests.merger import merge_2025, two_tier
from units import reorganise as service
from units.models import Edition, Unit, UnitSuccession

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 9, 1)


@pytest.fixture
def staff(tree):
    """People and collectives of Xã Cao Lâu, its village and Xã Thạch Đạn, with records."""
    office = Collective.objects.create(unit=tree.cao_lau, kind=CollectiveKind.COLLECTIVE, name="Văn phòng UBND xã")
    other_office = Collective.objects.create(
        unit=tree.thach_dan, kind=CollectiveKind.COLLECTIVE, name="Văn phòng UBND xã"
    )
    village = Collective.objects.create(
        unit=tree.cao_lau, kind=CollectiveKind.VILLAGE, name="Thôn Khòn Khuyên", linked_unit=tree.village
    )
    hoa = Person.objects.create(unit=tree.cao_lau, collective=office, full_name="Nguyễn Thị Hoa")
    binh = Person.objects.create(unit=tree.thach_dan, collective=other_office, full_name="Lý Văn Bình")
    tuan = Person.objects.create(unit=tree.village, full_name="Hoàng Văn Tuấn")  # kept in the village
    far = Person.objects.create(unit=tree.huong_lam, full_name="Người ở Hương Lâm")  # not merged
    TaskRating.objects.create(person=hoa, year=2024, rating=Rating.EXCELLENT)
    TaskRating.objects.create(collective=office, year=2024, rating=Rating.GOOD)
    Initiative.objects.create(
        person=hoa, code="SK-2024-03", title="Sổ tay", recognised_by="UBND xã", recognised_on=datetime.date(2024, 11, 2)
    )
    AwardRecord.objects.create(
        person=hoa,
        award_type=AwardType.objects.get(code="cstdcs"),
        year=2024,
        award_kind=AwardKind.REGULAR,
        decision_reference="05/QĐ-UBND",
        decided_on=datetime.date(2025, 1, 10),
        decided_by="Chủ tịch UBND huyện Cao Lộc",
    )
    return office, other_office, village, hoa, binh, tuan, far


def test_people_and_collectives_follow_the_main_successor_with_their_records(tree, people, staff):
    office, other_office, village, hoa, binh, tuan, far = staff
    new = merge_2025(tree)

    plan = service.follow_successors()  # the preview changes nothing
    assert {m.subject.pk for m in plan.people} == {hoa.pk, binh.pk, tuan.pk}
    assert {m.target for m in plan.people} == {new.ba_son}
    assert Person.objects.get(pk=hoa.pk).unit == tree.cao_lau and not plan.applied

    plan = service.follow_successors(apply=True, reason="Nghị quyết 1672/NQ-UBTVQH15")
    assert plan.applied
    for person in (hoa, binh, tuan):
        person.refresh_from_db()
        assert person.unit == new.ba_son
    far.refresh_from_db()
    assert far.unit == tree.huong_lam
    for collective in (office, other_office, village):
        collective.refresh_from_db()
        assert collective.unit == new.ba_son
    # Two "Văn phòng UBND xã" in one commune: the second keeps its former commune's name in brackets.
    assert {office.name, other_office.name} == {"Văn phòng UBND xã", "Văn phòng UBND xã (Xã Thạch Đạn)"}
    assert village.linked_unit == tree.village  # what it is stays as it was
    assert hoa.collective == office  # members stay in their collective
    # The records stay attached to the person and the collective.
    assert hoa.ratings.get().year == 2024 and office.ratings.get().rating == Rating.GOOD
    assert hoa.initiatives.get().code == "SK-2024-03" and hoa.awards.get().decision_reference == "05/QĐ-UBND"
    # Audited: the move is in each row's history with the reason.
    last = hoa.history.first()
    assert last.unit_id == new.ba_son.pk and last.history_change_reason == "Nghị quyết 1672/NQ-UBTVQH15"

    with translation.override("vi"):  # the accounts of Xã Cao Lâu are listed, not moved
        assert [m.user.username for m in plan.accounts] == [
            "canbo.caolau",
            "lanhdao.caolau",
            "vanthu.caolau",
            "canbo.thachdan",
        ]
        assert "Tài khoản giữ nguyên: canbo.caolau (Cán bộ, công chức) làm việc cho Xã Cao Lâu" in "\n".join(
            plan.lines()
        )

    again = service.follow_successors(apply=True)  # idempotent
    assert again.people == [] and again.collectives == [] and again.changes == 0
    assert hoa.history.count() == 2


def test_a_successor_that_ceased_too_passes_them_on_and_a_unit_without_one_keeps_them(tree, staff):
    office, _other, _village, hoa, binh, _tuan, _far = staff
    new = merge_2025(tree)
    Unit.objects.filter(pk=new.ba_son.pk).update(valid_until=datetime.date(2026, 12, 31), successor=new.hoang_van_thu)
    Unit.objects.filter(pk=tree.thach_dan.pk).update(successor=None)  # ceased without a successor
    plan = service.follow_successors(apply=True)
    hoa.refresh_from_db()
    binh.refresh_from_db()
    assert hoa.unit == new.hoang_van_thu
    assert binh.unit == tree.thach_dan and plan.stranded == [Unit.objects.get(pk=tree.thach_dan.pk)]
    with translation.override("vi"):
        assert any("Xã Thạch Đạn" in line and "không có đơn vị kế thừa" in line for line in plan.lines())


def test_follow_successors_command_dry_run_then_run(tree, staff):
    _office, _other, _village, hoa, *_ = staff
    new = merge_2025(tree)
    out = StringIO()
    call_command("units_follow_successors", "--dry-run", stdout=out)
    assert "Nguyễn Thị Hoa" in out.getvalue() and "Chạy thử: không thay đổi gì." in out.getvalue()
    hoa.refresh_from_db()
    assert hoa.unit == tree.cao_lau
    out = StringIO()
    call_command("units_follow_successors", stdout=out)
    hoa.refresh_from_db()
    assert hoa.unit == new.ba_son and "3 người" in out.getvalue()
    out = StringIO()
    call_command("units_follow_successors", stdout=out)
    assert "Không có gì thay đổi." in out.getvalue()


def test_a_successor_commune_gets_its_own_collective_once(tree):
    cao_lau = Collective.objects.create(
        unit=tree.cao_lau, kind=CollectiveKind.COMMUNE, name="Xã Cao Lâu", linked_unit=tree.cao_lau
    )
    new = merge_2025(tree)
    plan = service.follow_successors(apply=True, reason="NQ 1672")
    created = Collective.objects.get(linked_unit=new.ba_son)
    assert (created.kind, created.name, created.unit) == (CollectiveKind.COMMUNE, "Xã Ba Sơn", new.ba_son)
    assert created.history.get().history_change_reason == "NQ 1672"
    assert plan.created[0][1] == [cao_lau]
    cao_lau.refresh_from_db()
    assert cao_lau.unit == new.ba_son and cao_lau.linked_unit == tree.cao_lau  # kept, as what it was
    with translation.override("vi"):
        assert "Tạo tập thể: Xã Ba Sơn, do Xã Ba Sơn quản lý, kế tục Xã Cao Lâu." in plan.lines()
    assert service.follow_successors(apply=True).changes == 0  # not twice


# ---------------------------------------------------------------- merge and split


@pytest.fixture
def communes(tree):
    """Three communes of the two-tier Lạng Sơn, valid from 1/7/2025, with people."""
    new = two_tier(tree)
    xa_c = unit(
        new.lang_son, code="06230", edition=Edition.E2025_07, short_name="Mới", valid_from=new.ba_son.valid_from
    )
    people = {
        name: Person.objects.create(unit=where, full_name=name)
        for name, where in (("Người Ba Sơn", new.ba_son), ("Người Hoàng Văn Thụ", new.hoang_van_thu))
    }
    return new, xa_c, people


def test_merge_preview_then_apply_in_one_transaction(tree, people, communes):
    new, xa_c, persons = communes
    kwargs = {"kind": service.MERGE, "sources": "06202, 06229", "targets": "06230", "on": ON, "reason": "NQ 99/2026"}
    plan = service.reorganise(**kwargs)
    assert [u.code for u in plan.ceased] == ["06202", "06229"] and not plan.applied
    assert [(o.code, n.code, main) for o, n, main in plan.successions] == [
        ("06202", "06230", True),
        ("06229", "06230", True),
    ]
    assert {m.subject.full_name for m in plan.people} == set(persons)
    assert Unit.objects.get(pk=new.ba_son.pk).valid_until is None and not UnitSuccession.objects.exists()

    plan = service.reorganise(**kwargs, apply=True, user=people.superuser)
    ba_son = Unit.objects.get(pk=new.ba_son.pk)
    assert ba_son.valid_until == datetime.date(2026, 8, 31) and ba_son.successor == xa_c
    assert set(UnitSuccession.objects.values_list("old__code", "new__code", "is_main")) == {
        ("06202", "06230", True),
        ("06229", "06230", True),
    }
    assert set(Person.objects.filter(full_name__in=persons).values_list("unit", flat=True)) == {xa_c.pk}
    # Audited with the reason and the user: the unit, the succession, the people.
    unit_history = ba_son.history.first()
    assert unit_history.history_change_reason == "NQ 99/2026" and unit_history.history_user == people.superuser
    succession = UnitSuccession.objects.get(old=ba_son)
    assert succession.history.get().history_change_reason == "NQ 99/2026"
    assert persons["Người Ba Sơn"].history.first().history_change_reason == "NQ 99/2026"

    with pytest.raises(ValidationError) as error, translation.override("vi"):  # done once only
        service.reorganise(**kwargs, apply=True)
    assert any("đã chấm dứt hoạt động" in message for message in error.value.messages)


def test_split_marks_the_main_successor_and_moves_people_to_it(tree, communes):
    new, xa_c, persons = communes
    plan = service.reorganise(
        kind=service.SPLIT, sources="06202", targets="06229,06230", main="06230", on=ON, reason="NQ 100", apply=True
    )
    assert plan.applied
    assert set(UnitSuccession.objects.values_list("new__code", "is_main")) == {("06229", False), ("06230", True)}
    assert Unit.objects.get(pk=new.ba_son.pk).successor == xa_c
    assert Person.objects.get(full_name="Người Ba Sơn").unit == xa_c
    assert Person.objects.get(full_name="Người Hoàng Văn Thụ").unit == new.hoang_van_thu  # not split


def test_a_split_sends_a_stated_village_to_another_successor(tree, communes):
    new, xa_c, _persons = communes
    village = unit(
        new.ba_son, code="06202.01", edition=Edition.E2025_07, kind="village", unit_type="thôn", short_name="Nà Lệnh",
        official=False,
    )  # fmt: skip
    villager = Person.objects.create(unit=village, full_name="Người Nà Lệnh")
    out = StringIO()
    call_command(
        "reorganise_units", "--split", "06202", "--into", "06229,06230", "--main", "06230",
        "--part", "06202.01=06229", "--on", "01/09/2026", "--reason", "NQ 100", stdout=out,
    )  # fmt: skip
    villager.refresh_from_db()
    assert villager.unit == new.hoang_van_thu  # as stated
    assert Person.objects.get(full_name="Người Ba Sơn").unit == xa_c  # the main successor
    assert "Chuyển người: Người Nà Lệnh, Thôn Nà Lệnh → Xã Hoàng Văn Thụ." in out.getvalue()


@pytest.mark.parametrize(
    ("kind", "parts", "expected"),
    [
        (service.MERGE, "06229=06230", "Chỉ khi chia tách"),
        (service.SPLIT, "06229=06230", "không phải là thôn, cơ quan của đơn vị được chia tách"),
        (service.SPLIT, "06202=20", "chỉ có thể chuyển sang một trong các đơn vị được chia ra"),
        (service.SPLIT, "06229", "Không có đơn vị nào mang mã “”"),
    ],
)
def test_stated_parts_are_checked(tree, communes, kind, parts, expected):
    targets = "06230" if kind == service.MERGE else "06229,06230"
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        service.reorganise(kind=kind, sources="06202", targets=targets, parts=parts, on=ON, reason="NQ", apply=True)
    assert any(expected in message for message in error.value.messages), error.value.messages
    assert not UnitSuccession.objects.exists()


def test_all_or_nothing(tree, communes, monkeypatch):
    new, _xa_c, _persons = communes

    def broken(plan, *, user):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(service, "_write_moves", broken)
    with pytest.raises(RuntimeError):
        service.reorganise(kind=service.MERGE, sources="06202", targets="06230", on=ON, reason="NQ 99/2026", apply=True)
    assert Unit.objects.get(pk=new.ba_son.pk).valid_until is None
    assert not UnitSuccession.objects.exists() and Person.objects.get(full_name="Người Ba Sơn").unit == new.ba_son


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"sources": "99999", "targets": "06230"}, "Không có đơn vị nào mang mã “99999” trong danh mục 2025-07."),
        ({"sources": "2025-01:06196", "targets": "06230"}, "phải thuộc cùng một danh mục"),
        ({"sources": "06202", "targets": "06230", "on": datetime.date(2025, 7, 1)}, "phải sau ngày Xã Ba Sơn"),
        ({"sources": "06202", "targets": "06202"}, "vừa chấm dứt hoạt động vừa là đơn vị kế thừa"),
        ({"sources": "06202", "targets": "06230", "reason": " "}, "Hãy ghi lý do"),
        ({"sources": "06202", "targets": "20"}, "cùng một cấp"),
        ({"sources": "06202", "targets": "2026-01:06230"}, "“2026-01” không phải là một danh mục đơn vị"),
        ({"sources": "06202", "targets": "06230", "reason": "x" * 101}, "Lý do dài quá 100 ký tự"),
        ({"sources": "06202", "targets": "06230", "on": datetime.date(1899, 12, 31)}, "31/12/1899"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_changes(tree, communes, kwargs, expected):
    arguments = {"kind": service.MERGE, "on": ON, "reason": "NQ 99/2026", **kwargs}
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        service.reorganise(**arguments, apply=True)
    assert any(expected in message for message in error.value.messages), error.value.messages
    assert not UnitSuccession.objects.exists()


def test_an_already_ceased_unit_is_refused(tree, communes):
    Unit.objects.filter(code="06229").update(valid_until=datetime.date(2026, 3, 31))
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        service.reorganise(kind=service.MERGE, sources="06229", targets="06230", on=ON, reason="NQ")
    assert error.value.messages == [
        "Xã Hoàng Văn Thụ (mã 06229) đã chấm dứt hoạt động: chỉ có hiệu lực đến ngày 31/03/2026."
    ]


def test_split_needs_its_main_among_the_successors(tree, communes):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        service.reorganise(
            kind=service.SPLIT, sources="06202", targets="06229,06230", main="20", on=ON, reason="NQ", apply=True
        )
    assert "Đơn vị kế thừa chính “20” phải là một trong các đơn vị được chia ra." in error.value.messages


def test_reorganise_command(tree, communes):
    new, xa_c, _persons = communes
    out = StringIO()
    call_command(
        "reorganise_units", "--merge", "06202,06229", "--into", "06230", "--on", "01/09/2026", "--reason", "NQ 99",
        "--dry-run", stdout=out,
    )  # fmt: skip
    assert "Chấm dứt: Xã Ba Sơn (mã 06202)" in out.getvalue() and "Chạy thử" in out.getvalue()
    assert Unit.objects.get(pk=new.ba_son.pk).valid_until is None
    call_command(
        "reorganise_units", "--split", "06202", "--into", "06229,06230", "--main", "06230", "--on", "01/09/2026",
        "--reason", "NQ 100", stdout=StringIO(),
    )  # fmt: skip
    assert Unit.objects.get(pk=new.ba_son.pk).successor == xa_c
    with pytest.raises(CommandError) as error:
        call_command(
            "reorganise_units", "--merge", "06229", "--into", "06230", "--on", "31/02/2026", "--reason", "NQ",
        )  # fmt: skip
    assert "“31/02/2026” không phải là ngày: hãy viết theo dạng dd/mm/yyyy." in str(error.value)


# ---------------------------------------------------------------- the admin page


def test_admin_page_previews_then_applies(client, tree, people, communes):
    new, xa_c, _persons = communes
    url = reverse("admin:units_unit_reorganise")
    client.force_login(people.superuser)
    assert client.get(url + "?sources=06202&edition=2025-07").status_code == 200
    data = {
        "kind": "merge",
        "edition": "2025-07",
        "sources": "06202",
        "targets": "06230",
        "main": "",
        "on": "01/09/2026",
        "reason": "NQ 99/2026",
    }
    response = client.post(url, {**data, "action": "apply"}, HTTP_ACCEPT_LANGUAGE="vi")  # not previewed: a preview
    html = response.content.decode()
    assert response.status_code == 200 and 'data-role="plan"' in html and "Người Ba Sơn" in html
    assert Unit.objects.get(pk=new.ba_son.pk).valid_until is None
    token = response.context["previewed"]
    response = client.post(url, {**data, "action": "apply", "previewed": token})
    assert response.status_code == 200 and response.context["done"]
    assert Unit.objects.get(pk=new.ba_son.pk).successor == xa_c
    assert Person.objects.get(full_name="Người Ba Sơn").unit == xa_c

    response = client.post(url, {**data, "action": "preview"}, HTTP_ACCEPT_LANGUAGE="vi")  # again: refused
    assert response.status_code == 200 and "đã chấm dứt hoạt động" in response.content.decode()
    for on, expected in (("hôm qua", "“hôm qua” không phải là ngày"), ("31/12/1899", "31/12/1899")):
        response = client.post(url, {**data, "on": on, "action": "preview"}, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200 and expected in response.content.decode()
    response = client.post(url, {**data, "sources": "06202\x00", "action": "preview"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200 and response.context["form"].errors


def test_admin_page_is_for_staff_only(client, people):
    url = reverse("admin:units_unit_reorganise")
    client.force_login(people.province_admin)
    assert client.get(url).status_code == 302  # the admin's own log-in page
    assert client.post(url, {"kind": "merge"}).status_code == 302


def test_the_units_list_action_opens_the_page_with_the_selected_codes(client, tree, people, communes):
    new, xa_c, _persons = communes
    client.force_login(people.superuser)
    response = client.post(
        reverse("admin:units_unit_changelist"),
        {"action": "reorganise_selected", "_selected_action": [new.ba_son.pk, new.hoang_van_thu.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:units_unit_reorganise") + "?sources=06202%2C+06229&edition=2025-07"
    html = client.get(response["Location"]).content.decode()
    assert 'value="06202, 06229"' in html


def test_a_preview_applies_minutes_after_it_was_shown_not_hours_nor_for_other_values(monkeypatch):
    """The preview's token holds the time it was signed: the apply button, pressed seconds or minutes after the
    preview, applies it (it was compared as a string with a token signed anew, equal only within the same second);
    an hour after, or for values other than those previewed, the page shows a preview again."""
    import time

    from units import admin as units_admin

    data = {"kind": "merge", "edition": "2025-07", "sources": "06202", "targets": "06230", "on": "01/09/2026"}
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now - 90)
    token = units_admin._preview_token(data)
    monkeypatch.setattr("django.core.signing.time.time", lambda: now)
    assert units_admin._was_previewed(token, data)
    assert not units_admin._was_previewed(token, {**data, "targets": "06231"})
    assert not units_admin._was_previewed("forged", data)
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + units_admin.PREVIEW_MAX_AGE + 60)
    assert not units_admin._was_previewed(token, data)

import pytest
from django.core.exceptions import ValidationError

from units import services
from units.models import MemberRole, Unit, UnitKind, UnitType
from units.text import search_key

pytestmark = pytest.mark.django_db


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.mark.smoke
def test_search_key_folds_diacritics_and_d():
    assert search_key("Xã Cao Lâu") == "xa cao lau"
    assert search_key("Xã  Thạch   Đạn") == "xa thach dan"
    assert search_key("Xa\u0303 Cao La\u0302u") == "xa cao lau"  # decomposed input


def test_search_finds_with_or_without_diacritics(tree):
    assert list(Unit.objects.search("cao lau")) == [tree.cao_lau]
    assert list(Unit.objects.search("Cao Lâu")) == [tree.cao_lau]
    assert list(Unit.objects.search("THACH DAN")) == [tree.thach_dan]
    assert list(Unit.objects.search("   ")) == []


def test_a_village_is_added_under_a_commune_with_a_numbered_code(tree):
    village = services.unit_add_child(
        parent=tree.cao_lau, kind=UnitKind.VILLAGE, unit_type=UnitType.THON, name="Thôn Nà Pàn"
    )
    assert village.code == "06196.02"  # the fixture already has .01
    assert Unit.objects.get_parent(village) == tree.cao_lau
    assert village.short_name == "Thôn Nà Pàn" and not village.official
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_a_village_directly_under_a_province_is_refused(tree):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_add_child(parent=tree.lang_son, kind=UnitKind.VILLAGE, unit_type=UnitType.THON, name="Thôn 1")
    assert "Village" in _messages(excinfo) or "thôn" in _messages(excinfo).lower()
    assert Unit.objects.get_children_count(tree.lang_son) == 2


def test_decomposed_name_is_the_same_as_the_composed_one(tree):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_add_child(
            parent=tree.cao_lau,
            kind=UnitKind.VILLAGE,
            unit_type=UnitType.THON,
            name="Tho\u0302n Kho\u0300n Khuye\u0302n",
        )
    assert "Thôn Khòn Khuyên" in _messages(excinfo)


def test_a_duplicate_code_is_refused(tree):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_add_child(
            parent=tree.cao_lau,
            kind=UnitKind.AGENCY,
            unit_type=UnitType.DOAN_THE,
            name="Hội Nông dân xã",
            code="06196.01",
        )
    assert "06196.01" in _messages(excinfo)


def test_an_over_long_name_is_refused(tree):
    with pytest.raises(ValidationError):
        services.unit_add_child(parent=tree.cao_lau, kind=UnitKind.VILLAGE, unit_type=UnitType.THON, name="T" * 151)
    assert Unit.objects.get_children_count(tree.cao_lau) == 1


def test_a_type_that_does_not_fit_the_kind_is_refused(tree):
    with pytest.raises(ValidationError):
        services.unit_add_child(parent=tree.cao_lau, kind=UnitKind.VILLAGE, unit_type=UnitType.PHUONG, name="X")


def test_official_units_are_not_edited_here(tree):
    with pytest.raises(ValidationError):
        services.unit_update(unit=tree.cao_lau, unit_type=UnitType.XA, name="Xã Khác", short_name="", code="1")


def test_cluster_members_must_be_under_the_organiser_and_roles_single(tree):
    specs = [services.MemberSpec(tree.cao_lau, MemberRole.LEADER), services.MemberSpec(tree.huong_lam)]
    with pytest.raises(ValidationError) as excinfo:
        services.cluster_save(
            cluster=None, organiser=tree.cao_loc, year=2024, kind="cluster", name="Cụm 1", note="", members=specs
        )
    assert "Xã Hương Lâm" in _messages(excinfo)
    specs = [
        services.MemberSpec(tree.cao_lau, MemberRole.LEADER),
        services.MemberSpec(tree.thach_dan, MemberRole.LEADER),
    ]
    with pytest.raises(ValidationError):
        services.cluster_save(
            cluster=None, organiser=tree.cao_loc, year=2024, kind="cluster", name="Cụm 1", note="", members=specs
        )


def test_leader_and_deputy_can_swap(tree):
    cluster = services.cluster_save(
        cluster=None,
        organiser=tree.cao_loc,
        year=2024,
        kind="cluster",
        name="Cụm 1",
        note="",
        members=[
            services.MemberSpec(tree.cao_lau, MemberRole.LEADER),
            services.MemberSpec(tree.thach_dan, MemberRole.DEPUTY),
        ],
    )
    services.cluster_save(
        cluster=cluster,
        organiser=tree.cao_loc,
        year=2025,
        kind="cluster",
        name="Cụm 1",
        note="luân phiên",
        members=[
            services.MemberSpec(tree.cao_lau, MemberRole.DEPUTY),
            services.MemberSpec(tree.thach_dan, MemberRole.LEADER),
        ],
    )
    roles = dict(cluster.members.values_list("unit__short_name", "role"))
    assert roles == {"Cao Lâu": "deputy", "Thạch Đạn": "leader"}
    assert cluster.history.count() == 2


def test_scope_of_a_user_is_the_union_of_subtrees(tree, people):
    visible = set(Unit.objects.restrict(people.reviewer).values_list("short_name", flat=True))
    assert visible == {"Cao Lộc", "Cao Lâu", "Thạch Đạn", "Khòn Khuyên"}
    assert list(Unit.objects.restrict(people.sibling_officer).values_list("short_name", flat=True)) == ["Thạch Đạn"]
    from django.contrib.auth.models import AnonymousUser

    assert Unit.objects.restrict(AnonymousUser()).count() == 0

"""Loading the official unit lists (units/loading.py, manage.py load_units)."""

import hashlib
import unicodedata
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from units import loading, successions
from units.loading import EDITIONS, LoadResult, UnitLoadError, unit_short_name, units_load_edition
from units.management.commands.load_units import result_lines
from units.models import Edition, Unit, UnitKind, UnitType

pytestmark = pytest.mark.django_db

HEADER = "code\tparent_code\tkind\ttype\tname"

# A small piece of the real 2025-01 list: Lạng Sơn with a thành phố, a huyện and a few communes.
LANG_SON = [
    ("20", "", "province", "tỉnh", "Tỉnh Lạng Sơn"),
    ("178", "20", "district", "thành phố", "Thành phố Lạng Sơn"),
    ("05971", "178", "commune", "phường", "Phường Hoàng Văn Thụ"),
    ("183", "20", "district", "huyện", "Huyện Cao Lộc"),
    ("06184", "183", "commune", "thị trấn", "Thị trấn Đồng Đăng"),
    ("06196", "183", "commune", "xã", "Xã Cao Lâu"),
    ("06199", "183", "commune", "xã", "Xã Thạch Đạn"),
    ("185", "20", "district", "huyện", "Huyện Văn Lãng"),
]


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted by their English msgids, whatever translations the catalogue holds."""
    with translation.override("en"):
        yield


def write_tsv(tmp_path, rows, name="units.tsv", header=HEADER):
    path = tmp_path / name
    lines = [header] + ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_small(tmp_path, rows=LANG_SON, edition="2025-01", name="units.tsv") -> LoadResult:
    return units_load_edition(edition=edition, path=write_tsv(tmp_path, rows, name=name))


def snapshot():
    """Count and checksum of every unit, to prove a failed load left the table as it was."""
    rows = list(
        Unit.objects.order_by("pk").values_list(
            "pk", "edition", "code", "name", "short_name", "unit_type", "path", "depth", "numchild", "valid_until"
        )
    )
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def tree_problems() -> list[str]:
    """What Unit.objects.find_problems() checks, in one query (find_problems runs two queries per unit, too slow
    for the 14,000 units of both editions)."""
    rows = list(Unit.objects.values_list("code", "path", "depth", "numchild"))
    paths = {path for _, path, _, _ in rows}
    children = Counter(path[: -Unit.steplen] for _, path, _, _ in rows if len(path) > Unit.steplen)
    problems = []
    for code, path, depth, numchild in rows:
        if len(path) % Unit.steplen or any(ch not in Unit.alphabet for ch in path):
            problems.append(f"{code}: bad path {path}")
        elif len(path) > Unit.steplen and path[: -Unit.steplen] not in paths:
            problems.append(f"{code}: orphan {path}")
        elif depth != len(path) // Unit.steplen:
            problems.append(f"{code}: depth {depth} for {path}")
        elif numchild != children[path]:
            problems.append(f"{code}: numchild {numchild}, has {children[path]}")
    return problems


def no_problems(parent=None) -> bool:
    return all(not ids for ids in Unit.objects.find_problems(parent))


def get(code, edition="2025-01") -> Unit:
    return Unit.objects.get(edition=edition, code=code)


def written(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


# ---------------------------------------------------------------- the full official lists


def test_full_load_of_both_editions():
    first = units_load_edition(edition="2025-01")
    second = units_load_edition(edition="2025-07")

    assert (first.created, first.changes, first.total) == (10_810, 10_810, 10_810)
    assert (second.created, second.changes, second.total) == (3_355, 3_355, 3_355)
    counts = Counter(Unit.objects.values_list("edition", "kind"))
    assert counts == {
        ("2025-01", "province"): 63,
        ("2025-01", "district"): 696,
        ("2025-01", "commune"): 10_051,
        ("2025-07", "province"): 34,
        ("2025-07", "commune"): 3_321,
    }
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 63 + 34
    types_2025_07 = Counter(Unit.objects.filter(edition="2025-07").values_list("unit_type", flat=True))
    assert types_2025_07 == {
        UnitType.TINH: 28,
        UnitType.THANH_PHO_TW: 6,
        UnitType.XA: 2_621,
        UnitType.PHUONG: 687,
        UnitType.DAC_KHU: 13,
    }
    assert tree_problems() == []
    assert Unit.objects.filter(depth=1).count() == 97
    assert not Unit.objects.filter(official=False).exists()

    cao_lau = get("06196")
    assert [u.name for u in Unit.objects.get_ancestors(cao_lau)] == ["Tỉnh Lạng Sơn", "Huyện Cao Lộc"]
    assert (cao_lau.short_name, cao_lau.search_name, cao_lau.depth) == ("Cao Lâu", "xa cao lau", 3)
    assert (cao_lau.valid_from, str(cao_lau.valid_until)) == (None, "2025-06-30")
    assert Unit.objects.get_parent(get("06199")) == get("183")
    assert no_problems(parent=get("20"))  # treebeard's own check, on one province

    assert get("01").unit_type == UnitType.THANH_PHO_TW and get("01").short_name == "Hà Nội"
    assert (get("178").unit_type, get("178").name) == (UnitType.THANH_PHO, "Thành phố Lạng Sơn")
    assert (get("381").unit_type, get("381").short_name) == (UnitType.THI_XA, "Bỉm Sơn")
    assert get("760").unit_type == UnitType.QUAN and get("760").short_name == "Quận 1"
    assert get("06184").unit_type == UnitType.THI_TRAN and get("06184").short_name == "Đồng Đăng"
    assert get("00001").unit_type == UnitType.PHUONG and get("00001").name == "Phường Phúc Xá"
    assert get("06196").unit_type == UnitType.XA

    assert get("04", "2025-07").name == "Tỉnh Cao Bằng"
    phu_quoc = get("31078", "2025-07")
    assert (phu_quoc.unit_type, phu_quoc.short_name, str(phu_quoc.valid_from)) == (
        UnitType.DAC_KHU,
        "Phú Quốc",
        "2025-07-01",
    )
    assert Unit.objects.get_parent(phu_quoc).kind == UnitKind.PROVINCE and phu_quoc.depth == 2
    assert list(Unit.objects.search("cao lau").values_list("code", flat=True)) == ["06196"]

    # A second load of the same files changes nothing and writes nothing.
    with CaptureQueriesContext(connection) as queries:
        again = [units_load_edition(edition=edition) for edition in ("2025-01", "2025-07")]
    assert [(r.changes, r.unchanged, r.missing) for r in again] == [(0, 10_810, 0), (0, 3_355, 0)]
    assert written(queries.captured_queries) == []
    assert len(queries.captured_queries) <= 10

    # The successors of the real file, on top of the real editions (tests/units/test_successions.py checks the file).
    loaded = successions.units_load_successors()
    assert (loaded.created, loaded.successors_set) == (11_375, 10_049 + 696 + 63)
    assert get("06196").successor == get("06202", "2025-07")
    assert list(get("06202", "2025-07").predecessions.values_list("old__name", flat=True).order_by("old__code")) == [
        "Xã Cao Lâu",
        "Xã Xuất Lễ",
        "Xã Mẫu Sơn",
    ]
    assert successions.units_load_successors().changes == 0


def add(parent=None, **fields) -> Unit:
    """A unit added by hand through treebeard, as the admin screens do."""
    fields = {"edition": "2025-01", "official": False, **fields}
    fields.setdefault("short_name", fields["name"].split(" ", 1)[1])
    if parent is None:
        return Unit.objects.add_root(instance=Unit(**fields))
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, instance=Unit(**fields))


def test_full_load_on_top_of_existing_units_and_villages():
    """Units already there keep their rows; one standing under the wrong district moves, with its village."""
    lang_son = add(code="20", kind="province", unit_type="tỉnh", name="Tỉnh Lạng Sơn", official=True)
    cao_loc = add(lang_son, code="183", kind="district", unit_type="huyện", name="Huyện Cao Lộc", official=True)
    cao_lau = add(cao_loc, code="06196", kind="commune", unit_type="xã", name="Xã Cao Lâu", official=True)
    village = add(cao_lau, code="06196.01", kind="village", unit_type="thôn", name="Thôn Khòn Khuyên")
    # Xã Hoàng Việt belongs to Huyện Văn Lãng (182), which is not in the database yet.
    hoang_viet = add(cao_loc, code="06157", kind="commune", unit_type="xã", name="Xã Hoàng Việt", official=True)
    na_pan = add(hoang_viet, code="06157.01", kind="village", unit_type="thôn", name="Thôn Nà Pàn")

    result = units_load_edition(edition="2025-01")

    assert (result.created, result.updated, result.moved, result.unchanged) == (10_810 - 4, 3, 1, 0)
    assert tree_problems() == []
    assert no_problems(parent=get("20"))
    assert get("06196").pk == cao_lau.pk and get("06157").pk == hoang_viet.pk
    assert Unit.objects.get_parent(Unit.objects.get(pk=village.pk)) == get("06196")
    assert Unit.objects.get_parent(get("06157")) == get("182")
    assert Unit.objects.get_parent(Unit.objects.get(pk=na_pan.pk)) == get("06157")
    assert (get("06196").numchild, get("06157").numchild) == (1, 1)
    assert (get("183").numchild, get("182").numchild) == (22, 17)  # the communes of Cao Lộc, of Văn Lãng
    assert get("20").path == lang_son.path and get("06196").valid_until.isoformat() == "2025-06-30"
    assert units_load_edition(edition="2025-01").changes == 0


# ---------------------------------------------------------------- small files


@pytest.mark.smoke
def test_small_load(tmp_path):
    result = load_small(tmp_path)

    assert (result.created, result.updated, result.moved, result.unchanged, result.missing) == (8, 0, 0, 0, 0)
    assert no_problems()
    lang_son = get("20")
    assert [u.code for u in Unit.objects.get_children(lang_son)] == ["178", "183", "185"]
    assert [u.code for u in Unit.objects.get_children(get("183"))] == ["06184", "06196", "06199"]
    assert (get("183").numchild, get("185").numchild, lang_son.numchild) == (3, 0, 3)
    assert get("06196").official and get("06196").search_name == "xa cao lau"
    assert load_small(tmp_path).changes == 0


def test_new_units_go_after_existing_children_and_villages(tmp_path):
    load_small(tmp_path)
    cao_lau = get("06196")
    village = Unit(
        edition="2025-01",
        code="06196.01",
        kind=UnitKind.VILLAGE,
        unit_type=UnitType.THON,
        name="Thôn Khòn Khuyên",
        short_name="Khòn Khuyên",
    )
    Unit.objects.add_child(cao_lau, instance=village)
    Unit.objects.add_child(
        get("183"),
        instance=Unit(
            edition="2025-01",
            code="183.A1",
            kind=UnitKind.AGENCY,
            unit_type=UnitType.PHONG,
            name="Phòng Nội vụ",
            short_name="Nội vụ",
        ),
    )
    other_province = [("24", "", "province", "tỉnh", "Tỉnh Bắc Giang")]
    load_small(tmp_path, other_province, edition="2025-07", name="other.tsv")
    more = [
        *LANG_SON,
        ("06202", "183", "commune", "xã", "Xã Xuất Lễ"),
        ("186", "20", "district", "huyện", "Huyện Bắc Sơn"),
        ("06256", "186", "commune", "thị trấn", "Thị trấn Bắc Sơn"),
        ("22", "", "province", "tỉnh", "Tỉnh Quảng Ninh"),
    ]

    result = load_small(tmp_path, more, name="more.tsv")

    assert (result.created, result.unchanged) == (4, 8)
    assert no_problems()
    assert [u.code for u in Unit.objects.get_children(get("183"))] == ["06184", "06196", "06199", "183.A1", "06202"]
    assert get("183").numchild == 5
    assert Unit.objects.get_parent(Unit.objects.get(code="06196.01")) == get("06196")
    roots = list(Unit.objects.filter(depth=1).values_list("edition", "code"))
    assert roots == [("2025-01", "20"), ("2025-07", "24"), ("2025-01", "22")]


def test_rename_updates_in_place(tmp_path):
    load_small(tmp_path)
    cao_lau = get("06196")
    renamed = [
        row if row[0] != "06196" else ("06196", "183", "commune", "phường", "Phường Cao Lâu Mới") for row in LANG_SON
    ]

    result = load_small(tmp_path, renamed, name="renamed.tsv")

    assert (result.updated, result.created, result.moved, result.unchanged) == (1, 0, 0, 7)
    unit = get("06196")
    assert unit.pk == cao_lau.pk and unit.path == cao_lau.path
    assert (unit.name, unit.short_name, unit.unit_type) == ("Phường Cao Lâu Mới", "Cao Lâu Mới", UnitType.PHUONG)
    assert unit.updated > cao_lau.updated
    assert list(Unit.objects.search("cao lau moi")) == [unit]
    assert Unit.objects.filter(edition="2025-01", code="06196").count() == 1
    assert load_small(tmp_path, renamed, name="renamed.tsv").changes == 0


def test_moved_unit_keeps_its_villages(tmp_path):
    load_small(tmp_path)
    thach_dan = get("06199")
    Unit.objects.add_child(
        thach_dan,
        instance=Unit(
            edition="2025-01",
            code="06199.01",
            kind=UnitKind.VILLAGE,
            unit_type=UnitType.THON,
            name="Thôn Nà Pàn",
            short_name="Nà Pàn",
        ),
    )
    moved = [row if row[0] != "06199" else ("06199", "185", "commune", "xã", "Xã Thạch Đạn") for row in LANG_SON]

    result = load_small(tmp_path, moved, name="moved.tsv")

    assert (result.moved, result.updated, result.created, result.unchanged) == (1, 0, 0, 7)
    assert no_problems()
    thach_dan = get("06199")
    assert Unit.objects.get_parent(thach_dan) == get("185")
    assert Unit.objects.get_parent(Unit.objects.get(code="06199.01")) == thach_dan
    assert (get("183").numchild, get("185").numchild) == (2, 1)
    assert load_small(tmp_path, moved, name="moved.tsv").changes == 0


def test_units_no_longer_listed_are_counted_and_kept(tmp_path):
    load_small(tmp_path)
    result = load_small(tmp_path, [row for row in LANG_SON if row[0] != "06199"], name="fewer.tsv")
    assert (result.missing, result.changes, result.unchanged) == (1, 0, 7)
    assert get("06199").name == "Xã Thạch Đạn"


def test_names_are_stored_in_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Xã Cao Lâu")
    rows = [*LANG_SON[:5], ("06196", "183", "commune", "xã", decomposed)]
    load_small(tmp_path, rows)
    assert get("06196").name == unicodedata.normalize("NFC", "Xã Cao Lâu")


def test_2025_07_communes_stand_under_provinces(tmp_path):
    rows = [
        ("01", "", "province", "thành phố trực thuộc trung ương", "Thành phố Hà Nội"),
        ("00004", "01", "commune", "phường", "Phường Ba Đình"),
        ("91", "", "province", "tỉnh", "Tỉnh An Giang"),
        ("31078", "91", "commune", "đặc khu", "Đặc khu Phú Quốc"),
    ]
    result = load_small(tmp_path, rows, edition="2025-07")
    assert result.created == 4 and no_problems()
    assert get("31078", "2025-07").valid_from.isoformat() == "2025-07-01"


# ---------------------------------------------------------------- bad input: an error naming the fault, nothing written


def with_row(code, row):
    return [row if r[0] == code else r for r in LANG_SON]


BAD_FILES = {
    "duplicate code": (
        [*LANG_SON, ("06196", "183", "commune", "xã", "Xã Cao Lâu Hai")],
        "Line 10: the code 06196 is already used on line 7.",
    ),
    "commune under a province": (
        with_row("06196", ("06196", "20", "commune", "xã", "Xã Cao Lâu")),
        "Line 7 (code 06196): in edition 2025-01 a commune cannot stand under a province (code 20).",
    ),
    "village in an official list": (
        [*LANG_SON, ("06196.01", "20", "village", "thôn", "Thôn Khòn Khuyên")],
        "Line 10 (code 06196.01): unknown kind “village”; an official list holds only province, district, commune.",
    ),
    "cycle": (
        [*LANG_SON, ("900", "06999", "district", "huyện", "Huyện Vòng"), ("06999", "900", "commune", "xã", "Xã Vòng")],
        "Line 10 (code 900): the unit is its own ancestor (900 → 06999 → 900).",
    ),
    "own parent": (
        [*LANG_SON, ("900", "900", "district", "huyện", "Huyện Vòng")],
        "Line 10 (code 900): the unit is its own ancestor (900 → 900).",
    ),
    "NFD and NFC names": (
        [*LANG_SON, ("06197", "183", "commune", "xã", unicodedata.normalize("NFD", "Xã Cao Lâu"))],
        "Line 10 (code 06197): the name “Xã Cao Lâu” is already used under the same parent on line 7 (code 06196).",
    ),
    "name too long": (
        [*LANG_SON, ("06197", "183", "commune", "xã", "Xã " + "A" * 150)],
        "Line 10 (code 06197): the name has 153 characters, more than 150.",
    ),
    "column count": (
        [*LANG_SON, ("06197", "183", "commune", "Xã Thiếu Cột")],
        "Line 10: 4 columns instead of 5 (code, parent code, kind, type, name).",
    ),
    "unknown parent": (
        [*LANG_SON, ("06197", "999", "commune", "xã", "Xã Mồ Côi")],
        "Line 10 (code 06197): the parent code 999 is not in the file.",
    ),
    "type of another kind": (
        [*LANG_SON, ("06197", "183", "commune", "huyện", "Huyện Nhầm")],
        "Line 10 (code 06197): a commune cannot be of type “huyện”; allowed: phường, thị trấn, xã, đặc khu.",
    ),
    "name without its type": (
        [*LANG_SON, ("06197", "183", "commune", "phường", "Xã Nhầm Loại")],
        "Line 10 (code 06197): the name “Xã Nhầm Loại” must be its type “Phường” followed by the unit's own name.",
    ),
    "district without a parent": (
        [*LANG_SON, ("900", "", "district", "huyện", "Huyện Lạc")],
        "Line 10 (code 900): a district must stand under a parent unit.",
    ),
    "empty name": (
        [*LANG_SON, ("06197", "183", "commune", "xã", " ")],
        "Line 10 (code 06197): the name is empty.",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_refused_and_nothing_changes(tmp_path, case):
    load_small(tmp_path, name="good.tsv")
    before = snapshot()
    rows, message = BAD_FILES[case]

    with pytest.raises(UnitLoadError) as excinfo:
        load_small(tmp_path, rows, name="bad.tsv")

    assert message in excinfo.value.messages
    assert snapshot() == before


def test_unknown_edition(tmp_path):
    load_small(tmp_path)
    before = snapshot()
    with pytest.raises(UnitLoadError) as excinfo:
        units_load_edition(edition="2025-13")
    assert excinfo.value.messages == ["Unknown edition “2025-13”. Known editions: 2025-01, 2025-07."]
    assert snapshot() == before


def test_bad_header_and_missing_file(tmp_path):
    path = write_tsv(tmp_path, LANG_SON, header="code\tparent\tkind\ttype\tname")
    with pytest.raises(UnitLoadError) as excinfo:
        units_load_edition(edition="2025-01", path=path)
    assert excinfo.value.messages == [
        "Line 1: the header must be “code\\tparent_code\\tkind\\ttype\\tname”, "
        "not “code\\tparent\\tkind\\ttype\\tname”."
    ]
    with pytest.raises(UnitLoadError, match="does not exist"):
        units_load_edition(edition="2025-01", path=tmp_path / "nowhere.tsv")
    assert not Unit.objects.exists()


def test_errors_are_collected_and_capped(tmp_path):
    rows = [*LANG_SON] + [(f"07{n:03d}", "999", "commune", "xã", f"Xã Số {n}") for n in range(30)]
    with pytest.raises(UnitLoadError) as excinfo:
        load_small(tmp_path, rows)
    messages = excinfo.value.messages
    assert len(messages) == loading.MAX_ERRORS_SHOWN + 1
    assert messages[0] == "Line 10 (code 07000): the parent code 999 is not in the file."
    assert messages[-1] == "… and 10 more errors."
    assert not Unit.objects.exists()


def test_code_of_a_local_unit_is_refused(tmp_path):
    load_small(tmp_path)
    Unit.objects.add_child(
        get("06196"),
        instance=Unit(
            edition="2025-01",
            code="06202",
            kind=UnitKind.VILLAGE,
            unit_type=UnitType.THON,
            name="Thôn Lạc Mã",
            short_name="Lạc Mã",
        ),
    )
    before = snapshot()
    with pytest.raises(UnitLoadError) as excinfo:
        load_small(tmp_path, [*LANG_SON, ("06202", "183", "commune", "xã", "Xã Xuất Lễ")], name="more.tsv")
    assert excinfo.value.messages == [
        "Code 06202 of edition 2025-01 is already used by “Thôn Lạc Mã”, a unit that is not from the official list."
    ]
    assert snapshot() == before


def test_failure_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    load_small(tmp_path)
    before = snapshot()
    rows = [
        *with_row("06196", ("06196", "183", "commune", "xã", "Xã Cao Lâu Mới")),
        ("186", "20", "district", "huyện", "Huyện Bắc Sơn"),
        ("06256", "186", "commune", "xã", "Xã Bắc Sơn"),
    ]

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loading, "_add_numchild", boom)  # called after the first units are inserted
    with pytest.raises(RuntimeError):
        load_small(tmp_path, rows, name="more.tsv")
    assert snapshot() == before


# ---------------------------------------------------------------- helpers and the command


@pytest.mark.parametrize(
    ("name", "unit_type", "short"),
    [
        ("Xã Cao Lâu", UnitType.XA, "Cao Lâu"),
        ("Thành phố Hà Nội", UnitType.THANH_PHO_TW, "Hà Nội"),
        ("Thị xã Bỉm Sơn", UnitType.THI_XA, "Bỉm Sơn"),
        ("Đặc khu Phú Quốc", UnitType.DAC_KHU, "Phú Quốc"),
        ("Thành Phố Bắc Kạn", UnitType.THANH_PHO, "Bắc Kạn"),
        ("Phường 1", UnitType.PHUONG, "Phường 1"),
        ("Phường IV", UnitType.PHUONG, "Phường IV"),
        ("Xã Cao Lâu", UnitType.PHUONG, None),
        ("Xã", UnitType.XA, None),
    ],
)
def test_unit_short_name(name, unit_type, short):
    assert unit_short_name(name, unit_type) == short


def test_every_edition_has_its_dates():
    assert set(EDITIONS) == set(Edition.values)


def test_command_prints_counts_in_vietnamese(tmp_path):
    out = StringIO()
    call_command("load_units", "--edition", "2025-01", "--file", str(write_tsv(tmp_path, LANG_SON)), stdout=out)
    with translation.override("vi"):
        expected = result_lines(LoadResult(edition="2025-01", created=8))
    assert out.getvalue().splitlines() == expected
    with translation.override("vi"):
        line = result_lines(LoadResult(edition="2025-01", created=10_810))[0]
    assert "10.810" in line  # Vietnamese thousands


def test_command_unknown_edition_is_a_command_error():
    with pytest.raises(CommandError) as excinfo:
        call_command("load_units", "--edition", "2025-13")
    with translation.override("vi"):
        expected = str(loading.UNKNOWN_EDITION % {"edition": "2025-13", "known": "2025-01, 2025-07"})
    assert str(excinfo.value) == expected
    if expected.startswith("Unknown edition"):  # no Vietnamese translation yet: the English msgid
        assert str(excinfo.value) == "Unknown edition “2025-13”. Known editions: 2025-01, 2025-07."


def test_command_lists_every_error(tmp_path):
    rows = [*LANG_SON, ("06196", "183", "commune", "xã", "Xã Trùng"), ("06197", "999", "commune", "xã", "Xã Lạc")]
    with pytest.raises(CommandError) as excinfo:
        call_command("load_units", "--edition", "2025-01", "--file", str(write_tsv(tmp_path, rows)))
    assert len(str(excinfo.value).splitlines()) == 2
    assert "06196" in str(excinfo.value) and "999" in str(excinfo.value)
    assert not Unit.objects.exists()


def test_command_all_loads_every_edition(monkeypatch, tmp_path):
    files = {
        "2025-01": write_tsv(tmp_path, LANG_SON, name="a.tsv"),
        "2025-07": write_tsv(tmp_path, [("20", "", "province", "tỉnh", "Tỉnh Lạng Sơn")], name="b.tsv"),
    }
    monkeypatch.setattr(loading, "edition_file", lambda edition: files[edition])
    successors = tmp_path / "successors.tsv"
    successors.write_text(successions.HEADER_LINE + "\n20\t\t20\t\t1\t\n", encoding="utf-8")
    monkeypatch.setattr(successions, "SUCCESSORS_FILE", successors)
    out = StringIO()
    call_command("load_units", "--edition", "all", stdout=out)
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == ["2025-01", "2025-07", "Kế thừa"]
    assert Unit.objects.count() == 9
    with pytest.raises(CommandError):
        call_command("load_units", "--edition", "all", "--file", str(files["2025-01"]))

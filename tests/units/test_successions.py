"""The successors of the 2025-01 units: the data file (units/data/successors-2025.tsv), its loader
(units/successions.py, load_units --edition all) and the unit page. The loader is tested on small files; the full
file is loaded once, in tests/units/test_load_units.py, on top of the full editions."""

import csv
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership, User
from units import loading, successions
from units.loading import DATA_DIR, UnitLoadError, units_load_edition
from units.models import Unit, UnitSuccession
from units.successions import units_load_successors

HEADER = "old_code\told_name\tnew_code\tnew_name\tmain\tnote"
# Communes the package cannot place (units/data/README.md, "Successors").
UNMAPPED = {"16411", "25186"}


def read(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def data():
    old = {row["code"]: row for row in read("2025-01.tsv")}
    new = {row["code"]: row for row in read("2025-07.tsv")}
    rows = read("successors-2025.tsv")
    by_old = defaultdict(list)
    for row in rows:
        by_old[row["old_code"]].append(row)
    return old, new, rows, by_old


# ---------------------------------------------------------------- the data file


def test_file_header_order_and_names(data):
    old, new, rows, _by_old = data
    assert (DATA_DIR / "successors-2025.tsv").read_text(encoding="utf-8").split("\n", 1)[0] == HEADER
    keys = [(row["old_code"], row["main"] != "1", row["new_code"]) for row in rows]
    assert keys == sorted(keys)  # by old code, the main successor first
    assert len({(row["old_code"], row["new_code"]) for row in rows}) == len(rows) == 11_375
    for row in rows:
        assert row["old_name"] == old[row["old_code"]]["name"], row
        assert row["new_name"] == new[row["new_code"]]["name"], row  # every new code is a 2025-07 unit


def test_every_old_unit_has_exactly_one_main_successor(data):
    old, new, rows, by_old = data
    kinds = Counter(old[code]["kind"] for code in by_old)
    assert kinds == {"province": 63, "district": 696, "commune": 10_049}
    communes = {code for code, row in old.items() if row["kind"] == "commune"}
    assert communes - set(by_old) == UNMAPPED  # 10,049 of 10,051 (99.98 %)
    for code, successors in by_old.items():
        assert [row["main"] for row in successors].count("1") == 1, code
        main = next(row for row in successors if row["main"] == "1")
        # A commune goes to a commune; a district and a province to their new province.
        expected = "commune" if old[code]["kind"] == "commune" else "province"
        assert new[main["new_code"]]["kind"] == expected, code
    split = [code for code, successors in by_old.items() if len(successors) > 1 and old[code]["kind"] == "commune"]
    assert len(split) == 471
    reached = {row["new_code"] for row in rows if new[row["new_code"]]["kind"] == "commune"}
    assert len(reached) == 3_321  # every new commune has a predecessor (the 5 island đặc khu: their district)


def test_known_units_by_name(data):
    _old, _new, _rows, by_old = data

    def successors(code):
        return [(row["new_name"], row["main"]) for row in by_old[code]]

    # The demo's units (NQ 1672/NQ-UBTVQH15 for Lạng Sơn, 2025).
    assert successors("06196") == [("Xã Ba Sơn", "1")]  # Xã Cao Lâu, Huyện Cao Lộc
    assert successors("06199") == [("Xã Cao Lộc", "1")]  # Xã Thạch Đạn
    assert successors("07876") == [("Xã Xuân Cẩm", "1")]  # Xã Hương Lâm, Huyện Hiệp Hòa, Bắc Giang
    assert successors("183") == [("Tỉnh Lạng Sơn", "1")]  # Huyện Cao Lộc
    assert successors("048") == [("Tỉnh Cao Bằng", "1")]  # Huyện Hạ Lang
    assert successors("24") == [("Tỉnh Bắc Ninh", "1")]  # Tỉnh Bắc Giang merged into Bắc Ninh
    # A commune split between two new communes, the main one first.
    assert successors("06079") == [("Xã Hồng Phong", "1"), ("Xã Đồng Đăng", "0")]
    # An island district without communes became the đặc khu of its name.
    assert successors("318") == [("Thành phố Hải Phòng", "1"), ("Đặc khu Bạch Long Vĩ", "0")]


# ---------------------------------------------------------------- the loader, on small files

OLD = [
    ("20", "", "province", "tỉnh", "Tỉnh Lạng Sơn"),
    ("181", "20", "district", "huyện", "Huyện Văn Quan"),
    ("06079", "181", "commune", "xã", "Xã Hồng Phong"),
    ("183", "20", "district", "huyện", "Huyện Cao Lộc"),
    ("06184", "183", "commune", "thị trấn", "Thị trấn Đồng Đăng"),
    ("06196", "183", "commune", "xã", "Xã Cao Lâu"),
]
NEW = [
    ("20", "", "province", "tỉnh", "Tỉnh Lạng Sơn"),
    ("06079", "20", "commune", "xã", "Xã Hồng Phong"),
    ("06184", "20", "commune", "xã", "Xã Đồng Đăng"),
    ("06202", "20", "commune", "xã", "Xã Ba Sơn"),
]
PAIRS = [
    ("06079", "Xã Hồng Phong", "06079", "Xã Hồng Phong", "1", "split between 2 communes"),
    ("06079", "Xã Hồng Phong", "06184", "Xã Đồng Đăng", "0", "split between 2 communes"),
    ("06184", "Thị trấn Đồng Đăng", "06184", "Xã Đồng Đăng", "1", ""),
    ("06196", "Xã Cao Lâu", "06202", "Xã Ba Sơn", "1", ""),
    ("181", "Huyện Văn Quan", "20", "Tỉnh Lạng Sơn", "1", ""),
    ("183", "Huyện Cao Lộc", "20", "Tỉnh Lạng Sơn", "1", ""),
    ("20", "Tỉnh Lạng Sơn", "20", "Tỉnh Lạng Sơn", "1", ""),
]


def write(tmp_path, name, header, rows):
    path = tmp_path / name
    path.write_text("\n".join([header] + ["\t".join(row) for row in rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def editions(db, tmp_path):
    header = "\t".join(loading.HEADER)
    units_load_edition(edition="2025-01", path=write(tmp_path, "old.tsv", header, OLD))
    units_load_edition(edition="2025-07", path=write(tmp_path, "new.tsv", header, NEW))


def get(code, edition="2025-01") -> Unit:
    return Unit.objects.get(edition=edition, code=code)


def pairs() -> set[tuple]:
    return set(UnitSuccession.objects.values_list("old__code", "new__code", "is_main"))


def written(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_load_and_idempotence(editions, tmp_path):
    path = write(tmp_path, "s.tsv", HEADER, PAIRS)
    result = units_load_successors(path=path)

    assert (result.created, result.updated, result.unchanged, result.successors_set) == (7, 0, 0, 6)
    assert pairs() == {(old, new, main == "1") for old, _, new, _, main, _ in PAIRS}
    assert get("06196").successor == get("06202", "2025-07")
    assert get("183").successor == get("20", "2025-07")
    # The split commune: two successors, one main, and Unit.successor points at it.
    hong_phong = get("06079")
    assert [(s.new.name, s.is_main) for s in hong_phong.successions.order_by("-is_main")] == [
        ("Xã Hồng Phong", True),
        ("Xã Đồng Đăng", False),
    ]
    assert hong_phong.successor.name == "Xã Hồng Phong"

    with CaptureQueriesContext(connection) as queries:
        again = units_load_successors(path=path)
    assert (again.changes, again.unchanged, again.missing) == (0, 7, 0)
    assert written(queries.captured_queries) == []


def test_a_new_main_successor_moves_the_flag(editions, tmp_path):
    units_load_successors(path=write(tmp_path, "s.tsv", HEADER, PAIRS))
    swapped = [row[:4] + ({"1": "0", "0": "1"}[row[4]],) + row[5:] if row[0] == "06079" else row for row in PAIRS]
    result = units_load_successors(path=write(tmp_path, "s2.tsv", HEADER, swapped))
    assert (result.updated, result.successors_set) == (2, 1)
    assert get("06079").successor.code == "06184"
    assert UnitSuccession.objects.get(old=get("06079"), is_main=True).new.code == "06184"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("06196", "", "99999", "", "1", "")], "no unit of edition 2025-07 has the code 99999"),
        ([("99999", "", "06202", "", "1", "")], "no unit of edition 2025-01 has the code 99999"),
        ([("06196", "", "06202", "", "0", "")], "The unit 06196 has 0 main successors"),
        ([("06079", "", "06079", "", "1", ""), ("06079", "", "06184", "", "1", "")], "06079 has 2 main"),
        ([("06196", "", "06202", "", "yes", "")], "must be 1 or 0"),
        ([("06196", "", "06202", "", "1", ""), ("06196", "", "06202", "", "1", "")], "is already on line 2"),
        ([("06196", "06202", "1")], "3 columns instead of 6"),
    ],
)
def test_bad_file_is_refused_and_nothing_changes(editions, tmp_path, rows, message):
    with translation.override("en"), pytest.raises(UnitLoadError) as excinfo:
        units_load_successors(path=write(tmp_path, "bad.tsv", HEADER, rows))
    assert any(message in text for text in excinfo.value.messages), excinfo.value.messages
    assert not UnitSuccession.objects.exists() and get("06196").successor is None


def test_command_all_loads_the_successors_after_both_editions(db, monkeypatch, tmp_path):
    header = "\t".join(loading.HEADER)
    files = {"2025-01": write(tmp_path, "o.tsv", header, OLD), "2025-07": write(tmp_path, "n.tsv", header, NEW)}
    monkeypatch.setattr(loading, "edition_file", lambda edition: files[edition])
    monkeypatch.setattr(successions, "SUCCESSORS_FILE", write(tmp_path, "s.tsv", HEADER, PAIRS))
    out = StringIO()
    call_command("load_units", "--edition", "all", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("Kế thừa: 7 cặp; tạo mới 7")
    call_command("load_units", "--edition", "all", stdout=(out := StringIO()))
    assert "tạo mới 0, cập nhật 0, không đổi 7" in out.getvalue()


# ---------------------------------------------------------------- the unit page


def test_unit_page_shows_successors_and_predecessors(editions, tmp_path, client):
    units_load_successors(path=write(tmp_path, "s.tsv", HEADER, PAIRS))
    client.force_login(User.objects.create_superuser("root", password="x"))

    page = client.get(reverse("unit_detail", args=[get("06079").pk])).content.decode()
    assert "Đơn vị kế thừa" in page and "kế thừa chính" in page
    assert page.index("Xã Hồng Phong</a>", page.index('id="successors"')) < page.index("Xã Đồng Đăng</a>")

    page = client.get(reverse("unit_detail", args=[get("06184", "2025-07").pk])).content.decode()
    merged = page[page.index('id="predecessors"') :]
    assert "Hợp nhất từ" in merged
    assert "Thị trấn Đồng Đăng" in merged and "Xã Hồng Phong" in merged and "một phần" in merged

    # A province lists the old provinces it took over, not each of their districts.
    page = client.get(reverse("unit_detail", args=[get("20", "2025-07").pk])).content.decode()
    merged = page[page.index('id="predecessors"') :]
    assert "Tỉnh Lạng Sơn" in merged and "Huyện Cao Lộc" not in merged


def test_unit_page_links_only_units_in_scope(editions, tmp_path, client):
    """An officer of the old commune sees the name of its successor but gets no link that would be a 404."""
    units_load_successors(path=write(tmp_path, "s.tsv", HEADER, PAIRS))
    officer = User.objects.create_user("canbo", password="x")
    Membership.objects.create(user=officer, unit=get("06196"), role="officer")
    client.force_login(officer)
    page = client.get(reverse("unit_detail", args=[get("06196").pk])).content.decode()
    assert "Xã Ba Sơn" in page
    assert reverse("unit_detail", args=[get("06202", "2025-07").pk]) not in page

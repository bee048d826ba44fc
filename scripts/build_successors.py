"""Build units/data/successors-2025.tsv: the successors, in the 2025-07 edition, of every unit of the 2025-01 edition.

    .venv/bin/python scripts/build_successors.py [--wheels DIR] [--cross-check]

Reads the old → new mapping of the 2025 merger resolutions from the PyPI package ``vietnamadminunits`` 1.0.4
(MIT licence, Tran Ngoc Minh Hieu): ``data/converter_2025.json`` maps its own name keys, and ``data/dataset.db``
gives each key its official code. The wheel is downloaded (``pip download --no-deps``) into a temporary folder, or
taken from ``--wheels DIR``; it is read as a zip file, never installed. ``--cross-check`` also downloads
``vietnam-provinces`` 2026.9.0 (GPL-3.0-or-later; only compared with, nothing of it is written) and prints how far
its code-based conversion table agrees. See units/data/README.md for the rules, the counts and the remainder.
"""

import argparse
import csv
import importlib.util
import json
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

PACKAGE, VERSION = "vietnamadminunits", "1.0.4"
CROSS_PACKAGE, CROSS_VERSION = "vietnam-provinces", "2026.9.0"
DATA_DIR = Path(__file__).resolve().parent.parent / "units" / "data"
OUT = DATA_DIR / "successors-2025.tsv"
HEADER = ("old_code", "old_name", "new_code", "new_name", "main", "note")

# What the build must find; a later version of the package changes these after a reading of the diff.
EXPECTED = {"province": 63, "district": 696, "commune": 10049, "unmapped": 2, "split": 471}
# Communes of our 2025-01 list (GSO, 4 January 2025) that neither package maps and that no former name in
# vietnamadminunits names: reported, not guessed (units/data/README.md).
KNOWN_UNMAPPED = {"16411", "25186"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def name_key(name: str) -> str:
    """The package's key of a name: "Xã Cao Lâu" -> "xacaolau"."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return "".join(ch for ch in text.lower() if ch.isalnum())


def download(package: str, version: str, folder: Path, *extra: str) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", *extra, "--dest", str(folder)]
        + [f"{package}=={version}"],
        check=True,
    )
    return find_wheel(package, version, folder)


def find_wheel(package: str, version: str, folder: Path) -> Path:
    wheels = sorted(folder.glob(f"{package.replace('-', '_')}-{version}-*.whl"))
    if not wheels:
        raise SystemExit(f"No wheel of {package} {version} in {folder}")
    return wheels[0]


def read_edition(edition: str) -> dict[str, dict]:
    with open(DATA_DIR / f"{edition}.tsv", encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle, delimiter="\t")}


class Package:
    """The mapping of vietnamadminunits, by official code."""

    def __init__(self, wheel: Path, tmp: Path):
        with zipfile.ZipFile(wheel) as archive:
            self.converter = json.loads(archive.read("vietnamadminunits/data/converter_2025.json"))
            (tmp / "dataset.db").write_bytes(archive.read("vietnamadminunits/data/dataset.db"))
        db = sqlite3.connect(tmp / "dataset.db")
        self.old = {}  # "province_district_ward" key -> old commune code
        self.old_rows = []  # (district code, ward code, ward name, keywords of its former names)
        self.old_province = {}  # province key -> old province code
        for pkey, dkey, wkey, code, dcode, pcode, name, keywords in db.execute(
            "SELECT provinceKey, districtKey, wardKey, wardCode, districtCode, provinceCode, ward, wardKeywords "
            "FROM admin_units_legacy"
        ):
            self.old_province[pkey] = pcode
            if code:  # Huyện Côn Đảo is listed without a ward
                self.old[f"{pkey}_{dkey}_{wkey}"] = code
                self.old_rows.append((dcode, code, nfc(name), set(json.loads(keywords or "[]"))))
        self.new = {}  # (province key, ward key) -> (new province code, new commune code, name)
        self.new_province = {}
        for pkey, wkey, code, pcode, name in db.execute(
            "SELECT provinceKey, wardKey, wardCode, provinceCode, ward FROM admin_units"
        ):
            self.new[(pkey, wkey)] = (pcode, code, nfc(name))
            self.new_province[pkey] = pcode

    def communes(self) -> dict[str, list[tuple[tuple[str, str, str], bool]]]:
        """Old commune code -> [(new (province code, code, name), is main)]."""
        mapping = defaultdict(list)
        for pkey, wards in self.converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for wkey, olds in wards.items():
                for old in olds:
                    if old in self.old:
                        mapping[self.old[old]].append((self.new[(pkey, wkey)], True))
        for pkey, olds in self.converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, parts in olds.items():
                for part in parts:
                    if old in self.old:
                        mapping[self.old[old]].append((self.new[(pkey, part["newWardKey"])], part["isDefaultNewWard"]))
        return mapping

    def provinces(self) -> dict[str, str]:
        """Old province code -> new province code."""
        return {
            self.old_province[old]: self.new_province[new]
            for new, olds in self.converter["DICT_PROVINCE"].items()
            for old in olds
        }


def build(package: Package) -> tuple[list[tuple[str, ...]], list[str]]:
    old_units, new_units = read_edition("2025-01"), read_edition("2025-07")
    # The package's new codes are those of vietnam-provinces 2026.9.0; 119 communes had another code in 2025.10.1,
    # the source of our 2025-07 edition. A new commune is found by its code, else by its name in its province.
    # Names are compared without diacritics: the two packages place tone marks differently ("Hoà", "Hòa").
    new_by_name = defaultdict(list)
    for code, row in new_units.items():
        if row["kind"] == "commune":
            new_by_name[(row["parent_code"], name_key(row["name"]))].append(code)

    def our_new(new: tuple[str, str, str]) -> str:
        province, code, name = new
        unit = new_units.get(code)
        if unit and name_key(unit["name"]) == name_key(name) and unit["parent_code"] == province:
            return code
        if len(new_by_name[(province, name_key(name))]) == 1:
            return new_by_name[(province, name_key(name))][0]
        raise SystemExit(f"new commune {code} {name!r} (province {province}) is not in 2025-07.tsv")

    mapping = package.communes()
    rows, unmapped = [], []
    successors: dict[str, list[tuple[str, bool, str]]] = {}
    for code, unit in old_units.items():
        if unit["kind"] != "commune":
            continue
        note = ""
        found = mapping.get(code)
        if found is None:
            # Our list is the GSO's of 4 January 2025; a few communes were merged, renamed or renumbered before
            # 1 July 2025 and the package lists them under the commune they became: the one of the same district
            # whose former names (wardKeywords) include this commune's name.
            key = name_key(unit["name"])
            hosts = [row for row in package.old_rows if row[0] == unit["parent_code"] and key in row[3]]
            if len(hosts) == 1 and hosts[0][1] in mapping:
                found = mapping[hosts[0][1]]
                note = f"listed by {PACKAGE} as {hosts[0][1]} {hosts[0][2]}"
        if found is None:
            unmapped.append(code)
            continue
        news = {}
        for new, main in found:
            new_code = our_new(new)
            news[new_code] = news.get(new_code, False) or main
        if sum(news.values()) != 1:
            raise SystemExit(f"{code}: {sum(news.values())} main successors in {news}")
        if len(news) > 1:
            note = "; ".join(filter(None, [note, f"split between {len(news)} communes"]))
        successors[code] = [(new_code, main, note) for new_code, main in news.items()]

    # A district and a province: the new province of their communes' successors (the whole old province went
    # into one new province, so there is one), else (an island district without communes) of their province.
    provinces = package.provinces()
    for code, unit in old_units.items():
        if unit["kind"] == "commune":
            continue
        if unit["kind"] == "district":
            found = {
                new_units[new]["parent_code"]
                for commune, news in successors.items()
                if old_units[commune]["parent_code"] == code
                for new, _main, _note in news
            }
            note = "" if found else "no commune in the 2025-01 list"
            found = found or {provinces[unit["parent_code"]]}
        else:
            found, note = {provinces[code]}, ""
        if len(found) != 1:
            raise SystemExit(f"{code} {unit['name']}: its communes went to several provinces {found}")
        province = found.pop()
        successors[code] = [(province, True, note)]
        if unit["kind"] == "district" and note:
            # An island district without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) became the
            # đặc khu of the same name: a second successor, the province staying the main one.
            special = [
                new
                for new, row in new_units.items()
                if row["parent_code"] == province and row["name"] == "Đặc khu " + unit["name"].removeprefix("Huyện ")
            ]
            if len(special) != 1:
                raise SystemExit(f"{code} {unit['name']}: no đặc khu of its name in province {province}")
            successors[code] = [(province, True, note), (special[0], False, "the district became this đặc khu")]

    for code in sorted(successors):
        for new_code, main, note in sorted(successors[code], key=lambda item: (not item[1], item[0])):
            rows.append(
                (code, old_units[code]["name"], new_code, new_units[new_code]["name"], "1" if main else "0", note)
            )
    return rows, unmapped


def check(rows: list[tuple[str, ...]], unmapped: list[str]) -> None:
    old_units = read_edition("2025-01")
    kinds = Counter(old_units[code]["kind"] for code in {row[0] for row in rows})
    split = sum(1 for code, count in Counter(row[0] for row in rows).items() if count > 1 and len(code) == 5)
    found = {**kinds, "unmapped": len(unmapped), "split": split}
    if found != EXPECTED:
        raise SystemExit(f"counts {found}, expected {EXPECTED}")
    if set(unmapped) != KNOWN_UNMAPPED:
        raise SystemExit(f"unmapped {sorted(unmapped)}, expected {sorted(KNOWN_UNMAPPED)}")
    for code, name, new_code, new_name in (
        ("06196", "Xã Cao Lâu", "06202", "Xã Ba Sơn"),
        ("20", "Tỉnh Lạng Sơn", "20", "Tỉnh Lạng Sơn"),
    ):
        if (code, name, new_code, new_name, "1", "") not in rows:
            raise SystemExit(f"expected {name} {code} -> {new_name} {new_code}")


def cross_check(rows: list[tuple[str, ...]], wheel: Path, tmp: Path) -> None:
    """Compare the communes' successors with the conversion table of vietnam-provinces 2026.9.0 (by name)."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read("vietnam_provinces/_ward_conversion_2025.py")
        divisions = json.loads(archive.read("vietnam_provinces/data/nested-divisions.json"))
    (tmp / "_ward_conversion_2025.py").write_bytes(source)
    spec = importlib.util.spec_from_file_location("ward_conversion", tmp / "_ward_conversion_2025.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = {ward["code"]: name_key(ward["name"]) for province in divisions for ward in province["wards"]}
    ours, main = defaultdict(set), {}
    for code, _name, _new, new_name, is_main, _note in rows:
        if len(code) == 5:
            ours[code].add(name_key(new_name))
            if is_main == "1":
                main[code] = name_key(new_name)
    theirs = {
        str(old).zfill(5): {names[new.code] for new in entry.new_wards} for old, entry in module.OLD_TO_NEW.items()
    }
    common = set(ours) & set(theirs)
    same = sum(1 for code in common if ours[code] == theirs[code])
    main_there = sum(1 for code in common if main[code] in theirs[code])
    print(
        f"cross-check with {CROSS_PACKAGE} {CROSS_VERSION}: {len(common)} old communes in both, {same} with the same "
        f"successors, {len(common) - same} differ; the main successor is among theirs for {main_there}; "
        f"only here {len(set(ours) - set(theirs))}"
    )
    for code in sorted(code for code in common if ours[code] != theirs[code])[:20]:
        print(f"  {code}: here {sorted(ours[code])}, there {sorted(theirs[code])}")


def write(rows: list[tuple[str, ...]], path: Path) -> None:
    for row in rows:
        if any(ch in field for field in row for ch in "\t\r\n"):
            raise SystemExit(f"a tab or line break in {row}")
    lines = ["\t".join(HEADER)] + ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, help="take the wheels from this folder instead of downloading them")
    parser.add_argument("--cross-check", action="store_true", help=f"compare with {CROSS_PACKAGE} {CROSS_VERSION}")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output file (default: {OUT})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.wheels:
            wheel = find_wheel(PACKAGE, VERSION, args.wheels)
        else:
            wheel = download(PACKAGE, VERSION, tmp)
        rows, unmapped = build(Package(wheel, tmp))
        check(rows, unmapped)
        write(rows, args.out)
        old_units = read_edition("2025-01")
        kinds = Counter(old_units[code]["kind"] for code in {row[0] for row in rows})
        summary = ", ".join(f"{kinds[kind]} {kind}" for kind in ("province", "district", "commune"))
        print(f"{args.out}: {PACKAGE} {VERSION}: {len(rows)} rows; successors for {summary}")
        print(f"unmapped 2025-01 communes ({len(unmapped)}):")
        for code in unmapped:
            unit = old_units[code]
            district = old_units[unit["parent_code"]]
            print(f"  {code} {unit['name']}, {district['name']}, {old_units[district['parent_code']]['name']}")
        if args.cross_check:
            if args.wheels:
                cross = find_wheel(CROSS_PACKAGE, CROSS_VERSION, args.wheels)
            else:  # 2026.9.0 declares Python >= 3.12; it is only read
                cross = download(CROSS_PACKAGE, CROSS_VERSION, tmp, "--python-version", "3.12", "--only-binary=:all:")
            cross_check(rows, cross, tmp)


if __name__ == "__main__":
    main()

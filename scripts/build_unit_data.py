"""Build the official unit lists in units/data/ from the PyPI package ``vietnam-provinces``.

    .venv/bin/python scripts/build_unit_data.py [--wheels DIR]

Downloads (``pip download --no-deps``) version 0.6.0 (the three-tier list of January 2025) and version 2025.10.1
(the two-tier list in force since 1 July 2025) into a temporary folder, reads ``nested-divisions.json`` from each
wheel and writes ``units/data/2025-01.tsv`` and ``units/data/2025-07.tsv``. With ``--wheels DIR`` the wheels are
taken from DIR instead (no network). See units/data/README.md for the format.

The two versions cannot be installed side by side, and the script does not install them: it reads the wheels as
zip files. It needs only the standard library and pip.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

PACKAGE = "vietnam-provinces"
DATA_DIR = Path(__file__).resolve().parent.parent / "units" / "data"
HEADER = ("code", "parent_code", "kind", "type", "name")
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

# Name prefixes, longest first so that "Thành phố" is tried before anything shorter. The value is the type stored
# for a province, a district and a commune (UnitType in units/models/units.py).
PREFIXES = {
    "province": {"Thành phố": "thành phố trực thuộc trung ương", "Tỉnh": "tỉnh"},
    "district": {"Thành phố": "thành phố", "Thị xã": "thị xã", "Huyện": "huyện", "Quận": "quận"},
    "commune": {"Thị trấn": "thị trấn", "Đặc khu": "đặc khu", "Phường": "phường", "Xã": "xã"},
}
# division_type of version 2025.10.1, which is right (0.6.0 labels every unit of a level alike).
DIVISION_TYPES_2025_10 = {
    "tỉnh": "tỉnh",
    "thành phố trung ương": "thành phố trực thuộc trung ương",
    "xã": "xã",
    "phường": "phường",
    "đặc khu": "đặc khu",
}

EDITIONS = {
    "2025-01": {
        "version": "0.6.0",
        "counts": {"province": 63, "district": 696, "commune": 10051},
        "types": {},
    },
    "2025-07": {
        "version": "2025.10.1",
        "counts": {"province": 34, "commune": 3321},
        "types": {
            ("province", "tỉnh"): 28,
            ("province", "thành phố trực thuộc trung ương"): 6,
            ("commune", "xã"): 2621,
            ("commune", "phường"): 687,
            ("commune", "đặc khu"): 13,
        },
    },
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def split_type(name: str, kind: str) -> tuple[str, str] | None:
    """("thị xã", "Thị xã Bỉm Sơn") for "Thị xã Bỉm Sơn"; the prefix is matched without regard to case and
    written back in its usual form ("Thành Phố Bắc Kạn" becomes "Thành phố Bắc Kạn")."""
    for prefix, unit_type in PREFIXES[kind].items():
        if name.casefold().startswith(prefix.casefold() + " "):
            return unit_type, prefix + name[len(prefix) :]
    return None


def download(version: str, folder: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            "--dest",
            str(folder),
            f"{PACKAGE}=={version}",
        ],
        check=True,
    )
    return find_wheel(version, folder)


def find_wheel(version: str, folder: Path) -> Path:
    wheels = sorted(folder.glob(f"{PACKAGE.replace('-', '_')}-{version}-*.whl"))
    if not wheels:
        raise SystemExit(f"No wheel of {PACKAGE} {version} in {folder}")
    return wheels[0]


def read_wheel(wheel: Path) -> tuple[list[dict], str]:
    """The nested divisions and the data version (the date the package author retrieved the list)."""
    with zipfile.ZipFile(wheel) as archive:
        divisions = json.loads(archive.read("vietnam_provinces/data/nested-divisions.json").decode("utf-8"))
        init = archive.read("vietnam_provinces/__init__.py").decode("utf-8")
    match = re.search(r"""__data_version__\s*=\s*['"]([^'"]+)['"]""", init)
    return divisions, match.group(1) if match else "unknown"


def unit_row(item: dict, kind: str, parent_code: str, edition: str) -> tuple[str, str, str, str, str]:
    code = str(item["code"]).zfill(CODE_WIDTH[kind])
    name = nfc(item["name"])
    if edition == "2025-07":
        unit_type = DIVISION_TYPES_2025_10[item["division_type"]]
        if kind == "province" and unit_type == "tỉnh" and not name.startswith("Tỉnh "):
            name = f"Tỉnh {name}"  # 2025.10.1 names a tỉnh without its type: "Cao Bằng"
        found = split_type(name, kind)
        if not found or found[0] != unit_type:
            raise SystemExit(f"{edition} {code}: the name {name!r} does not start with its type {unit_type!r}")
        name = found[1]
    else:
        found = split_type(name, kind)  # 0.6.0: division_type is the level's generic type, the name is right
        if not found:
            raise SystemExit(f"{edition} {code}: no known type at the start of {name!r}")
        unit_type, name = found
    if any(ch in name for ch in "\t\r\n"):
        raise SystemExit(f"{edition} {code}: a tab or line break in {name!r}")
    return code, parent_code, kind, unit_type, name


def build_rows(divisions: list[dict], edition: str) -> list[tuple[str, str, str, str, str]]:
    """Rows in tree order (each unit followed by its children), codes ascending under each parent."""
    rows = []
    for province in sorted(divisions, key=lambda item: item["code"]):
        rows.append(unit_row(province, "province", "", edition))
        province_code = rows[-1][0]
        if edition == "2025-01":
            for district in sorted(province["districts"], key=lambda item: item["code"]):
                rows.append(unit_row(district, "district", province_code, edition))
                district_code = rows[-1][0]
                for commune in sorted(district["wards"], key=lambda item: item["code"]):
                    rows.append(unit_row(commune, "commune", district_code, edition))
        else:
            for commune in sorted(province["wards"], key=lambda item: item["code"]):
                rows.append(unit_row(commune, "commune", province_code, edition))
    return rows


def check(rows: list[tuple[str, str, str, str, str]], edition: str) -> None:
    expected = EDITIONS[edition]
    kinds = Counter(row[2] for row in rows)
    if dict(kinds) != expected["counts"]:
        raise SystemExit(f"{edition}: counts by kind {dict(kinds)}, expected {expected['counts']}")
    types = Counter((row[2], row[3]) for row in rows)
    for key, count in expected["types"].items():
        if types[key] != count:
            raise SystemExit(f"{edition}: {types[key]} of {key}, expected {count}")
    codes = [row[0] for row in rows]
    if len(set(codes)) != len(codes):
        raise SystemExit(f"{edition}: duplicate codes")
    if edition == "2025-01":
        by_code = {row[0]: row for row in rows}
        for code, parent, name in (
            ("06196", "183", "Xã Cao Lâu"),
            ("06199", "183", "Xã Thạch Đạn"),
            ("183", "20", "Huyện Cao Lộc"),
            ("20", "", "Tỉnh Lạng Sơn"),
        ):
            row = by_code.get(code)
            if not row or row[1] != parent or row[4] != name:
                raise SystemExit(f"{edition}: expected {code} {name!r} under {parent!r}, found {row}")


def write(rows: list[tuple[str, str, str, str, str]], path: Path) -> None:
    lines = ["\t".join(HEADER)] + ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, help="take the wheels from this folder instead of downloading them")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help=f"output folder (default: {DATA_DIR})")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for edition, spec in EDITIONS.items():
            if args.wheels:
                wheel = find_wheel(spec["version"], args.wheels)
            else:
                wheel = download(spec["version"], Path(tmp))
            divisions, data_version = read_wheel(wheel)
            rows = build_rows(divisions, edition)
            check(rows, edition)
            path = args.out / f"{edition}.tsv"
            write(rows, path)
            counts = Counter(row[2] for row in rows)
            summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
            print(f"{path}: {PACKAGE} {spec['version']} (data {data_version}): {summary}")


if __name__ == "__main__":
    main()

"""How much of a campaign an import recovered: the share of header fields, sections, indicators, figures and the
version 2 parts (legal bases, stages, award criteria, other participants, appendices) of the expected JSON form
found equal in the draft (used by the tests and benchmarks/import_accuracy.py)."""

import re
from decimal import Decimal, InvalidOperation

HEADER = (
    "parent_body",
    "issuing_body",
    "doc_type",
    "number",
    "symbol",
    "place",
    "issued_on",
    "year",
    "title",
    "higher_document",
    "theme",
    "closing",
    "recipients",
)
SIGNER = ("authority", "on_behalf_of", "title", "name")
SECTION = ("label", "heading", "role", "field")
NUMBERS = {"value", "value_high", "total"}
# The version 2 lists, item by item in order, and the keys each item must get right.
PARTS = {
    "legal_bases": ("kind", "text"),
    "stages": ("name", "starts_on", "ends_on", "deadline"),
    "award_criteria": ("subject", "award", "quota_kind", "quota_value"),
    "other_participants": ("name", "kind"),
    "appendices": ("label", "title", "tables"),
}
FIGURE = ("form", "direction", "value", "value_high", "total", "grade", "unit_of_measure", "source")


def _norm(value):
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value.replace("**", "").replace("*", "")).strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _number(value):
    """v1 numbers are ints, v2 the printed string: compare what they mean."""
    if value in (None, ""):
        return None
    return str(value).lstrip("0") or "0"


def _same(key: str, a, b) -> bool:
    """Numbers compare by value ("18.0" is "18"), text without emphasis marks and runs of spaces."""
    if key in NUMBERS and a is not None and b is not None:
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except InvalidOperation:
            return False
    return _norm(a) == _norm(b)


def _flatten(sections, path="sections"):
    for index, section in enumerate(sections):
        here = f"{path}[{index}]"
        yield here, section
        yield from _flatten(section.get("children", []), f"{here}.children")


def compare(expected: dict, got: dict, *, header: tuple = HEADER) -> dict:
    """{category: [found, total, [paths that differ]]} for header, sections, indicators, figures and parts."""
    result = {name: [0, 0, []] for name in ("header", "sections", "indicators", "figures", "parts")}

    def count(category, equal, path):
        result[category][1] += 1
        if equal:
            result[category][0] += 1
        else:
            result[category][2].append(path)

    for name in header:
        if name == "number":
            count("header", _number(expected.get(name)) == _number(got.get(name)), name)
        else:
            count("header", _norm(expected.get(name)) == _norm(got.get(name)), name)
    for name in SIGNER:
        count("header", _norm(expected["signer"].get(name)) == _norm(got["signer"].get(name)), f"signer.{name}")
    expected_sections = list(_flatten(expected["sections"]))
    got_sections = dict(_flatten(got["sections"]))
    for path, section in expected_sections:
        mine = got_sections.get(path)
        count("sections", mine is not None and all(_norm(section[k]) == _norm(mine[k]) for k in SECTION), path)
        mine_indicators = mine["indicators"] if mine else []
        for i, indicator in enumerate(section["indicators"]):
            other = mine_indicators[i] if i < len(mine_indicators) else None
            i_path = f"{path}.indicators[{i}]"
            count(
                "indicators",
                other is not None and _norm(indicator["sentence"]) == _norm(other["sentence"]),
                i_path,
            )
            figures = other["figures"] if other else []
            for f, figure in enumerate(indicator["figures"]):
                mine_figure = figures[f] if f < len(figures) else None
                count(
                    "figures",
                    mine_figure is not None and all(_same(k, figure[k], mine_figure[k]) for k in FIGURE),
                    f"{i_path}.figures[{f}]",
                )
    for key, fields in PARTS.items():
        mine = got.get(key) or []
        for index, item in enumerate(expected.get(key) or []):
            other = mine[index] if index < len(mine) else None
            equal = other is not None and all(_norm(item.get(k)) == _norm(other.get(k)) for k in fields)
            count("parts", equal, f"{key}[{index}]")
    return result


def ratio(result: dict) -> float:
    found = sum(v[0] for v in result.values())
    total = sum(v[1] for v in result.values())
    return found / total if total else 1.0

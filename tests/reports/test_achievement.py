"""The achievement of a reported figure for every form of the seeds' target grammar (domain.md §5): hand-computed
statuses and percentages, the boundaries, and every figure of the real seeds judged without error."""

import json
import unicodedata
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import translation
from django.utils.translation import gettext

import campaigns
from reports.achievement import (
    GRADE_SCALES,
    NO_ACTUAL,
    NO_ASSIGNED,
    NO_PREVIOUS,
    NO_TARGET,
    ZERO_PREVIOUS,
    Achievement,
    Status,
    achievement,
    summarise,
)

D = Decimal
EXCEEDED, ACHIEVED, MISSED, NO_DATA = Status.EXCEEDED, Status.ACHIEVED, Status.MISSED, Status.NO_DATA
SEEDS = Path(campaigns.__file__).resolve().parent / "seeds"


def figure(form, value=None, high=None, *, direction="up", total=None, grade="", unit=""):
    return SimpleNamespace(
        form=form,
        direction=direction,
        value=None if value is None else D(value),
        value_high=None if high is None else D(high),
        total=None if total is None else D(total),
        grade=grade,
        unit_of_measure=unit,
        source="own",
    )


def target(assigned=None, assigned_high=None, registered=None, registered_high=None):
    return SimpleNamespace(
        assigned_value=None if assigned is None else D(assigned),
        assigned_high=None if assigned_high is None else D(assigned_high),
        registered_value=None if registered is None else D(registered),
        registered_high=None if registered_high is None else D(registered_high),
    )


def pct(text):
    return None if text is None else D(text)


# Rows of: figure, actual, status, percent.
AT_LEAST_AND_PLANNED = [
    # Seed 000: "Tổng sản lượng lương thực có hạt đạt 1.105 tấn"
    (figure("at_least", "1105", unit="tấn"), "1105", ACHIEVED, "100.0"),
    (figure("at_least", "1105", unit="tấn"), "1106", EXCEEDED, "100.1"),
    (figure("at_least", "1105", unit="tấn"), "1104", MISSED, "99.9"),
    (figure("at_least", "1105", unit="tấn"), "1200", EXCEEDED, "108.6"),
    (figure("at_least", "1105", unit="tấn"), "0", MISSED, "0.0"),
    (figure("at_least", "2000"), "2001", EXCEEDED, "100.1"),  # 100.05 rounds half up
    # lower is better: "tỷ lệ hộ nghèo giảm xuống dưới 3%"
    (figure("at_least", "3", direction="down", unit="%"), "3", ACHIEVED, "100.0"),
    (figure("at_least", "3", direction="down", unit="%"), "2.5", EXCEEDED, "120.0"),
    (figure("at_least", "3", direction="down", unit="%"), "4", MISSED, "75.0"),
    (figure("at_least", "3", direction="down", unit="%"), "0", EXCEEDED, None),
    (figure("at_least", "0.85", direction="down", unit="%"), "0.9", MISSED, "94.4"),  # 003
    # planned: "Cơ cấu giá trị sản xuất: công nghiệp - xây dựng 68,6%" (001); "23 - 24%" (002) is a range
    (figure("planned", "68.6", unit="%"), "68.6", ACHIEVED, "100.0"),
    (figure("planned", "68.6", unit="%"), "70", EXCEEDED, "102.0"),
    (figure("planned", "68.6", unit="%"), "68.5", MISSED, "99.9"),
    (figure("planned", "23", "24", unit="%"), "23.5", ACHIEVED, "102.2"),
    (figure("planned", "23", "24", unit="%"), "25", EXCEEDED, "108.7"),
    (figure("planned", "23", "24", unit="%"), "22", MISSED, "95.7"),
    # an at_least figure ignores an upper value
    (figure("at_least", "23", "24"), "23.5", EXCEEDED, "102.2"),
]

RANGES = [
    # Seed 002: "GRDP: 7 - 7,5%"
    (figure("range", "7", "7.5", unit="%"), "6.9", MISSED, "98.6"),
    (figure("range", "7", "7.5", unit="%"), "7", ACHIEVED, "100.0"),
    (figure("range", "7", "7.5", unit="%"), "7.5", ACHIEVED, "107.1"),
    (figure("range", "7", "7.5", unit="%"), "7.6", EXCEEDED, "108.6"),
    # lower is better, mirrored: percent = high / actual
    (figure("range", "2", "3", direction="down", unit="%"), "3.5", MISSED, "85.7"),
    (figure("range", "2", "3", direction="down", unit="%"), "3", ACHIEVED, "100.0"),
    (figure("range", "2", "3", direction="down", unit="%"), "2", ACHIEVED, "150.0"),
    (figure("range", "2", "3", direction="down", unit="%"), "1.5", EXCEEDED, "200.0"),
    # a range without its upper value is a single value
    (figure("range", "7", unit="%"), "7", ACHIEVED, "100.0"),
    (figure("range", "7", unit="%"), "7.1", EXCEEDED, "101.4"),
]

OUT_OF = [
    # Seed 000: "Duy trì 10/10 thôn văn hoá", "19/19 tiêu chí"
    (figure("out_of", "10", total="10", unit="thôn"), "10", ACHIEVED, "100.0"),
    (figure("out_of", "10", total="10", unit="thôn"), "9", MISSED, "90.0"),
    (figure("out_of", "19", total="19", unit="tiêu chí"), "19", ACHIEVED, "100.0"),
    (figure("out_of", "8", total="10", unit="thôn"), "9", EXCEEDED, "112.5"),
    (figure("out_of", "8", total="10", unit="thôn"), "8", ACHIEVED, "100.0"),
    (figure("out_of", "10", unit="thôn"), "10", ACHIEVED, "100.0"),  # no total: as at_least
]


@pytest.mark.parametrize(("fig", "actual", "status", "percent"), AT_LEAST_AND_PLANNED + RANGES + OUT_OF)
def test_value_forms(fig, actual, status, percent):
    result = achievement(figure=fig, actual=D(actual))
    assert (result.status, result.percent) == (status, pct(percent))
    assert result.target == fig.value
    assert result.explanation


# Rows of: figure, previous, actual, status, percent.
CHANGES = [
    # Seed 002: "Kim ngạch xuất khẩu hàng địa phương tăng 8 - 9%"
    (figure("change", "8", "9", unit="%"), "100", "108", ACHIEVED, "100.0"),
    (figure("change", "8", "9", unit="%"), "100", "109", ACHIEVED, "112.5"),
    (figure("change", "8", "9", unit="%"), "100", "110", EXCEEDED, "125.0"),
    (figure("change", "8", "9", unit="%"), "100", "107", MISSED, "87.5"),
    # "Giảm tỷ lệ hộ nghèo: 5% trở lên" (004): the decrease against the previous year
    (figure("change", "5", direction="down", unit="%"), "200", "190", ACHIEVED, "100.0"),
    (figure("change", "5", direction="down", unit="%"), "200", "189", EXCEEDED, "110.0"),
    (figure("change", "5", direction="down", unit="%"), "200", "191", MISSED, "90.0"),
    (figure("change", "5", direction="down", unit="%"), "200", "210", MISSED, "-100.0"),
    # "Giảm tỷ lệ hộ nghèo từ 2% - 3%" (002): above the upper end is vượt
    (figure("change", "2", "3", direction="down", unit="%"), "10", "9.7", ACHIEVED, "150.0"),
    (figure("change", "2", "3", direction="down", unit="%"), "10", "9.6", EXCEEDED, "200.0"),
    # "giảm 04 hộ" (003), "mỗi xã tăng từ 3 tiêu chí" (004): a change in units, not in %
    (figure("change", "4", direction="down", unit="hộ"), "16", "12", ACHIEVED, "100.0"),
    (figure("change", "4", direction="down", unit="hộ"), "16", "11", EXCEEDED, "125.0"),
    (figure("change", "4", direction="down", unit="hộ"), "16", "13", MISSED, "75.0"),
    (figure("change", "3", unit="tiêu chí"), "10", "13", ACHIEVED, "100.0"),
    (figure("change", "3", unit="tiêu chí"), "0", "3", ACHIEVED, "100.0"),  # a previous 0 is fine in units
    # "Số vụ khiếu kiện phức tạp, kéo dài ... giảm hơn so với năm 2023" (001): no value, any decrease
    (figure("change", direction="down"), "5", "4", ACHIEVED, None),
    (figure("change", direction="down"), "5", "5", MISSED, None),
    (figure("change", direction="down"), "5", "6", MISSED, None),
]


@pytest.mark.parametrize(("fig", "previous", "actual", "status", "percent"), CHANGES)
def test_change(fig, previous, actual, status, percent):
    result = achievement(figure=fig, actual=D(actual), previous=D(previous))
    assert (result.status, result.percent) == (status, pct(percent))
    assert (result.target, result.target_high) == (fig.value, fig.value_high)


def test_change_without_the_previous_value_or_with_zero():
    fig = figure("change", "5", direction="down", unit="%")
    missing = achievement(figure=fig, actual=D(3))
    assert missing == Achievement(NO_DATA, None, D(5), None, gettext(NO_PREVIOUS))
    zero = achievement(figure=fig, actual=D(3), previous=D(0))
    assert (zero.status, zero.percent, zero.explanation) == (NO_DATA, None, gettext(ZERO_PREVIOUS))


def test_change_against_a_registered_target():
    fig = figure("change", "5", direction="down", unit="%")
    result = achievement(figure=fig, target=target(registered="6"), actual=D("94.5"), previous=D(100))
    assert (result.status, result.percent, result.target) == (MISSED, D("91.7"), D(6))


# Rows of: figure, target, actual, status, percent, required.
RELATIVES = [
    # "Thu ngân sách vượt 10% so với chỉ tiêu huyện giao" (000): value 110
    (figure("relative", "110", unit="%"), target(assigned="1000"), "1100", ACHIEVED, "100.0", "1100"),
    (figure("relative", "110", unit="%"), target(assigned="1000"), "1150", EXCEEDED, "104.5", "1100"),
    (figure("relative", "110", unit="%"), target(assigned="1000"), "1099", MISSED, "99.9", "1100"),
    # "100% kế hoạch huyện giao" (001): value 100
    (figure("relative", "100", unit="%"), target(assigned="500"), "500", ACHIEVED, "100.0", "500"),
    # "Tỷ lệ hộ giảm theo chỉ tiêu huyện giao" (001): direction down
    (figure("relative", "100", direction="down", unit="%"), target(assigned="2"), "1.8", EXCEEDED, "111.1", "2"),
    (figure("relative", "100", direction="down", unit="%"), target(assigned="2"), "2.5", MISSED, "80.0", "2"),
    # a registered value counts only when stricter than assigned × factor
    (figure("relative", "110", unit="%"), target(1000, registered=1200), "1150", MISSED, "95.8", "1200"),
    (figure("relative", "110", unit="%"), target(1000, registered=1050), "1100", ACHIEVED, "100.0", "1100"),
]


@pytest.mark.parametrize(("fig", "tgt", "actual", "status", "percent", "required"), RELATIVES)
def test_relative(fig, tgt, actual, status, percent, required):
    result = achievement(figure=fig, target=tgt, actual=D(actual))
    assert (result.status, result.percent, result.target) == (status, pct(percent), D(required))


@pytest.mark.parametrize("tgt", [None, target(), target(registered="1000")])
def test_relative_without_an_assigned_value(tgt):
    result = achievement(figure=figure("relative", "110", unit="%"), target=tgt, actual=D(1100))
    assert (result.status, result.percent, result.target) == (NO_DATA, None, None)
    assert result.explanation == gettext(NO_ASSIGNED) % {"factor": "110%"}


@pytest.mark.parametrize(
    ("tgt", "actual", "status", "judged"),
    [
        (target(assigned="120", registered="130"), "125", MISSED, "130"),  # registered first
        (target(assigned="120"), "125", EXCEEDED, "120"),  # then assigned
        (target(), "125", EXCEEDED, "100"),  # then the figure's own
        (None, "100", ACHIEVED, "100"),
    ],
)
def test_registered_overrides_assigned_overrides_the_figure(tgt, actual, status, judged):
    result = achievement(figure=figure("at_least", "100"), target=tgt, actual=D(actual))
    assert (result.status, result.target) == (status, D(judged))


def test_a_range_takes_its_pair_from_the_registered_target():
    fig = figure("range", "7", "7.5", unit="%")
    result = achievement(figure=fig, target=target("7.5", "8", registered="8", registered_high="8.5"), actual=D("8.6"))
    assert (result.status, result.percent, result.target, result.target_high) == (EXCEEDED, D("107.5"), D(8), D("8.5"))
    assigned = achievement(figure=fig, target=target("7.5", "8"), actual=D("8"))
    assert (assigned.status, assigned.target, assigned.target_high) == (ACHIEVED, D("7.5"), D(8))


@pytest.mark.parametrize(
    ("flag", "status", "percent"), [(True, ACHIEVED, "100.0"), (False, MISSED, "0.0"), (None, NO_DATA, None)]
)
def test_status(flag, status, percent):
    # Seed 000: "Duy trì chuẩn quốc gia về Y tế xã"
    result = achievement(figure=figure("status"), flag=flag, actual=D(5))
    assert (result.status, result.percent, result.target) == (status, pct(percent), None)


@pytest.mark.parametrize(
    ("wanted", "reported", "status"),
    [
        ("khá", "khá", ACHIEVED),  # "huấn luyện dân quân đạt loại khá" (000)
        ("khá", "loại khá", ACHIEVED),
        ("khá", "Khá", ACHIEVED),
        ("loại khá", "  KHÁ ", ACHIEVED),
        ("khá", "đạt loại khá", ACHIEVED),
        ("khá", unicodedata.normalize("NFD", "Khá"), ACHIEVED),
        ("khá trở lên", "khá", ACHIEVED),  # "đạt khá trở lên" (004)
        ("khá", "giỏi", EXCEEDED),
        ("khá", "Xuất sắc", EXCEEDED),
        ("khá", "trung bình", MISSED),
        ("khá", "yếu", MISSED),
        ("hoàn thành", "hoàn thành tốt nhiệm vụ", EXCEEDED),
        ("hoàn thành tốt", "Hoàn thành tốt", ACHIEVED),
        ("hoàn thành tốt", "hoàn thành", MISSED),
        ("hoàn thành", "không hoàn thành", MISSED),
        ("đạt", "đạt", ACHIEVED),
        ("đạt", "không đạt", MISSED),
        ("mức độ 3", "Mức độ 3", ACHIEVED),  # "phổ cập giáo dục ... mức độ 3" (000)
        ("mức độ 2", "mức độ 3", EXCEEDED),
        ("mức độ 3", "mức độ 2", MISSED),
    ],
)
def test_grade(wanted, reported, status):
    result = achievement(figure=figure("grade", grade=wanted), grade=reported)
    assert (result.status, result.percent, result.target) == (status, None, None)


@pytest.mark.parametrize(
    ("wanted", "reported", "named"),
    [
        ("khá", "tàm tạm", "tàm tạm"),  # an unknown grade
        ("khá", "hoàn thành", "hoàn thành"),  # a grade of another scale
        ("tàm tạm", "khá", "tàm tạm"),  # the figure's grade is unknown
    ],
)
def test_a_grade_off_the_scales_is_no_data_and_named(wanted, reported, named):
    result = achievement(figure=figure("grade", grade=wanted), grade=reported)
    assert (result.status, result.percent) == (NO_DATA, None)
    assert f"“{named}”" in result.explanation


def test_grade_scales_are_ordered_lowest_first():
    assert ("yếu", "trung bình", "khá", "giỏi", "xuất sắc") == GRADE_SCALES[0][-5:]
    assert ("không hoàn thành", "hoàn thành", "hoàn thành tốt", "hoàn thành xuất sắc") in GRADE_SCALES
    assert ("không đạt", "đạt") in GRADE_SCALES


@pytest.mark.parametrize(("verdict", "status"), [(True, ACHIEVED), (False, MISSED), (None, NO_DATA)])
def test_qualitative(verdict, status):
    # Seed 000: "Giữ vững an ninh chính trị, trật tự an toàn xã hội"
    result = achievement(figure=figure("qualitative"), verdict=verdict)
    assert (result.status, result.percent) == (status, None)
    assert result.explanation


@pytest.mark.parametrize(
    "fig",
    [
        figure("at_least", "1105"),
        figure("planned", "23", "24"),
        figure("range", "7", "7.5"),
        figure("change", "5", unit="%"),
        figure("out_of", "10", total="10"),
        figure("grade", grade="khá"),
    ],
)
def test_nothing_reported_is_no_data(fig):
    result = achievement(figure=fig, target=target(assigned="100"), previous=D(100))
    assert (result.status, result.percent) == (NO_DATA, None)
    assert result.explanation


def test_relative_with_nothing_reported_keeps_what_it_is_judged_against():
    result = achievement(figure=figure("relative", "110"), target=target(assigned="1000"))
    assert result == Achievement(NO_DATA, None, D(1100), None, gettext(NO_ACTUAL))


@pytest.mark.parametrize(
    ("fig", "kwargs", "status", "percent"),
    [
        (figure("at_least"), {"actual": D(5)}, NO_DATA, None),  # no target value
        (figure("relative"), {"actual": D(5), "target": target(assigned="10")}, NO_DATA, None),
        (figure("at_least", "0"), {"actual": D(0)}, ACHIEVED, "100.0"),  # a zero target
        (figure("at_least", "0"), {"actual": D(5)}, EXCEEDED, None),
        (figure("at_least", "0", direction="down"), {"actual": D(2)}, MISSED, "0.0"),  # "không để xảy ra"
        (figure("at_least", "100"), {"actual": "not a number"}, NO_DATA, None),
        (figure("change", "0", unit="%"), {"actual": D(100), "previous": D(100)}, ACHIEVED, "100.0"),
        (figure("something else", "1"), {"actual": D(1)}, NO_DATA, None),
        (SimpleNamespace(form="at_least"), {"actual": D(1)}, NO_DATA, None),  # attributes missing
    ],
)
def test_odd_data_never_raises(fig, kwargs, status, percent):
    result = achievement(figure=fig, **kwargs)
    assert (result.status, result.percent) == (status, pct(percent))
    assert result.explanation


def test_no_target_value_is_explained():
    assert achievement(figure=figure("at_least"), actual=D(5)).explanation == gettext(NO_TARGET)


def test_explanations_write_numbers_the_vietnamese_way():
    with translation.override("vi"):
        at_least = achievement(figure=figure("at_least", "1105", unit="tấn"), actual=D(1200)).explanation
        rng = achievement(figure=figure("range", "7", "7.5", unit="%"), actual=D("7.25")).explanation
        change = achievement(figure=figure("change", "5", direction="down", unit="%"), actual=D(189), previous=D(200))
        out_of = achievement(figure=figure("out_of", "10", total="10", unit="thôn"), actual=D(9)).explanation
    assert "1.200 tấn" in at_least and "1.105 tấn" in at_least and "108,6%" in at_least
    assert "7,25%" in rng and "7 - 7,5%" in rng and "103,6%" in rng
    assert "5,5%" in change.explanation and "110,0%" in change.explanation
    assert "9/10" in out_of and "90,0%" in out_of


def test_status_labels():
    assert [s.value for s in Status] == ["exceeded", "achieved", "missed", "annual", "not_assigned", "no_data"]
    assert [str(s.label) for s in Status] == [
        "vượt",
        "đạt",
        "không đạt",
        "chỉ tiêu cả năm",
        "không giao chỉ tiêu",
        "chưa có số liệu",
    ]


def test_summarise_counts_in_order():
    counts = summarise([ACHIEVED, MISSED, "achieved", NO_DATA, ACHIEVED])
    assert list(counts) == [EXCEEDED, ACHIEVED, MISSED, Status.ANNUAL, Status.NOT_ASSIGNED, NO_DATA]
    assert counts == {EXCEEDED: 0, ACHIEVED: 3, MISSED: 1, Status.ANNUAL: 0, Status.NOT_ASSIGNED: 0, NO_DATA: 1}
    assert summarise([]) == dict.fromkeys(Status, 0)


def _seed_figures(node):
    if isinstance(node, dict):
        yield from node.get("figures", [])
        for key, value in node.items():
            if key != "figures":
                yield from _seed_figures(value)
    elif isinstance(node, list):
        for value in node:
            yield from _seed_figures(value)


def _as_figure(data):
    values = {name: D(data[name]) if data.get(name) not in (None, "") else None for name in ("value", "value_high")}
    total = D(data["total"]) if data.get("total") not in (None, "") else None
    return SimpleNamespace(
        form=data["form"],
        direction=data.get("direction", "up"),
        total=total,
        grade=data.get("grade", ""),
        unit_of_measure=data.get("unit_of_measure", ""),
        source=data.get("source", "own"),
        **values,
    )


def _meeting_its_own_target(fig):
    """The report that meets a figure exactly: its own value, the kept status, its own grade, a đạt verdict."""
    previous, assigned = D(100), D(1000)
    if fig.form == "change":
        change = fig.value if fig.value is not None else D(1)  # no value: any change in the direction
        return {"previous": previous, "actual": previous - change if fig.direction == "down" else previous + change}
    if fig.form == "relative":
        return {"target": target(assigned=assigned), "actual": assigned * fig.value / 100}
    return {"actual": fig.value, "flag": True, "grade": fig.grade, "verdict": True}


@pytest.mark.parametrize("seed", sorted(path.name for path in SEEDS.glob("*.json")))
def test_every_seed_figure_meeting_its_target_is_achieved(seed):
    data = json.loads((SEEDS / seed).read_text(encoding="utf-8"))
    figures = [_as_figure(item) for item in _seed_figures(data)]
    assert figures
    for fig in figures:
        result = achievement(figure=fig, **_meeting_its_own_target(fig))
        assert result.status == ACHIEVED, (seed, fig, result)
        if fig.form in ("at_least", "planned", "range", "relative", "out_of") or fig.value is not None:
            assert result.percent == D("100.0"), (seed, fig, result)


def test_seed_000_is_covered():
    assert (SEEDS / "000.json").exists()


# The roll-up asks once per figure whether a unit with no target of its own is "không giao chỉ tiêu" whatever it
# reported (achievement.unassigned) and then skips judging its cells: the shortcut must say what achievement() says.
@pytest.mark.parametrize("form", ["at_least", "planned", "range", "out_of", "rank", "change", "relative", "status"])
@pytest.mark.parametrize("reach", ["", "total", "each"])
@pytest.mark.parametrize("unit", ["tấn", "%"])
@pytest.mark.parametrize("value", [None, "1105"])
@pytest.mark.parametrize("share", [None, D("0.5")])
def test_the_unassigned_shortcut_says_what_achievement_says(form, reach, unit, value, share):
    from reports.achievement import not_assigned, unassigned

    f = figure(form, value, total="2000" if form == "out_of" else None, unit=unit)
    f.reach, f.aggregation, f.name, f.change_measure = reach, "sum", "Sản lượng", ""
    for issuer in (False, True):
        for actual in (D("0"), D("1200"), D("552.5")):
            judged = achievement(figure=f, target=None, actual=actual, previous=D("1000"), issuer=issuer, share=share)
            if unassigned(f, issuer=issuer):
                shortcut = not_assigned(f, actual)
                assert (shortcut.status, shortcut.rule, shortcut.percent) == (judged.status, judged.rule, None)
                assert shortcut.explanation == judged.explanation
            else:
                assert judged.status != Status.NOT_ASSIGNED  # none left out either
    # the seeds' case: a lower unit's share of the issuer's total tonnes is not judged; a rate is
    assert unassigned(figure("at_least", "1105", unit="tấn"), issuer=False)
    assert not unassigned(figure("at_least", "1105", unit="tấn"), issuer=True)
    assert not unassigned(figure("at_least", "97", unit="%"), issuer=False)

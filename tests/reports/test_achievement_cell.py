"""The achievement of a report's figure as one tag (reports/templatetags/achievements.py): the badge with status,
percentage and explanation, the explanation below it, everything escaped; in the page itself once per figure."""

from decimal import Decimal

from django.template import Context, Template

from reports.achievement import Achievement, Status


def _cell(achievement) -> str:
    return Template("{% load achievements %}{% achievement_cell a %}").render(Context({"a": achievement}))


def test_the_badge_and_the_explanation_below_it():
    a = Achievement(status=Status.EXCEEDED, percent=Decimal("1234.5"), wording="1.106 tấn <so với> 1.105 tấn")
    assert _cell(a) == (
        '<span class="badge ach ach-exceeded" title="1.106 tấn &lt;so với&gt; 1.105 tấn">vượt · 1.234,5%</span>'
        '<div class="small text-muted mt-1">1.106 tấn &lt;so với&gt; 1.105 tấn</div>'
    )


def test_no_percentage_and_no_explanation_give_the_bare_badge():
    assert (
        _cell(Achievement(status=Status.NO_DATA))
        == '<span class="badge ach ach-no_data" title="">chưa có số liệu</span>'
    )


def test_the_wording_is_composed_once():
    calls = []
    a = Achievement(status=Status.MISSED, percent=Decimal(50), wording=lambda: calls.append(1) or "một nửa")
    assert "không đạt · 50,0%" in _cell(a) and calls == [1]

"""The awards demo (awards.demo) over the seed units: every title nominated has an eligible and a refused case, Xã
Cao Lâu's council (10/01/2025, Nghị định 98/2023) votes on what its chairman confers and passes all but the LĐTT that
got 3 of 7, the decision is issued on 15/01/2025, before the commune merged, with the money of only the highest title
a year and writes the award history; a second load changes nothing."""

import datetime

import pytest

from awards import demo
from awards.models import AwardRecord, DecisionStatus
from documents.demo import demo_load_signing
from nominations.models import Nomination, NominationStatus
from tests.campaigns.test_seeds import seed_units  # noqa: F401 - the fixture is used by name
from tests.factories import unit
from units.demo import DEMO_USERS, demo_load_users
from units.models import Edition, Unit

pytestmark = pytest.mark.django_db


def test_demo_awards(seed_units, settings, tmp_path):  # noqa: F811
    settings.DEMO_CA_DIR = tmp_path / "demo-ca"
    unit(Unit.objects.get_parent(seed_units["06196"]), code="06199", short_name="Thạch Đạn")
    demo_load_users([u for u in DEMO_USERS if u.edition == Edition.E2025_01])  # the 2024 history's users
    demo_load_signing()
    result = demo.demo_load_awards()

    by_title = {}
    for nomination in Nomination.objects.select_related("award_type"):
        by_title.setdefault(nomination.award_type.code, set()).add(nomination.eligible)
    # Cờ thi đua needs the council's acceptance of the cluster's proposal, which comes with the demo scoring sheet
    # (not loaded here): without it both communes are refused.
    assert by_title.pop("co-thi-dua-tinh") == {False}
    assert {code for code, verdicts in by_title.items() if verdicts != {True, False}} == set()
    assert "cstd-toan-quoc" not in by_title and len(by_title) == 12
    assert result.nominations == Nomination.objects.count()

    # Hoàng Thị Nhung's chain starts before 2024: CSTĐCS 2021-2023 entered as historical decisions of Huyện Cao Lộc.
    past = AwardRecord.objects.filter(person__full_name="Hoàng Thị Nhung", award_type__code="cstdcs")
    assert sorted(past.values_list("year", "historical")) == [(2021, True), (2022, True), (2023, True)]
    chain = Nomination.objects.get(person__full_name="Hoàng Thị Nhung", award_type__code="cstd-tinh")
    details = [check["detail"] for check in chain.explanation]
    assert chain.eligible and "122/QĐ-UBND" in details[0] and "123/QĐ-UBND" in details[1]

    failed = Nomination.objects.get(status=NominationStatus.FAILED)
    assert (str(failed.nominee), failed.award_type.code) == ("Triệu Thị Hằng", "ldtt")
    assert (failed.ballot.votes_for, failed.ballot.members_total, failed.ballot.passed) == (3, 7, False)
    # The CSTĐCS was the district's to confer in January 2025: it waits there, not voted by the commune.
    waiting = Nomination.objects.get(person__full_name="Nông Văn Tuấn", award_type__code="cstdcs")
    assert waiting.status == NominationStatus.SUBMITTED and not hasattr(waiting, "ballot")

    decision = result.decision
    assert decision.status == DecisionStatus.ISSUED and decision.number is not None
    assert decision.issued_on == datetime.date(2025, 1, 15)  # Xã Cao Lâu existed until 30/06/2025
    assert "98/2023" in decision.legal_bases and "152/2025" not in decision.legal_bases
    amounts = {(e.name, e.award_type.code): e.amount for e in decision.entries.select_related("award_type")}
    assert "cstdcs" not in {code for _name, code in amounts}
    assert amounts[("Nông Văn Tuấn", "ldtt")] == 710_000
    assert amounts[("Lăng Văn Bình", "ldtt")] == 710_000
    assert AwardRecord.objects.filter(decision=decision).count() == decision.entries.count()
    # worded as real decisions are: the council's Tờ trình, two-digit counts, Ông / Bà in the grouped list
    from awards.printing import decision_annex, decision_articles, proposal_line

    assert "tại Tờ trình số 01/TTr-HĐTĐKT ngày" in proposal_line(decision)
    first = decision_articles(decision)[0][1]
    assert "“Lao động tiên tiến” năm 2024 cho 09 cá nhân; Giấy khen của Chủ tịch Ủy ban nhân dân xã cho 01 tập" in first
    assert "(có danh sách kèm theo), đã có thành tích xuất sắc trong" in first
    names = [row[1] for row in decision_annex(decision).rows]
    assert "Ông Nông Văn Tuấn" in names and any(name.startswith("Bà ") for name in names)

    again = demo.demo_load_awards()
    assert again.nominations == 0 and again.ballots == 0 and again.decision == decision

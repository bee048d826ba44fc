"""The demo of the present (demo.present): Tỉnh Lạng Sơn of the two-tier edition launches its 2026 plan to its 65
communes with targets assigned and registered, approved period reports, a scoring sheet and a decision issued by Xã
Ba Sơn's chairman under Nghị định 152/2025; every document issued in the demo is dated within its issuer's validity;
a second load changes nothing."""

import pytest
from django.utils import timezone

from accounts.models import User
from awards.models import DecisionStatus
from campaigns.models import Campaign, CampaignStatus
from demo import present
from documents.demo import demo_load_signing
from documents.issuing import issued_for
from documents.models import DocumentJob, IssuedDocument, JobStatus
from nominations.models import Nomination, NominationStatus
from reports.models import ReportStatus
from reports.services import campaign_figures
from scoring.access import SheetAccess
from scoring.models import ScoreSheet
from scoring.selectors import sheet_board
from targets.models import Aggregation, Target
from units.demo import PRESENT_USERS, demo_load_users
from units.loading import edition_file, units_load_edition
from units.models import Edition, Unit, UnitKind
from units.validity import is_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def lang_son_2025_07(tmp_path):
    """Tỉnh Lạng Sơn and its 65 communes, from the shipped 2025-07 list."""
    lines = edition_file(Edition.E2025_07).read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if "20" in (line.split("\t")[0], line.split("\t")[1])]
    path = tmp_path / "lang-son.tsv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    units_load_edition(edition=Edition.E2025_07, path=path)
    return Unit.objects.get(edition=Edition.E2025_07, code="20")


def test_the_present_demo(lang_son_2025_07, settings, tmp_path):
    settings.DEMO_CA_DIR = tmp_path / "demo-ca"
    demo_load_users(PRESENT_USERS)
    units = list(Unit.objects.filter(memberships__isnull=False).distinct())
    demo_load_signing(units=units, leaders=list(User.objects.filter(username="lanhdao.bason")))

    campaign, reports, sheet_made, decision = present.demo_load_present()

    # The plan of the province in force, to every one of its communes, each with its targets.
    assert (campaign.issuing_unit, campaign.year, campaign.reference) == (lang_son_2025_07, 2026, "18/KH-UBND")
    communes = Unit.objects.get_children(lang_son_2025_07).filter(kind=UnitKind.COMMUNE)
    assert campaign.participations.count() == communes.count() == 65
    figures = list(Target.objects.filter(unit__in=communes).values_list("figure", flat=True).distinct())
    assert len(figures) == 5
    for figure in campaign_figures(campaign):
        assigned = Target.objects.filter(figure=figure).values_list("assigned_value", flat=True)
        assert len(assigned) == 65
        if figure.aggregation == Aggregation.SUM:
            assert sum(assigned) == figure.value  # the province's total, spread over its communes
        else:
            assert set(assigned) == {figure.value}  # a rate meant for every commune
    ba_son = Unit.objects.get(edition=Edition.E2025_07, code="06202")
    registered = Target.objects.filter(unit=ba_son, registered_value__isnull=False)
    assert registered.count() == 2 and all(t.registered_value > t.assigned_value for t in registered)

    # Xã Ba Sơn's own plan, a draft under its two-tier header.
    draft = Campaign.objects.get(higher_campaign=campaign, issuing_unit=ba_son)
    assert (draft.status, draft.parent_body, draft.issuing_body) == (
        CampaignStatus.DRAFT,
        "UBND TỈNH LẠNG SƠN",
        "ỦY BAN NHÂN DÂN XÃ BA SƠN",
    )

    # Reports: the quarter approved, six months approved but Xã Cao Lộc's, the year open.
    assert reports == 65 * 3 - 1
    quarter, half, _nine, year = campaign.periods.order_by("ends_on")
    assert set(quarter.reports.values_list("status", flat=True)) == {ReportStatus.APPROVED}
    returned = half.reports.get(status=ReportStatus.RETURNED)
    assert returned.unit.code == "06193" and returned.return_reason
    assert year.ends_on.year == 2026 and not year.reports.exists() and year.due_on > timezone.localdate()

    # The cluster's sheet, scored from the approved six months.
    assert sheet_made
    sheet = ScoreSheet.objects.get(campaign=campaign)
    assert (sheet.cluster.organiser, sheet.cluster.members.count(), sheet.period) == (lang_son_2025_07, 4, half)
    # It shows the rules of real tables: a row per case, a group capping its penalties, levels, a disqualifier,
    # and Xã Cao Lộc answering yes to it: not ranked.
    criteria = list(sheet.criteria.all())
    assert any(c.per_case for c in criteria) and any(c.penalty_cap for c in criteria)
    assert any(c.levels for c in criteria) and any(c.kind == "disqualifier" for c in criteria)
    board = sheet_board(
        sheet=sheet, access=SheetAccess.build(user=User.objects.get(username="sonoivu.langson"), sheet=sheet)
    )
    not_ranked = [r.unit.name for r in board.ranking() if r.rank is None]
    assert not_ranked == ["Xã Cao Lộc"]

    # Xã Ba Sơn, the cluster's leader, issues its self-scoring report and the cluster's minutes of the cluster check,
    # signed by its chairman.
    (report,) = sheet.self_reports.all()
    (minutes,) = sheet.minutes.all()
    assert (report.unit, report.status, minutes.unit, minutes.status) == (ba_son, "issued", ba_son, "issued")
    assert (report.symbol, minutes.symbol, minutes.stage, minutes.secretary_name) == (
        "BC-UBND",
        "BB-CTĐ",
        "cluster",
        "Lộc Thị Hạnh",
    )
    assert minutes.number == report.number + 1 and minutes.signer_name == report.signer_name
    assert IssuedDocument.objects.of(minutes).get().signer.username == "lanhdao.bason"

    # The commune's chairman confers CSTĐCS since 1/7/2025 (Nghị định 152/2025) and issues today.
    assert decision.status == DecisionStatus.ISSUED and decision.unit == ba_son
    assert decision.issued_on == timezone.localdate()
    assert "152/2025" in decision.legal_bases and "98/2023" not in decision.legal_bases
    assert (decision.parent_body, decision.issuing_body) == ("UBND TỈNH LẠNG SƠN", "ỦY BAN NHÂN DÂN XÃ BA SƠN")
    awarded = {(e.name, e.award_type.code) for e in decision.entries.select_related("award_type")}
    assert ("Nông Thị Hoa", "cstdcs") in awarded and ("Hà Thị Mến", "ldtt") in awarded
    failed = Nomination.objects.get(person__full_name="Hà Thị Mến", award_type__code="cstdcs")
    assert failed.status == NominationStatus.FAILED and failed.ballot.votes_for == 5
    # Its council's minutes and count committee's minutes are issued from the register, dated the meeting's day,
    # before the decision; the minutes carry the chairman's signature and the seal; the certificates are printed.
    session = decision.session
    minutes, count = (issued_for(session.papers.get(kind=kind)).get() for kind in ("minutes", "count"))
    assert (minutes.issued_on, count.issued_on) == (session.held_on, session.held_on)
    assert minutes.reference.endswith("/BB-HĐTĐKT") and minutes.number + 1 == count.number < decision.number
    assert minutes.signer.username == "lanhdao.bason" and 'class="dau"' in minutes.html
    assert "Nông Thị Hoa" in count.html and "71,43" in count.html  # Hà Thị Mến's 5 of 7
    certificates = DocumentJob.objects.get(kind="certificates", object_id=decision.pk)
    assert certificates.status == JobStatus.DONE and certificates.result.pages == decision.entries.count()

    # No document of the demo is dated outside its issuer's validity.
    assert IssuedDocument.objects.exists()
    assert all(is_in_force(d.unit, d.issued_on) for d in IssuedDocument.objects.select_related("unit"))

    again = present.demo_load_present()
    assert again == (campaign, 0, False, decision)

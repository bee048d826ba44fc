"""The award decision (awards.services, awards.printing): drafted from a closed council session's passed ballots,
the money by the rules on the decision date with only the highest title of a year paid, edits refused once issued,
issuing through the register that writes the award history the next year's checks read, the PDF in the Nghị định
30 format, the pages' scope and roles, and a cluster's accepted leading units nominated for Cờ thi đua tỉnh."""

import datetime
import io
from types import SimpleNamespace

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from awards import eligibility, services
from awards.models import AwardKind, AwardRecord, Decision, DecisionEntry, DecisionStatus
from awards.printing import render_decision_html
from documents import issuing
from documents.models import DocumentJob, IssuedDocument
from documents.rendering import html_to_pdf
from nominations.models import Ballot, CouncilSession, Nomination, NominationStatus, SessionStatus
from people.models import CollectiveKind
from tests.awards.factories import draft, issue, make_session
from tests.documents import test_rendering as nd30
from units import vn
from units.versioning import VersionConflict

pytestmark = pytest.mark.django_db

YEAR = 2024
TODAY = timezone.localdate()


def amounts(decision) -> dict:
    return {(e.name, e.award_type.code): (e.amount, e.paid) for e in decision.entries.select_related("award_type")}


# ------------------------------------------------------------------ the draft and the money


def test_the_draft_takes_the_passed_ballots_of_the_session(tree, people, council, awards):
    decision = services.decision_draft(session=council.session, user=people.reviewer)
    assert decision.unit == tree.cao_lau and decision.session == council.session and decision.year == YEAR
    assert decision.status == DecisionStatus.DRAFT and decision.number is None
    assert decision.issuing_body == "ỦY BAN NHÂN DÂN XÃ CAO LÂU" and decision.parent_body == "UBND HUYỆN CAO LỘC"
    assert decision.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CAO LÂU"
    assert decision.symbol == "QĐ-UBND" and decision.place == "Cao Lâu"
    bases = decision.legal_basis_lines
    assert bases[0] == services.LOCAL_GOVERNMENT_NEW and bases[1] == services.LAW
    assert any("Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in line for line in bases)
    assert "98/2023" not in decision.legal_bases  # repealed on 1/7/2025
    assert bases[-1] == "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng xã Cao Lâu ngày 08 tháng 01 năm 2025;"
    assert decision.proposer == "Chủ tịch Hội đồng Thi đua - Khen thưởng xã Cao Lâu"
    entries = list(decision.entries.select_related("award_type").order_by("position"))
    assert [(e.name, e.award_type.code) for e in entries] == [
        ("Nguyễn Thị Hoa", "cstdcs"),
        ("Văn phòng UBND xã", "ttldtt"),
        ("Nguyễn Thị Hoa", "ldtt"),
        ("Lý Văn Bình", "ldtt"),
    ]  # the failed ballot is left out; the highest rank first
    assert entries[0].description == "Công chức Văn phòng - Thống kê, Văn phòng UBND xã"
    assert entries[0].nomination == council.hoa_cstdcs
    assert "Chiến sĩ thi đua cơ sở" in decision.title and "năm 2024" in decision.title
    # The same nominations are not drafted twice.
    with pytest.raises(ValidationError) as error:
        services.decision_draft(session=council.session, user=people.reviewer)
    assert error.value.code == "nothing_passed"


def test_money_by_the_rules_and_only_the_highest_title_of_a_year_is_paid(people, council, awards):
    decision = services.decision_draft(session=council.session, user=people.reviewer)
    ldtt = eligibility.award_amount(award_type=awards.ldtt, on=TODAY)
    assert ldtt == 710_000  # 0,3 × 2.340.000 = 702.000, rounded up to 10.000 đồng (Nghị định 152/2025 Điều 49)
    assert amounts(decision) == {
        ("Nguyễn Thị Hoa", "cstdcs"): (2_340_000, True),
        ("Nguyễn Thị Hoa", "ldtt"): (0, False),  # the same year's lower title: not paid
        ("Lý Văn Bình", "ldtt"): (ldtt, True),
        ("Văn phòng UBND xã", "ttldtt"): (1_880_000, True),  # 0,8 × 2.340.000 = 1.872.000 → 1.880.000
    }
    (note,) = services.entry_notes(decision).values()
    assert "Chiến sĩ thi đua cơ sở" in note
    annex = render_decision_html(decision=decision)
    assert "0 (đã hưởng mức CSTĐCS)" in annex and "4.930.000" in annex and "710.000" in annex


def test_a_commune_cannot_confer_cstdcs_before_july_2025(tree, people, council, awards):
    """Before 1/7/2025 the district chairman conferred CSTĐCS and TTLĐTT; the commune chairman only LĐTT."""
    with pytest.raises(ValidationError) as error:
        services.decision_draft(
            session=council.session, user=people.reviewer, award_types=[awards.cstdcs], on=datetime.date(2025, 6, 30)
        )
    assert error.value.code == "cannot_confer"
    assert "30/06/2025" in error.value.messages[0] and Decision.objects.count() == 0
    decision = services.decision_draft(session=council.session, user=people.reviewer, on=datetime.date(2025, 6, 30))
    assert sorted(e.award_type.code for e in decision.entries.all()) == ["ldtt", "ldtt"]
    assert len(decision.left_out) == 2 and any("Chiến sĩ thi đua cơ sở" in line for line in decision.left_out)
    assert services.LOCAL_GOVERNMENT_OLD in decision.legal_bases and "98/2023/NĐ-CP" in decision.legal_bases
    # From 1/7/2025 the commune confers it (Nghị định 129/2025 Điều 59).
    later = services.decision_draft(session=council.session, user=people.reviewer, on=datetime.date(2025, 7, 1))
    assert {e.award_type.code for e in later.entries.all()} == {"cstdcs", "ttldtt"}
    assert services.decision_issuer(unit=tree.cao_lau, award_type=awards.cstdcs, on=datetime.date(2025, 7, 1)) == (
        tree.cao_lau
    )
    with pytest.raises(ValidationError):
        services.decision_issuer(unit=tree.cao_lau, award_type=awards.cstd_tinh, on=TODAY)


def test_an_open_session_is_not_drafted(tree, people, council):
    CouncilSession.objects.filter(pk=council.session.pk).update(status=SessionStatus.OPEN)
    council.session.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.decision_draft(session=council.session, user=people.reviewer)
    assert error.value.code == "session_open" and Decision.objects.count() == 0


def test_edits_check_the_version_and_removing_a_title_pays_the_next(people, council):
    decision = services.decision_draft(session=council.session, user=people.reviewer)
    saved = services.decision_update(
        decision=decision, user=people.reviewer, expected_version=1, proposer="Trưởng phòng Văn hóa - Xã hội"
    )
    assert saved.version == 2
    with pytest.raises(VersionConflict):
        services.decision_update(decision=decision, user=people.reviewer, expected_version=1, proposer="Khác")
    cstdcs = decision.entries.get(award_type__code="cstdcs")
    with pytest.raises(ValidationError):
        services.decision_entry_remove(entry=cstdcs, user=people.reviewer, expected_version=1)
    services.decision_entry_remove(entry=cstdcs, user=people.reviewer, expected_version=2)
    decision.refresh_from_db()
    assert decision.version == 3 and not DecisionEntry.objects.filter(pk=cstdcs.pk).exists()
    assert amounts(decision)[("Nguyễn Thị Hoa", "ldtt")] == (710_000, True)  # now her highest title
    for entry in list(decision.entries.all())[:-1]:
        decision = services.decision_entry_remove(entry=entry, user=people.reviewer, expected_version=decision.version)
    with pytest.raises(ValidationError) as error:
        services.decision_entry_remove(
            entry=decision.entries.get(), user=people.reviewer, expected_version=decision.version
        )
    assert error.value.code == "last_entry"
    # The nomination taken out goes into the next draft.
    again = services.decision_draft(session=council.session, user=people.reviewer)
    assert again.entries.count() == 3


# ------------------------------------------------------------------ issuing


def test_issuing_numbers_the_decision_writes_the_history_and_feeds_the_next_chain(people, council, awards):
    # Hoa was CSTĐCS in 2023; for CSTĐ tỉnh in 2025, the chain 2023-2024-2025 reads 2024 from the history.
    AwardRecord.objects.create(
        person=council.hoa,
        award_type=awards.cstdcs,
        year=2023,
        award_kind=AwardKind.REGULAR,
        decision_reference="03/QĐ-UBND",
        decided_on=datetime.date(2024, 1, 5),
        decided_by="Chủ tịch UBND huyện Cao Lộc",
    )

    def chain_2024():
        verdict = eligibility.judge(award_type=awards.cstd_tinh, year=2025, person=council.hoa)
        return next(c for c in verdict.checks if c.label == "CSTĐCS 2024")

    assert not chain_2024().ok
    decision = draft(council, people)
    issued, job = issue(decision, people)
    assert decision.status == DecisionStatus.ISSUED and decision.number == 1 and decision.issued_on == TODAY
    assert issued.reference == "01/QĐ-UBND" and issued.doc_type == "Quyết định" and job.kind == "issued"
    assert "01/QĐ-UBND" in issued.html and "4.930.000" in issued.html
    records = {
        (r.person or r.collective).__str__() + " " + r.award_type.code: r
        for r in AwardRecord.objects.filter(decision=decision).select_related("person", "collective", "award_type")
    }
    assert set(records) == {
        "Nguyễn Thị Hoa cstdcs",
        "Nguyễn Thị Hoa ldtt",
        "Lý Văn Bình ldtt",
        "Văn phòng UBND xã ttldtt",
    }
    record = records["Nguyễn Thị Hoa cstdcs"]
    assert (record.year, record.award_kind, record.decision_reference, record.decided_on, record.amount) == (
        YEAR,
        AwardKind.REGULAR,
        "01/QĐ-UBND",
        TODAY,
        2_340_000,
    )
    assert record.decided_by == "Chủ tịch Ủy ban nhân dân xã Cao Lâu" and record.entered_by == people.clerk
    assert records["Nguyễn Thị Hoa ldtt"].amount == 0 and records["Nguyễn Thị Hoa ldtt"].note
    statuses = set(Nomination.objects.filter(decision_entry__decision=decision).values_list("status", flat=True))
    assert statuses == {NominationStatus.AWARDED}
    assert Nomination.objects.get(pk=council.weak_ldtt.pk).status == NominationStatus.FAILED
    check = chain_2024()
    assert check.ok and "01/QĐ-UBND" in check.detail


def test_an_issued_decision_is_not_changed(people, council):
    decision = draft(council, people)
    issue(decision, people)
    before = (decision.title, decision.version, decision.entries.count())
    with pytest.raises(ValidationError) as error:
        services.decision_update(
            decision=decision, user=people.reviewer, expected_version=decision.version, title="Sửa sau khi ban hành"
        )
    assert error.value.code == "not_draft" and error.value.messages == [gettext(services.ERR_NOT_DRAFT)]
    with pytest.raises(ValidationError):
        services.decision_entry_remove(
            entry=decision.entries.first(), user=people.reviewer, expected_version=decision.version
        )
    with pytest.raises(ValidationError):
        services.decision_issue(decision=decision, user=people.clerk, expected_version=decision.version)
    decision.refresh_from_db()
    assert (decision.title, decision.version, decision.entries.count()) == before
    assert IssuedDocument.objects.count() == 1 and AwardRecord.objects.count() == 4


def test_an_award_already_in_the_history_stops_the_issue_and_nothing_changes(people, council, awards):
    decision = draft(council, people)
    AwardRecord.objects.create(
        person=council.binh,
        award_type=awards.ldtt,
        year=YEAR,
        award_kind=AwardKind.REGULAR,
        decision_reference="07/QĐ-UBND",
        decided_on=datetime.date(2025, 1, 3),
        decided_by="Chủ tịch UBND xã Cao Lâu",
    )
    issuing.register_open(unit=decision.unit, year=TODAY.year, user=people.superuser, last_number=0)
    with pytest.raises(ValidationError) as error:
        services.decision_issue(decision=decision, user=people.clerk, expected_version=decision.version)
    assert error.value.code == "record_exists" and "Lý Văn Bình" in error.value.messages[0]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT and decision.number is None
    assert IssuedDocument.objects.count() == 0 and AwardRecord.objects.count() == 1


def test_the_money_is_computed_again_on_the_issue_date(people, council, awards):
    from awards.models import BaseSalary

    decision = draft(council, people)
    BaseSalary.objects.create(valid_from=TODAY, amount=2_530_000, legal_basis="Nghị định mới")
    issue(decision, people)
    assert amounts(decision)[("Lý Văn Bình", "ldtt")] == (760_000, True)  # 0,3 × 2.530.000 = 759.000 → 760.000


# ------------------------------------------------------------------ the printed decision


def test_the_decision_pdf_is_in_the_decree_30_format(people, council, monkeypatch):
    council.hoa.female = True  # Bình's gender is not recorded: no Ông before his name
    council.hoa.save()
    decision = draft(council, people)
    decision = services.decision_update(
        decision=decision,
        user=people.reviewer,
        expected_version=decision.version,
        proposal_number="12/TTr-HĐTĐKT",
        proposal_date=datetime.date(2025, 1, 9),
    )
    issued, _job = issue(decision, people)
    monkeypatch.setitem(nd30.DATE_LINES, "decision", f"Cao Lâu, {vn.long_date(TODAY)}")
    monkeypatch.setitem(nd30.NUMBER_LINES, "decision", "Số: 01/QĐ-UBND")
    monkeypatch.setattr(
        nd30, "campaign_document", lambda campaign: SimpleNamespace(recipients=decision.recipient_lines)
    )
    printed = SimpleNamespace(
        doc_type=SimpleNamespace(title="QUYẾT ĐỊNH"),
        signature_lines=decision.signature_lines,
        signer_name=decision.signer_name,
    )
    # The issued copy is this HTML with the stamp (signature, seal, QR code) added after the signature block.
    html = render_decision_html(decision=decision)
    assert issued.html.count("<b>Điều ") == html.count("<b>Điều ") == 3
    with pdfplumber.open(io.BytesIO(html_to_pdf(html))) as pdf:
        pages = len(pdf.pages)
        footer = next(i for i, page in enumerate(pdf.pages) if "Nơi nhận:" in (page.extract_text() or ""))
        assert footer == pages - 2  # the signature block, then the appendix on a page of its own
        numbers = ["", *(str(n) for n in range(2, footer + 2)), ""]
        nd30.check_page_geometry(pdf, numbers)  # A4, margins, Liberation Serif, page numbers; the annex restarts
        nd30.check_header(pdf.pages[0], "decision")  # quốc hiệu on one line, tiêu ngữ and its rule, số, date
        nd30.check_body_and_footer(pdf, printed, footer_page=footer)  # type, body 13–14 pt, Nơi nhận, signature
        first = pdf.pages[0]
        authority = nd30.find_line(first, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CAO LÂU")
        assert all(nd30.is_bold(c) for c in nd30.ink(authority["chars"]))
        assert abs((authority["x0"] + authority["x1"]) / 2 - nd30.TEXT_CENTRE) <= 2
        basis = nd30.find_line(first, "Căn cứ Luật Tổ chức chính quyền địa phương")
        assert all(nd30.is_italic(c) for c in nd30.ink(basis["chars"])) and basis["text"].rstrip().endswith(";")
        decides = nd30.find_line(first, "QUYẾT ĐỊNH:")
        assert all(nd30.is_bold(c) for c in nd30.ink(decides["chars"]))
        assert abs((decides["x0"] + decides["x1"]) / 2 - nd30.TEXT_CENTRE) <= 2
        article = nd30.find_line(first, "Điều 1.")
        assert nd30.is_bold(nd30.ink(article["chars"])[0]) and article["x0"] > nd30.LEFT + 30  # indented 1,27 cm
        text = nd30.body_text(pdf)
        annex = pdf.pages[-1]
        annex_text = nd30.norm(annex.extract_text())
    assert (
        "Theo đề nghị của Chủ tịch Hội đồng Thi đua - Khen thưởng xã Cao Lâu tại Tờ trình số 12/TTr-HĐTĐKT ngày 09 "
        "tháng 01 năm 2025." in text
    )
    assert "Tặng danh hiệu “Chiến sĩ thi đua cơ sở” năm 2024 cho 01 cá nhân" in text
    assert "cho 02 cá nhân (có danh sách kèm theo), đã có thành tích xuất sắc trong" in text
    assert "(có danh sách kèm theo)" in text and "tổng cộng 4.930.000 đồng" in text and "./." in text
    assert "Phụ lục" in annex_text and "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC TẶNG DANH HIỆU THI ĐUA NĂM 2024" in annex_text
    assert f"(Kèm theo Quyết định số 01/QĐ-UBND {vn.long_date(TODAY)} của Chủ tịch Ủy ban nhân dân xã Cao Lâu)" in (
        annex_text
    )
    for cell in ("STT", "Họ và tên", "Số tiền", "Lý Văn Bình", "710.000", "Tổng cộng 4.930.000"):
        assert cell in annex_text, cell
    assert annex_text.index("I TẬP THỂ") < annex_text.index("II CÁ NHÂN") < annex_text.index("Bà Nguyễn Thị Hoa")
    assert "Ông Lý Văn Bình" not in annex_text


# ------------------------------------------------------------------ pages, scope and roles


def test_pages_scope_and_roles(client, tree, people, council):
    client.force_login(people.reviewer)
    response = client.post(reverse("decision_draft", kwargs={"session_pk": council.session.pk}))
    decision = Decision.objects.get()
    assert response["Location"] == reverse("decision_detail", kwargs={"pk": decision.pk})
    entry = decision.entries.first()
    views = ("decision_detail", "decision_preview", "decision_edit")
    for name in views:
        response = client.get(reverse(name, kwargs={"pk": decision.pk}))
        assert response.status_code == 200 and b"INVALID[" not in response.content, name
    assert client.get(reverse("decision_list")).status_code == 200
    response = client.post(
        reverse("decision_edit", kwargs={"pk": decision.pk}),
        {**{f: getattr(decision, f) or "" for f in services.EDIT_FIELDS}, "signer_name": "Hoàng Văn Nam", "version": 1},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.signer_name == "Hoàng Văn Nam" and decision.version == 2
    stale = client.post(
        reverse("decision_edit", kwargs={"pk": decision.pk}),
        {**{f: getattr(decision, f) or "" for f in services.EDIT_FIELDS}, "title": "Cũ", "version": 1},
    )
    assert stale.status_code == 400 and Decision.objects.get().title != "Cũ"
    client.post(reverse("decision_pdf", kwargs={"pk": decision.pk}))
    assert DocumentJob.objects.filter(kind="decision", object_id=decision.pk).exists()

    # Out of scope: 404 everywhere.
    for subject in ("sibling_officer", "other_reviewer"):
        client.force_login(getattr(people, subject))
        for name in (*views, "decision_issue"):
            assert client.get(reverse(name, kwargs={"pk": decision.pk})).status_code == 404, (subject, name)
        for name in ("decision_pdf", "decision_certificates"):
            assert client.post(reverse(name, kwargs={"pk": decision.pk})).status_code == 404, (subject, name)
        url = reverse("decision_entry_remove", kwargs={"pk": decision.pk, "entry_pk": entry.pk})
        assert client.post(url, {"version": decision.version}).status_code == 404
        assert client.post(reverse("decision_draft", kwargs={"session_pk": council.session.pk})).status_code == 404
    # In scope without the role: 403.
    client.force_login(people.officer)
    assert client.get(reverse("decision_detail", kwargs={"pk": decision.pk})).status_code == 200
    for name in ("decision_edit", "decision_issue"):
        assert client.get(reverse(name, kwargs={"pk": decision.pk})).status_code == 403, name
    assert client.post(reverse("decision_draft", kwargs={"session_pk": council.session.pk})).status_code == 403
    url = reverse("decision_entry_remove", kwargs={"pk": decision.pk, "entry_pk": entry.pk})
    assert client.post(url, {"version": decision.version}).status_code == 403
    assert client.post(reverse("decision_certificates", kwargs={"pk": decision.pk})).status_code == 403
    client.force_login(people.clerk)
    assert client.get(reverse("decision_edit", kwargs={"pk": decision.pk})).status_code == 403
    response = client.get(reverse("decision_issue", kwargs={"pk": decision.pk}))
    assert response.status_code == 200 and b"INVALID[" not in response.content
    # Removing a recipient from the page.
    client.force_login(people.reviewer)
    client.post(url, {"version": decision.version})
    assert not DecisionEntry.objects.filter(pk=entry.pk).exists()
    # Issue from the page; an issued decision has no edit page.
    issuing.register_open(unit=decision.unit, year=TODAY.year, user=people.superuser, last_number=0)
    decision.refresh_from_db()
    client.force_login(people.clerk)
    response = client.post(reverse("decision_issue", kwargs={"pk": decision.pk}), {"version": decision.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED and AwardRecord.objects.filter(decision=decision).count() == 3
    client.force_login(people.reviewer)
    assert client.get(reverse("decision_edit", kwargs={"pk": decision.pk})).status_code == 404
    response = client.get(reverse("decision_detail", kwargs={"pk": decision.pk}))
    assert response.status_code == 200 and b"INVALID[" not in response.content


# ------------------------------------------------------------------ clusters


def test_a_clusters_accepted_leading_units_become_co_thi_dua_nominations(client, tree, people, awards):
    from scoring.models import CouncilDecision, DecisionItem, LeadingProposal, ProposedUnit, ScoreSheet
    from tests.scoring.factories import campaign_for, cluster_with

    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign, _figures = campaign_for(cluster, [tree.cao_lau, tree.thach_dan])
    sheet = ScoreSheet.objects.create(cluster=cluster, campaign=campaign, title="Bảng chấm điểm 2024")
    with pytest.raises(ValidationError):
        services.cluster_nominations_create(sheet=sheet, user=people.reviewer)
    proposal = LeadingProposal.objects.create(sheet=sheet, proposed_by=people.reviewer, proposed_at=timezone.now())
    ProposedUnit.objects.create(proposal=proposal, unit=tree.cao_lau, position=0)
    ProposedUnit.objects.create(proposal=proposal, unit=tree.thach_dan, position=1)
    verdict = CouncilDecision.objects.create(proposal=proposal, decided_by=people.council, decided_at=timezone.now())
    DecisionItem.objects.create(decision=verdict, unit=tree.cao_lau, accepted=True)
    DecisionItem.objects.create(decision=verdict, unit=tree.thach_dan, accepted=False, reason="Điểm thấp hơn")

    created, existing = services.cluster_nominations_create(sheet=sheet, user=people.reviewer)
    (nomination,) = created
    assert existing == []
    assert nomination.award_type == awards.co_thi_dua_tinh and nomination.year == cluster.year
    assert nomination.unit == tree.cao_loc and nomination.status == NominationStatus.SUBMITTED
    collective = nomination.collective
    assert collective.kind == CollectiveKind.COMMUNE and collective.linked_unit == tree.cao_lau
    created, existing = services.cluster_nominations_create(sheet=sheet, user=people.reviewer)
    assert created == [] and existing == [nomination]  # not twice

    # The province's council passes it; the decision page shows the proposal and the council's decision.
    session = make_session(tree.lang_son)
    Nomination.objects.filter(pk=nomination.pk).update(status=NominationStatus.PASSED)
    Ballot.objects.create(
        session=session, nomination=nomination, votes_for=9, members_total=10, threshold=80, passed=True
    )
    decision = services.decision_draft(session=session, user=people.province_admin)
    assert decision.unit == tree.lang_son and decision.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    assert amounts(decision) == {("Xã Cao Lâu", "co-thi-dua-tinh"): (18_720_000, True)}
    (origin,) = services.cluster_origins(decision)
    assert origin["proposed"] == [tree.cao_lau, tree.thach_dan] and origin["accepted"] == [tree.cao_lau]
    assert origin["cut"] == [(tree.thach_dan, "Điểm thấp hơn")]
    client.force_login(people.province_admin)
    page = client.get(reverse("decision_detail", kwargs={"pk": decision.pk})).content.decode()
    assert "Xã Cao Lâu, Xã Thạch Đạn" in page and "Điểm thấp hơn" in page

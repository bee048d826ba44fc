"""The emulation council (nominations.services, the session pages, the minutes): ballots counted on ALL members
with the threshold in force on the session's date, the refusals (more votes than members or than members present,
a closed session, a nomination not before the session), and the BIÊN BẢN printed through the document engine."""

import datetime
import io

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from documents import issuing
from documents.models import DocumentJob, JobStatus, Register
from documents.rendering import html_to_pdf
from documents.services import document_job_create, document_job_run
from nominations import papers, services
from nominations.models import Ballot, CouncilMember, CouncilPaperKind, MemberRole, NominationStatus, SessionStatus
from nominations.printing import ballot_sheets, render_ballots_html
from nominations.selectors import count_results
from people.models import Person, Rating
from tests.documents import test_rendering as nd30
from tests.factories import member
from tests.nominations.conftest import YEAR, error_codes, nominate, rate, submitted
from tests.world import world_objects

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2025, 1, 15)  # under Nghị định 98/2023: CSTĐCS needs 80 % of all members


@pytest.fixture
def session(tree, users):
    return services.session_create(
        unit=tree.cao_loc,
        user=users.council,
        year=YEAR,
        title="Phiên họp xét danh hiệu thi đua năm 2024",
        held_on=HELD_ON,
        place="Hội trường UBND huyện Cao Lộc",
        opened_at=datetime.time(8, 0),
        closed_at=datetime.time(10, 45),
    )


def add_members(session, user, count, absent=0):
    names = ["Hoàng Văn Chủ", "Nông Thị Thư"] + [f"Thành viên số {i}" for i in range(3, count + 1)]
    roles = [MemberRole.CHAIR, MemberRole.SECRETARY] + [MemberRole.MEMBER] * (count - 2)
    for i, (name, role) in enumerate(zip(names, roles, strict=True)):
        # The secretary and the next member count the votes (Ban kiểm phiếu; the first one listed heads it).
        services.member_add(
            session=session, user=user, name=name, role=role, present=i < count - absent, counts_votes=i in (1, 2)
        )


@pytest.fixture
def cstdcs(register, users, awards, tree):
    return submitted(tree.cao_lau, users.officer, awards.cstdcs, register.hoa)


def test_eighty_percent_of_all_members_passes_seventy_nine_fails(session, cstdcs, users):
    CouncilMember.objects.bulk_create(
        CouncilMember(session=session, name=f"Thành viên {i}", role=MemberRole.MEMBER, position_order=i)
        for i in range(100)
    )
    ballot = services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=79)
    assert (ballot.members_total, ballot.threshold, ballot.passed) == (100, 80, False)
    cstdcs.refresh_from_db()
    assert cstdcs.status == NominationStatus.FAILED
    ballot = services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=80)
    assert (ballot.members_total, ballot.threshold, ballot.passed) == (100, 80, True)
    cstdcs.refresh_from_db()
    assert cstdcs.status == NominationStatus.PASSED
    assert Ballot.objects.filter(nomination=cstdcs).count() == 1


def test_a_title_without_a_threshold_needs_more_than_half(session, register, users, awards, tree):
    ldtt = submitted(tree.cao_lau, users.officer, awards.ldtt, register.binh)
    add_members(session, users.council, 10)
    assert not services.ballot_record(session=session, nomination=ldtt, user=users.council, votes_for=5).passed
    assert services.ballot_record(session=session, nomination=ldtt, user=users.council, votes_for=6).passed


def test_votes_typed_on_a_page_built_before_others_were_recorded_are_refused(session, cstdcs, users):
    add_members(session, users.council, 10)
    seen = cstdcs.version
    services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=9, expected_version=seen)
    with pytest.raises(ValidationError) as refused:  # a second click, or a second secretary, on the same page
        services.ballot_record(
            session=session, nomination=cstdcs, user=users.reviewer, votes_for=8, expected_version=seen
        )
    assert error_codes(refused.value) == {"conflict"}
    assert "9 phiếu đồng ý" in " ".join(refused.value.messages)
    ballot = Ballot.objects.get(nomination=cstdcs)
    assert (ballot.votes_for, ballot.history.count()) == (9, 1)
    # A correction that keeps the result still moves the version: a page built before it is refused too.
    cstdcs.refresh_from_db()
    seen = cstdcs.version
    services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=10, expected_version=seen)
    with pytest.raises(ValidationError):
        services.ballot_record(
            session=session, nomination=cstdcs, user=users.council, votes_for=8, expected_version=seen
        )
    assert Ballot.objects.get(nomination=cstdcs).votes_for == 10


def test_more_votes_than_members_is_refused(session, cstdcs, users):
    add_members(session, users.council, 10)
    with pytest.raises(ValidationError) as refused:
        services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=8, votes_against=3)
    assert error_codes(refused.value) == {"more_than_members"}
    assert "10" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as refused:
        services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=11)
    assert error_codes(refused.value) == {"more_than_members"}
    assert not Ballot.objects.exists()
    cstdcs.refresh_from_db()
    assert cstdcs.status == NominationStatus.SUBMITTED


def test_more_votes_than_members_present_is_refused(session, cstdcs, users):
    add_members(session, users.council, 10, absent=2)
    with pytest.raises(ValidationError) as refused:
        services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=9)
    assert error_codes(refused.value) == {"more_than_present"}
    # 8 of 10 (two absent) is still 80 % of ALL members: it passes.
    assert services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=8).passed
    # Marking one more member absent would leave a ballot with more votes than members present: refused.
    third = session.members.get(name="Thành viên số 3")
    with pytest.raises(ValidationError) as refused:
        services.member_update(member=third, user=users.council, name=third.name, role=third.role, present=False)
    assert error_codes(refused.value) == {"members_after_votes"}


def test_no_ballot_without_members_nor_on_a_closed_session(session, cstdcs, users):
    with pytest.raises(ValidationError) as refused:
        services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=1)
    assert error_codes(refused.value) == {"no_members"}
    add_members(session, users.council, 5)
    services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=5)
    closed = services.session_close(session=session, user=users.council, expected_version=session.version)
    assert closed.status == SessionStatus.CLOSED
    with pytest.raises(ValidationError) as refused:
        services.ballot_record(session=closed, nomination=cstdcs, user=users.council, votes_for=1)
    assert error_codes(refused.value) == {"closed"}
    with pytest.raises(ValidationError) as refused:
        services.member_add(session=closed, user=users.council, name="Người đến muộn")
    assert error_codes(refused.value) == {"closed"}
    assert Ballot.objects.get(nomination=cstdcs).votes_for == 5


def test_only_nominations_sent_to_this_council_for_its_year_are_voted(session, register, users, awards, tree):
    add_members(session, users.council, 5)
    draft = nominate(tree.cao_lau, users.officer, awards.ldtt, person=register.binh)
    with pytest.raises(ValidationError) as refused:
        services.ballot_record(session=session, nomination=draft, user=users.council, votes_for=5)
    assert error_codes(refused.value) == {"not_submitted"}
    far = Person.objects.create(unit=tree.huong_lam, full_name="Trần Văn Xa")
    rate(far, Rating.GOOD)
    other = submitted(tree.huong_lam, member(tree.huong_lam, Role.OFFICER), awards.ldtt, far)
    with pytest.raises(ValidationError) as refused:
        services.ballot_record(session=session, nomination=other, user=users.council, votes_for=5)
    assert error_codes(refused.value) == {"not_for_session"}


def test_one_chair_per_session(session, users):
    services.member_add(session=session, user=users.council, name="Hoàng Văn Chủ", role=MemberRole.CHAIR)
    with pytest.raises(ValidationError) as refused:
        services.member_add(session=session, user=users.council, name="Người thứ hai", role=MemberRole.CHAIR)
    assert error_codes(refused.value) == {"role"}


def test_the_session_page_groups_by_title_and_records_votes(client, session, cstdcs, register, users, awards, tree):
    ldtt = submitted(tree.cao_lau, users.officer, awards.ldtt, register.binh)
    add_members(session, users.council, 10)
    client.force_login(users.council)
    page = client.get(reverse("session_detail", kwargs={"pk": session.pk})).content.decode()
    assert page.index("Chiến sĩ thi đua cơ sở") < page.index("Lao động tiên tiến")  # higher rank first
    assert "Nguyễn Thị Hoa" in page and "Lý Văn Bình" in page and "CSTĐCS:" in page and "✓" in page
    url = reverse("ballot_record", kwargs={"pk": session.pk, "nomination_pk": cstdcs.pk})
    assert client.post(url, {"votes_for": 12, "votes_against": 0}).status_code == 302
    assert not Ballot.objects.exists()
    assert client.post(url, {"votes_for": 8, "votes_against": 2}).status_code == 302
    assert Ballot.objects.get(nomination=cstdcs).passed
    ldtt.refresh_from_db()
    assert ldtt.status == NominationStatus.SUBMITTED


def test_council_pages_need_a_council_role_at_the_session_unit(client, session, tree, users):
    detail = reverse("session_detail", kwargs={"pk": session.pk})
    close = reverse("session_close", kwargs={"pk": session.pk})
    client.force_login(users.district_officer)  # Cao Lộc, in scope, but an officer
    assert client.get(detail).status_code == 403
    assert client.post(close, {"version": session.version}).status_code == 403
    assert client.get(reverse("council_home", kwargs={"unit_pk": tree.cao_loc.pk})).status_code == 403
    client.force_login(users.officer)  # Cao Lâu: the district's session is outside the commune's scope
    assert client.get(detail).status_code == 404
    client.force_login(users.other_reviewer)  # Hiệp Hòa, another province
    assert client.get(detail).status_code == 404
    client.force_login(users.reviewer)
    assert client.get(detail).status_code == 200
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


def _minutes_session(session, cstdcs, register, users, awards, tree):
    ldtt = submitted(tree.cao_lau, users.officer, awards.ldtt, register.binh)
    add_members(session, users.council, 10, absent=1)
    services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=9)
    services.ballot_record(session=session, nomination=ldtt, user=users.council, votes_for=4, votes_against=5)
    return services.session_close(session=session, user=users.council)


def _text(pdf_bytes: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _issue(session, kind, user, signer=None):
    if not Register.objects.filter(unit=session.unit, year=session.held_on.year).exists():
        issuing.register_open(unit=session.unit, year=session.held_on.year, user=user, past=True)
    paper = session.papers.get(kind=kind)
    issued, _job = papers.council_paper_issue(paper=paper, user=user, expected_version=paper.version, signer=signer)
    return issued


def _left_lines(page):
    return [nd30.norm(line["text"]) for line in nd30.lines(page, (0, 0, nd30.HEADER_SPLIT, nd30.A4[1] / 4))]


def test_the_minutes_are_issued_from_the_register_in_the_decree_30_layout(
    session, cstdcs, register, users, awards, tree, monkeypatch
):
    closed = _minutes_session(session, cstdcs, register, users, awards, tree)
    issuing.register_open(unit=tree.cao_loc, year=2025, user=users.council, last_number=4, past=True)
    issued = _issue(closed, CouncilPaperKind.MINUTES, users.council)
    assert (issued.reference, issued.issued_on, issued.doc_type) == ("05/BB-HĐTĐKT", HELD_ON, "Biên bản")
    assert issued.signer_name == "Hoàng Văn Chủ" and issued.signer_title == "CHỦ TỊCH HỘI ĐỒNG"
    assert Register.objects.get(unit=tree.cao_loc, year=2025).last_number == 5
    monkeypatch.setitem(nd30.DATE_LINES, "minutes", "Cao Lộc, ngày 15 tháng 01 năm 2025")
    monkeypatch.setitem(nd30.NUMBER_LINES, "minutes", "Số: 05/BB-HĐTĐKT")
    with pdfplumber.open(io.BytesIO(html_to_pdf(issued.html))) as pdf:
        nd30.check_page_geometry(pdf)  # A4, margins, Liberation Serif, page numbers from page 2
        nd30.check_header(pdf.pages[0], "minutes")  # quốc hiệu, tiêu ngữ and its rule, số, date on one row
        left = _left_lines(pdf.pages[0])
        title = nd30.find_line(pdf.pages[0], "BIÊN BẢN")
        assert all(nd30.is_bold(c) for c in nd30.ink(title["chars"]))
        assert abs((title["x0"] + title["x1"]) / 2 - nd30.TEXT_CENTRE) <= 2
        flat = nd30.body_text(pdf)
    # The council's name breaks after "HỘI ĐỒNG", never before "- KHEN THƯỞNG".
    assert left[:3] == ["UBND HUYỆN CAO LỘC", "HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG"], left
    assert not any(line.startswith("-") for line in left)
    subject = "Họp Hội đồng Thi đua - Khen thưởng huyện Cao Lộc xét danh hiệu thi đua năm 2024"
    assert flat.count("Hội đồng Thi đua - Khen thưởng huyện Cao Lộc xét danh hiệu") == 1  # the title once
    assert subject in flat and "Phiên họp" not in flat
    assert "bắt đầu lúc 08 giờ 00 phút, ngày 15 tháng 01 năm 2025" in flat
    assert "kết thúc lúc 10 giờ 45 phút cùng ngày" in flat
    assert "có 10 thành viên; có mặt 9 thành viên, vắng 1 thành viên" in flat
    for name in ("Nguyễn Thị Hoa", "Lý Văn Bình", "Hoàng Văn Chủ", "Nông Thị Thư"):
        assert name in flat
    assert "9/10" in flat and "90" in flat and "Đạt" in flat and "4/10" in flat and "Không đạt" in flat
    assert "THƯ KÝ HỘI ĐỒNG" in flat and "CHỦ TỊCH HỘI ĐỒNG" in flat
    assert f"Mã tra cứu: {issued.code}" in flat  # the QR code's verification code
    # Issued once: the paper is frozen, a second issue is refused and the number is not taken again.
    paper = closed.papers.get(kind=CouncilPaperKind.MINUTES)
    with pytest.raises(ValidationError):
        papers.council_paper_issue(paper=paper, user=users.council, expected_version=paper.version)
    assert Register.objects.get(unit=tree.cao_loc, year=2025).last_number == 5


def test_the_vote_count_counts_and_is_issued(session, cstdcs, register, users, awards, tree):
    closed = _minutes_session(session, cstdcs, register, users, awards, tree)
    groups = count_results(closed)
    rows = {row.name: row for group in groups for row in group.rows}
    # 10 members, 9 present: CSTĐCS 9 for (90 % of all members ≥ 80 %), LĐTT 4 for, 5 against (40 % ≤ 50 %).
    assert (rows["Nguyễn Thị Hoa"].votes_for, rows["Nguyễn Thị Hoa"].blank, rows["Nguyễn Thị Hoa"].percent) == (
        9,
        0,
        "90",
    )
    assert rows["Nguyễn Thị Hoa"].passed and not rows["Lý Văn Bình"].passed
    assert (rows["Lý Văn Bình"].votes_against, rows["Lý Văn Bình"].blank) == (5, 0)
    issued = _issue(closed, CouncilPaperKind.COUNT, users.council)
    assert issued.reference == "01/BB-HĐTĐKT" and issued.signer_title == "TRƯỞNG BAN KIỂM PHIẾU"
    assert issued.signer_name == "Nông Thị Thư"  # the first member of the count committee heads it
    with pdfplumber.open(io.BytesIO(html_to_pdf(issued.html))) as pdf:
        nd30.check_page_geometry(pdf)
        flat = nd30.body_text(pdf)
        assert nd30.norm(nd30.find_line(pdf.pages[0], "Số:", (0, 0, nd30.HEADER_SPLIT, 300))["text"]) == (
            "Số: 01/BB-HĐTĐKT"
        )
    assert "BIÊN BẢN KIỂM PHIẾU" in flat
    assert "Tổng số thành viên Hội đồng: 10; số thành viên có mặt: 9; số phiếu phát ra: 9" in flat
    assert "Nông Thị Thư, - Trưởng ban" not in flat and "Nông Thị Thư - Trưởng ban" in flat
    assert "Thành viên số 3 - Thành viên" in flat
    assert "TRƯỞNG BAN KIỂM PHIẾU" in flat and "THÀNH VIÊN BAN KIỂM PHIẾU" in flat
    assert "Nguyễn Thị Hoa" in flat and "90" in flat and "Không đạt" in flat


def test_closing_needs_the_times_and_a_count_committee(session, cstdcs, users):
    services.member_add(session=session, user=users.council, name="Hoàng Văn Chủ", role=MemberRole.CHAIR)
    services.ballot_record(session=session, nomination=cstdcs, user=users.council, votes_for=1)
    with pytest.raises(ValidationError) as refused:
        services.session_close(session=session, user=users.council)
    assert error_codes(refused.value) == {"no_tellers"}
    session = services.session_update(
        session=session, user=users.council, expected_version=session.version, opened_at=None
    )
    member = session.members.get()
    services.member_update(member=member, user=users.council, name=member.name, role=member.role, counts_votes=True)
    with pytest.raises(ValidationError) as refused:
        services.session_close(session=session, user=users.council)
    assert error_codes(refused.value) == {"no_times"}
    with pytest.raises(ValidationError) as refused:
        services.session_update(
            session=session,
            user=users.council,
            expected_version=session.version,
            opened_at=datetime.time(9, 0),
            closed_at=datetime.time(8, 0),
        )
    assert error_codes(refused.value) == {"times_order"}
    assert not session.papers.exists() and session.status == SessionStatus.OPEN


def test_the_blank_ballots_print_a_sheet_per_award_and_member_present(session, cstdcs, register, users, awards, tree):
    submitted(tree.cao_lau, users.officer, awards.ldtt, register.binh)
    add_members(session, users.council, 4, absent=1)
    sheets = ballot_sheets(session)
    assert [(s.heading, [c[1] for c in s.candidates]) for s in sheets] == [
        ("PHIẾU BẦU", ["Nguyễn Thị Hoa"]),
        ("PHIẾU BẦU", ["Lý Văn Bình"]),
    ]
    assert sheets[0].subject == "Danh hiệu “Chiến sĩ thi đua cơ sở” năm 2024"
    with pdfplumber.open(io.BytesIO(html_to_pdf(render_ballots_html(session=session)))) as pdf:
        assert len(pdf.pages) == 2 * 3  # two awards, three members present; a secret ballot carries no name
        nd30.check_page_geometry(pdf, [""] * 6)  # A4, margins, fonts; a sheet stands alone, no page number
        page = pdf.pages[0]
        nation = nd30.find_line(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (nd30.HEADER_SPLIT, 0, nd30.A4[0], 200))
        assert all(nd30.is_bold(c) for c in nd30.ink(nation["chars"]))
        heading = nd30.find_line(page, "PHIẾU BẦU")
        assert abs((heading["x0"] + heading["x1"]) / 2 - nd30.TEXT_CENTRE) <= 2
        text = nd30.norm(page.extract_text())
        boxes = {
            (round((r["x0"] + r["x1"]) / 2), round((r["top"] + r["bottom"]) / 2))
            for r in page.rects
            if 18 <= r["width"] <= 22 and 18 <= r["height"] <= 22
        }
    assert "Nguyễn Thị Hoa" in text and "Đồng ý" in text and "Không đồng ý" in text
    assert "Hoàng Văn Chủ" not in text
    assert len(boxes) == 2  # one box to mark per answer for the one candidate


def test_the_minutes_go_through_the_document_engine(client, session, cstdcs, register, users, awards, tree):
    closed = _minutes_session(session, cstdcs, register, users, awards, tree)
    client.force_login(users.council)
    response = client.post(reverse("session_minutes_pdf", kwargs={"pk": closed.pk}))
    job = DocumentJob.objects.get(kind="minutes", object_id=closed.pk)
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    job = document_job_run(job_id=job.pk)
    assert job.status == JobStatus.DONE
    download = client.get(reverse("document_download", kwargs={"job_id": job.pk}))
    assert download.status_code == 200
    assert "BIÊN BẢN" in _text(b"".join(download.streaming_content))
    # Outside the session's scope, the job is not found.
    client.force_login(users.officer)
    assert client.get(reverse("document_download", kwargs={"job_id": job.pk})).status_code == 404
    assert document_job_create(subject=closed, kind="minutes", user=users.council).kind == "minutes"


def test_the_clerk_issues_the_papers_on_their_page_and_outside_the_scope_they_are_404(
    client, session, cstdcs, register, users, awards, tree, django_capture_on_commit_callbacks
):
    closed = _minutes_session(session, cstdcs, register, users, awards, tree)
    issuing.register_open(unit=tree.cao_loc, year=2025, user=users.council, past=True)
    clerk = member(tree.cao_loc, Role.CLERK, username="vanthu.caoloc")
    client.force_login(clerk)
    page = reverse("session_paper_issue", kwargs={"pk": closed.pk, "kind": "count"})
    shown = client.get(page)
    assert "Sổ đăng ký văn bản đi 2025: số tiếp theo 01" in shown.content.decode()  # of the meeting's year
    paper = closed.papers.get(kind="count")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(page, {"version": paper.version})
    assert response.status_code == 302 and "/documents/jobs/" in response["Location"]
    paper.refresh_from_db()
    assert (paper.status, paper.reference, paper.issued_on) == ("issued", "01/BB-HĐTĐKT", HELD_ON)
    assert client.get(page).status_code == 404  # issued once: no second issue page
    client.logout()  # the public verification page knows it by its code
    issued = issuing.issued_for(paper).get()
    verified = client.get(reverse("verify_code", kwargs={"code": issued.code})).content.decode()
    assert "01/BB-HĐTĐKT" in verified and "Biên bản" in verified
    client.force_login(users.council)
    shown = client.get(reverse("session_count_preview", kwargs={"pk": closed.pk})).content.decode()
    assert "Số: 01/BB-HĐTĐKT" in shown  # the frozen, issued copy
    detail = client.get(reverse("session_detail", kwargs={"pk": closed.pk})).content.decode()
    assert "01/BB-HĐTĐKT" in detail
    for name in ("session_count_preview", "session_ballots_preview", "session_minutes_preview"):
        client.force_login(users.other_reviewer)  # Hiệp Hòa, another province
        assert client.get(reverse(name, kwargs={"pk": closed.pk})).status_code == 404, name
    client.force_login(users.other_reviewer)
    assert client.get(page).status_code == 404
    assert client.get(reverse("councilpaper_detail", kwargs={"pk": paper.pk})).status_code == 404


def test_the_clerk_finds_the_drafts_to_issue_on_the_task_page(client, tree, people):
    from notices.todo import user_tasks

    # tests.world: Xã Cao Lâu's closed session, its minutes and count drafted when it closed.
    shared = world_objects(tree, people)
    session = shared["council_paper_cao_lau"].session
    tasks = {task.key: task for task in user_tasks(people.clerk)}
    assert tasks["council_papers"].count == 2
    assert "council_papers" not in {task.key for task in user_tasks(people.officer)}
    client.force_login(people.clerk)
    page = client.get(tasks["council_papers"].url).content.decode()
    assert reverse("session_paper_issue", kwargs={"pk": session.pk, "kind": "minutes"}) in page
    client.force_login(people.sibling_officer)  # Thạch Đạn sees none of Cao Lâu's papers
    assert "Phiên 1" not in client.get(reverse("council_paper_list")).content.decode()

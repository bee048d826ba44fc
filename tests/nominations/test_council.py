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
from documents.models import DocumentJob, JobStatus
from documents.rendering import html_to_pdf
from documents.services import document_job_create, document_job_run
from nominations import services
from nominations.models import Ballot, CouncilMember, MemberRole, NominationStatus, SessionStatus
from nominations.printing import render_minutes_html
from people.models import Person, Rating
from tests.factories import member
from tests.nominations.conftest import YEAR, error_codes, nominate, rate, submitted

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
    )


def add_members(session, user, count, absent=0):
    names = ["Hoàng Văn Chủ", "Nông Thị Thư"] + [f"Thành viên số {i}" for i in range(3, count + 1)]
    roles = [MemberRole.CHAIR, MemberRole.SECRETARY] + [MemberRole.MEMBER] * (count - 2)
    for i, (name, role) in enumerate(zip(names, roles, strict=True)):
        services.member_add(session=session, user=user, name=name, role=role, present=i < count - absent)


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


def test_the_minutes_print_in_the_decree_30_layout(session, cstdcs, register, users, awards, tree):
    closed = _minutes_session(session, cstdcs, register, users, awards, tree)
    text = _text(html_to_pdf(render_minutes_html(session=closed)))
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "Độc lập - Tự do - Hạnh phúc" in flat
    # The left column: the district's People's Committee over its council (the council's name wraps in two lines).
    assert "UBND HUYỆN CAO LỘC" in flat and "HỘI ĐỒNG THI ĐUA" in flat and "KHEN THƯỞNG" in flat
    assert "BIÊN BẢN" in flat and "/BB-HĐTĐKT" in flat
    assert "Cao Lộc, ngày 15 tháng 01 năm 2025" in flat
    assert "Hội trường UBND huyện Cao Lộc" in flat
    assert "có 10 thành viên; có mặt 9 thành viên, vắng 1 thành viên" in flat
    for name in ("Nguyễn Thị Hoa", "Lý Văn Bình", "Hoàng Văn Chủ", "Nông Thị Thư"):
        assert name in flat
    assert "9/10" in flat and "90" in flat and "Đạt" in flat
    assert "4/10" in flat and "Không đạt" in flat
    assert "THƯ KÝ HỘI ĐỒNG" in flat and "CHỦ TỊCH HỘI ĐỒNG" in flat


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

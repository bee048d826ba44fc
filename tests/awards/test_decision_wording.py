"""The award decision's wording (issue #16, part 4): the trích yếu naming the award as the law does, "Theo đề nghị
của … tại Tờ trình số … ngày …", two-digit counts of the recipients grouped, the achievement clause in Điều 1, and
the list grouped I. TẬP THỂ / II. CÁ NHÂN with Ông / Bà from the person's gender."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.printing import decision_annex, decision_articles, proposal_line
from people.models import Collective, CollectiveKind, Person
from tests.awards.factories import _nomination, make_session
from tests.campaigns.factories import make_campaign
from units import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def giay_khen(tree, people, awards):
    """Xã Cao Lâu's session that passed Giấy khen for one collective and ten people (Bà, Ông, not recorded…)."""
    session = make_session(tree.cao_lau)
    office = Collective.objects.create(unit=tree.cao_lau, kind=CollectiveKind.COLLECTIVE, name="Văn phòng UBND xã")
    _nomination(tree.cao_lau, awards.giay_khen_tt, collective=office, session=session)
    genders = (True, False, None)
    for i in range(10):
        person = Person.objects.create(
            unit=tree.cao_lau, full_name=f"Người Thứ {i + 1:02d}", position="Công chức", female=genders[i % 3]
        )
        _nomination(tree.cao_lau, awards.giay_khen, person=person, session=session)
    return services.decision_draft(session=session, user=people.reviewer)


def test_counts_have_two_digits():
    assert [vn.count(n) for n in (1, 9, 10, 21, 1105)] == ["01", "09", "10", "21", "1.105"]


def test_the_trich_yeu_and_article_1_name_the_award_as_the_law_does(giay_khen):
    assert giay_khen.title == "Về việc tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã"
    first = decision_articles(giay_khen)[0]
    assert first == (
        "Điều 1.",
        "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho 01 tập thể và 10 cá nhân (có danh sách kèm theo), đã có "
        "thành tích xuất sắc trong thực hiện nhiệm vụ năm 2024.",
    )
    assert "(tập thể)" not in giay_khen.title and "(cá nhân)" not in first[1]


def test_the_achievement_is_the_campaign_the_recipients_were_nominated_in(tree, giay_khen):
    campaign = make_campaign(tree.cao_lau, title="Về việc phát động phong trào thi đua “Dân vận khéo” năm 2024")
    for entry in giay_khen.entries.all():
        entry.nomination.campaign = campaign
        entry.nomination.save()
    text = decision_articles(giay_khen)[0][1]
    assert text.endswith("đã có thành tích xuất sắc trong phát động phong trào thi đua “Dân vận khéo” năm 2024.")


def test_the_list_is_grouped_with_ong_and_ba(giay_khen):
    rows = decision_annex(giay_khen).rows
    assert rows[0] == ("I", "TẬP THỂ", "", "", "")
    assert rows[1][:2] == ("1", "Văn phòng UBND xã")
    assert rows[2] == ("II", "CÁ NHÂN", "", "", "")
    names = [row[:2] for row in rows[3:6]]
    assert names == [("1", "Bà Người Thứ 01"), ("2", "Ông Người Thứ 02"), ("3", "Người Thứ 03")]
    assert rows[12][0] == "10" and rows[-1][1] == "Tổng cộng"


def test_one_group_has_no_heading(tree, people, council):
    decision = services.decision_draft(session=council.session, user=people.reviewer, award_types=[])
    only_people = [e for e in decision.entries.select_related("award_type", "person") if e.person_id]
    rows = decision_annex(decision, only_people).rows
    assert rows[0][0] == "1" and all(row[1] not in ("TẬP THỂ", "CÁ NHÂN") for row in rows)


def test_theo_de_nghi_cites_the_to_trinh(people, giay_khen):
    assert proposal_line(giay_khen) == "Theo đề nghị của Chủ tịch Hội đồng Thi đua - Khen thưởng xã Cao Lâu."
    decision = services.decision_update(
        decision=giay_khen,
        user=people.reviewer,
        expected_version=giay_khen.version,
        proposal_number="12/TTr-HĐTĐKT",
        proposal_date=datetime.date(2025, 1, 5),
    )
    assert proposal_line(decision) == (
        "Theo đề nghị của Chủ tịch Hội đồng Thi đua - Khen thưởng xã Cao Lâu tại Tờ trình số 12/TTr-HĐTĐKT "
        "ngày 05 tháng 01 năm 2025."
    )
    decision.proposal_date = None
    assert proposal_line(decision).endswith("tại Tờ trình số 12/TTr-HĐTĐKT.")


def test_a_date_without_a_number_is_refused_and_nothing_is_saved(people, giay_khen):
    with pytest.raises(ValidationError) as refused:
        services.decision_update(
            decision=giay_khen,
            user=people.reviewer,
            expected_version=giay_khen.version,
            proposal_date=datetime.date(2025, 1, 5),
        )
    assert "proposal_number" in refused.value.message_dict
    giay_khen.refresh_from_db()
    assert giay_khen.proposal_date is None and giay_khen.version == 1


def test_the_edit_page_takes_the_to_trinh(client, people, giay_khen):
    from django.urls import reverse

    from awards.views_decisions import DecisionForm

    client.force_login(people.reviewer)
    data = {name: value for name, value in DecisionForm(instance=giay_khen).initial.items() if value is not None}
    data.update(version=giay_khen.version, proposal_number="07/TTr-UBND", proposal_date="05/01/2025")
    response = client.post(reverse("decision_edit", kwargs={"pk": giay_khen.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    giay_khen.refresh_from_db()
    assert (giay_khen.proposal_number, giay_khen.proposal_date) == ("07/TTr-UBND", datetime.date(2025, 1, 5))


def test_a_persons_title_follows_the_recorded_gender(tree):
    titles = [Person(unit=tree.cao_lau, full_name="A", female=f).title for f in (True, False, None)]
    assert titles == ["Bà", "Ông", ""]

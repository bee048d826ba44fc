"""Fixtures of the award tests: the catalogue by code, and Xã Cao Lâu's closed council session."""

from types import SimpleNamespace

import pytest

from awards.catalogue import catalogue_ensure
from awards.models import AwardType
from people.models import Collective, CollectiveKind, Person, Rating, TaskRating
from tests.awards.factories import YEAR, _nomination, make_session


@pytest.fixture
def awards(db):
    catalogue_ensure()
    return SimpleNamespace(**{t.code.replace("-", "_"): t for t in AwardType.objects.all()})


@pytest.fixture
def council(tree, awards):
    """Xã Cao Lâu's closed session: Hoa passed for LĐTT and CSTĐCS, Bình for LĐTT, the office for TTLĐTT; Yếu
    failed for LĐTT."""
    office = Collective.objects.create(unit=tree.cao_lau, kind=CollectiveKind.COLLECTIVE, name="Văn phòng UBND xã")
    hoa = Person.objects.create(
        unit=tree.cao_lau, collective=office, full_name="Nguyễn Thị Hoa", position="Công chức Văn phòng - Thống kê"
    )
    binh = Person.objects.create(unit=tree.cao_lau, full_name="Lý Văn Bình", position="Phó Chủ tịch")
    weak = Person.objects.create(unit=tree.cao_lau, full_name="Đinh Văn Yếu")
    TaskRating.objects.create(person=hoa, year=YEAR, rating=Rating.EXCELLENT)
    session = make_session(tree.cao_lau)
    return SimpleNamespace(
        session=session,
        office=office,
        hoa=hoa,
        binh=binh,
        weak=weak,
        hoa_ldtt=_nomination(tree.cao_lau, awards.ldtt, person=hoa, session=session),
        hoa_cstdcs=_nomination(tree.cao_lau, awards.cstdcs, person=hoa, session=session),
        binh_ldtt=_nomination(tree.cao_lau, awards.ldtt, person=binh, session=session),
        office_ttldtt=_nomination(tree.cao_lau, awards.ttldtt, collective=office, session=session),
        weak_ldtt=_nomination(tree.cao_lau, awards.ldtt, person=weak, session=session, passed=False),
    )

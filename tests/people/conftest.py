"""A small register in Cao Lâu (tree fixture): a collective with members, and the two titles the shares read."""

from types import SimpleNamespace

import pytest

from awards.models import AwardCategory, AwardType, RecipientKind
from people.models import Collective, CollectiveKind, Person


def award_type(code: str, name: str, short_name: str, recipient=RecipientKind.INDIVIDUAL, rank=10) -> AwardType:
    found, _ = AwardType.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "short_name": short_name,
            "category": AwardCategory.TITLE,
            "recipient": recipient,
            "rank": rank,
        },
    )
    return found


@pytest.fixture
def register(tree):
    office = Collective.objects.create(unit=tree.cao_lau, kind=CollectiveKind.COLLECTIVE, name="Văn phòng UBND xã")
    far = Collective.objects.create(unit=tree.huong_lam, kind=CollectiveKind.COLLECTIVE, name="Văn phòng Hương Lâm")
    person = Person.objects.create(
        unit=tree.cao_lau, collective=office, full_name="Nguyễn Thị Hoa", birth_year=1985, position="Công chức"
    )
    outsider = Person.objects.create(unit=tree.huong_lam, collective=far, full_name="Trần Văn Nam", birth_year=1980)
    return SimpleNamespace(
        office=office,
        far=far,
        person=person,
        outsider=outsider,
        ldtt=award_type("ldtt", "Lao động tiên tiến", "LĐTT", rank=10),
        cstdcs=award_type("cstdcs", "Chiến sĩ thi đua cơ sở", "CSTĐCS", rank=20),
        ttldtt=award_type("ttldtt", "Tập thể lao động tiên tiến", "TTLĐTT", RecipientKind.COLLECTIVE, rank=15),
    )

"""factory_boy factories. Units are created through treebeard (add_root/add_child) so the paths are real."""

import factory

from accounts.models import Membership, Role, User
from units.models import Cluster, ClusterKind, Edition, Unit, UnitKind, UnitType
from units.text import nfc

TYPE_PREFIX = {
    UnitType.TINH: "Tỉnh",
    UnitType.HUYEN: "Huyện",
    UnitType.XA: "Xã",
    UnitType.THON: "Thôn",
    UnitType.THI_TRAN: "Thị trấn",
    UnitType.PHONG: "Phòng",
}


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    edition = Edition.E2025_01
    kind = UnitKind.COMMUNE
    unit_type = UnitType.XA
    short_name = factory.Sequence(lambda n: f"Đơn vị {n}")
    name = factory.LazyAttribute(lambda o: f"{TYPE_PREFIX.get(o.unit_type, o.unit_type)} {o.short_name}")
    code = factory.Sequence(lambda n: f"T{n:05d}")
    official = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        kwargs["name"] = nfc(kwargs["name"])
        if parent is None:
            return model_class.objects.add_root(kwargs)
        return model_class.objects.add_child(parent, kwargs)


def unit(parent=None, **kwargs) -> Unit:
    node = UnitFactory(parent=parent, **kwargs)
    if parent is not None:
        parent.refresh_from_db()
    return node


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "Mat-khau-123")
        if create:
            obj.save(update_fields=["password"])


def member(unit: Unit, role: str = Role.OFFICER, **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    year = 2024
    kind = ClusterKind.CLUSTER
    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")

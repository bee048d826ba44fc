"""Demo users over the real units: those of the present (the 2025-07 edition: Tỉnh Lạng Sơn and its communes Xã Ba
Sơn and Xã Cao Lộc, since 1/7/2025) first, then those of the seed documents (2025-01 edition: the 2024 history), and
the 2024 cluster. Idempotent."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership, Role, User
from units.models import Cluster, ClusterKind, ClusterMember, Edition, MemberRole, Unit

DEMO_PASSWORD = "ThiDua@2024"  # noqa: S105 - printed by `make run` for the demo logins


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    position: str
    unit_code: str | None  # None: superuser
    role: str | None
    edition: str = Edition.E2025_01


# Codes of the 2025-01 edition: 20 Tỉnh Lạng Sơn › 183 Huyện Cao Lộc › 06196 Xã Cao Lâu, 06199 Xã Thạch Đạn;
# 24 Tỉnh Bắc Giang › 223 Huyện Hiệp Hòa › 07876 Xã Hương Lâm; 04 Tỉnh Cao Bằng › 048 Huyện Hạ Lang.
# The present, two-tier (2025-07 edition): 20 Tỉnh Lạng Sơn › 06202 Xã Ba Sơn (Cao Lâu, Xuất Lễ and Mẫu Sơn merged
# into it on 1/7/2025), 06193 Xã Cao Lộc (Thạch Đạn among the communes merged into it).
NOW = Edition.E2025_07
PRESENT_USERS = [
    DemoUser("canbo.bason", "Lộc Thị Hạnh", "Công chức Văn phòng - Thống kê", "06202", Role.OFFICER, NOW),
    DemoUser("lanhdao.bason", "Hoàng Đức Thịnh", "Chủ tịch UBND xã", "06202", Role.LEADER, NOW),
    DemoUser("vanthu.bason", "Nông Thị Yến", "Văn thư UBND xã", "06202", Role.CLERK, NOW),
    DemoUser("hoidong.bason", "Vy Văn Cường", "Thành viên Hội đồng TĐKT xã", "06202", Role.COUNCIL, NOW),
    DemoUser("canbo.xacaoloc", "Lý Văn Toàn", "Công chức Văn phòng - Thống kê", "06193", Role.OFFICER, NOW),
    DemoUser("sonoivu.langson", "Đinh Thị Thanh", "Chuyên viên Sở Nội vụ", "20", Role.REVIEWER, NOW),
    DemoUser("hoidong.langson", "Chu Văn Hải", "Thành viên Hội đồng TĐKT tỉnh", "20", Role.COUNCIL, NOW),
]

DEMO_USERS = [
    DemoUser("admin", "Quản trị hệ thống", "Quản trị viên", None, None),
    *PRESENT_USERS,
    DemoUser("canbo.caolau", "Nguyễn Thị Lan", "Công chức Văn phòng - Thống kê", "06196", Role.OFFICER),
    DemoUser("lanhdao.caolau", "Vũ Văn Thái", "Phó Chủ tịch UBND xã", "06196", Role.LEADER),
    DemoUser("vanthu.caolau", "Hoàng Thị Mai", "Văn thư UBND xã", "06196", Role.CLERK),
    DemoUser("hoidong.caolau", "Hoàng Văn Quý", "Thành viên Hội đồng TĐKT xã", "06196", Role.COUNCIL),
    DemoUser("canbo.thachdan", "Lương Văn Hùng", "Công chức Văn phòng - Thống kê", "06199", Role.OFFICER),
    DemoUser("noivu.caoloc", "Trần Minh Đức", "Chuyên viên Phòng Nội vụ", "183", Role.REVIEWER),
    DemoUser("hoidong.caoloc", "Lê Thị Hà", "Thành viên Hội đồng TĐKT huyện", "183", Role.COUNCIL),
    DemoUser("noivu.langson", "Phạm Quốc Việt", "Chuyên viên Sở Nội vụ", "20", Role.REVIEWER),
    DemoUser("quantri.langson", "Đỗ Văn Nam", "Quản trị hệ thống tỉnh", "20", Role.ADMIN),
    DemoUser("canbo.huonglam", "Ngô Thị Thu", "Công chức Văn hóa - Xã hội", "07876", Role.OFFICER),
    DemoUser("noivu.halang", "Bế Văn Long", "Chuyên viên Phòng Nội vụ", "048", Role.REVIEWER),
]

DEMO_CLUSTER = {
    "organiser": "183",
    "name": "Cụm thi đua số 1 huyện Cao Lộc",
    "year": 2024,
    "members": [("06196", MemberRole.LEADER), ("06199", MemberRole.DEPUTY), ("06187", MemberRole.MEMBER)],
}


class DemoUnitsMissing(Exception):
    pass


def _unit(code: str, edition: str = Edition.E2025_01) -> Unit:
    try:
        return Unit.objects.get(edition=edition, code=code)
    except Unit.DoesNotExist as exc:
        raise DemoUnitsMissing(code, edition) from exc


@transaction.atomic
def demo_load_users(users: list[DemoUser] = DEMO_USERS) -> list[DemoUser]:
    for spec in users:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"full_name": spec.full_name, "position": spec.position, "email": f"{spec.username}@example.vn"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = spec.unit_code is None
            user.save()
        if spec.unit_code:
            Membership.objects.get_or_create(user=user, unit=_unit(spec.unit_code, spec.edition), role=spec.role)
    return users


@transaction.atomic
def demo_load_cluster() -> Cluster:
    organiser = _unit(DEMO_CLUSTER["organiser"])
    cluster, _created = Cluster.objects.get_or_create(
        organiser=organiser,
        year=DEMO_CLUSTER["year"],
        name=DEMO_CLUSTER["name"],
        defaults={"kind": ClusterKind.CLUSTER},
    )
    for code, role in DEMO_CLUSTER["members"]:
        ClusterMember.objects.get_or_create(cluster=cluster, unit=_unit(code), defaults={"role": role})
    return cluster


def demo_login_lines(users: list[DemoUser]) -> list[str]:
    """One line per demo user: login, name, role and unit, as the README lists them."""
    from django.utils.translation import gettext as _

    memberships = {
        m.user.username: f"{m.get_role_display()} · {m.unit.name}"
        for m in Membership.objects.filter(user__username__in=[u.username for u in users]).select_related(
            "user", "unit"
        )
    }
    superuser = _("superuser")
    return [f"{u.username:<17} {u.full_name:<20} {memberships.get(u.username, superuser)}" for u in users]

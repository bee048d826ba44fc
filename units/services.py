"""Writes to units and clusters. Views call these; rules that span rows live here (style.md §4–5)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from units.models import KIND_PARENTS, Cluster, ClusterMember, MemberRole, Unit, UnitKind
from units.text import nfc, search_key

__all__ = ("unit_add_child", "unit_update", "cluster_save", "MemberSpec")

ERR_PARENT_KIND = gettext_noop("A %(kind)s cannot be placed under a %(parent_kind)s (%(parent)s).")
ERR_DUPLICATE_NAME = gettext_noop("%(parent)s already has a unit named “%(name)s”.")
ERR_DUPLICATE_CODE = gettext_noop("The code “%(code)s” is already used by %(other)s.")
ERR_ONLY_LOCAL = gettext_noop("Units from the official list are not edited here; only villages and agencies are.")


def _check_name_free(*, parent: Unit, name: str, exclude_pk=None) -> None:
    # Compare without case and diacritic variants of the same letters, after NFC: "Thôn 1" typed in
    # decomposed Unicode is the same name as the precomposed one.
    siblings = Unit.objects.get_children(parent).filter(search_name=search_key(name))
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    for sibling in siblings:
        if sibling.name.casefold() == nfc(name).casefold():
            raise ValidationError({"name": _(ERR_DUPLICATE_NAME) % {"parent": parent.name, "name": sibling.name}})


def _next_child_code(parent: Unit) -> str:
    used = set(
        Unit.objects.filter(edition=parent.edition, code__startswith=f"{parent.code}.").values_list("code", flat=True)
    )
    number = parent.numchild + 1
    while f"{parent.code}.{number:02d}" in used:
        number += 1
    return f"{parent.code}.{number:02d}"


@transaction.atomic
def unit_add_child(*, parent: Unit, kind: str, unit_type: str, name: str, short_name: str = "", code: str = "") -> Unit:
    """Add a village (thôn, tổ dân phố…) or an agency under a unit. Official units come only from load_units."""
    parent = Unit.objects.select_for_update().get(pk=parent.pk)
    if kind not in (UnitKind.VILLAGE, UnitKind.AGENCY) or parent.kind not in KIND_PARENTS[kind]:
        raise ValidationError(
            _(ERR_PARENT_KIND)
            % {
                "kind": UnitKind(kind).label.lower() if kind in UnitKind.values else kind,
                "parent_kind": UnitKind(parent.kind).label.lower(),
                "parent": parent.name,
            }
        )
    name = nfc(name)
    _check_name_free(parent=parent, name=name)
    code = nfc(code) or _next_child_code(parent)
    if Unit.objects.filter(edition=parent.edition, code=code).exists():
        other = Unit.objects.get(edition=parent.edition, code=code)
        raise ValidationError({"code": _(ERR_DUPLICATE_CODE) % {"code": code, "other": other.name}})
    unit = Unit(
        edition=parent.edition,
        code=code,
        kind=kind,
        unit_type=unit_type,
        name=name,
        short_name=nfc(short_name) or name,
        official=False,
    )
    unit.full_clean(exclude=["path", "depth", "numchild"])
    try:
        return Unit.objects.add_child(parent, instance=unit)
    except IntegrityError as exc:  # two officers adding the same code at the same moment
        raise ValidationError({"code": _(ERR_DUPLICATE_CODE) % {"code": code, "other": parent.name}}) from exc


@transaction.atomic
def unit_update(*, unit: Unit, unit_type: str, name: str, short_name: str, code: str) -> Unit:
    if unit.official:
        raise ValidationError(_(ERR_ONLY_LOCAL))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    parent = Unit.objects.get_parent(unit)
    name, code = nfc(name), nfc(code)
    _check_name_free(parent=parent, name=name, exclude_pk=unit.pk)
    clash = Unit.objects.filter(edition=unit.edition, code=code).exclude(pk=unit.pk).first()
    if clash:
        raise ValidationError({"code": _(ERR_DUPLICATE_CODE) % {"code": code, "other": clash.name}})
    unit.unit_type, unit.name, unit.short_name, unit.code = unit_type, name, nfc(short_name) or name, code
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save()
    return unit


@dataclass(frozen=True)
class MemberSpec:
    unit: Unit
    role: str = MemberRole.MEMBER


ERR_MEMBER_OUTSIDE = gettext_noop("%(unit)s is not under %(organiser)s, which organises this cluster.")
ERR_MEMBER_TWICE = gettext_noop("%(unit)s is listed twice.")
ERR_ROLE_TWICE = gettext_noop("A cluster has one %(role)s; %(first)s and %(second)s are both marked so.")
ERR_MEMBER_EDITION = gettext_noop("%(unit)s belongs to another edition of the unit list than %(organiser)s.")
ERR_NO_MEMBERS = gettext_noop("A cluster needs at least two member units.")


def _validate_members(*, organiser: Unit, members: list[MemberSpec]) -> None:
    errors: list[str] = []
    seen: set[int] = set()
    single_roles: dict[str, Unit] = {}
    for spec in members:
        unit = spec.unit
        if unit.pk in seen:
            errors.append(_(ERR_MEMBER_TWICE) % {"unit": unit.name})
        seen.add(unit.pk)
        if unit.edition != organiser.edition:
            errors.append(_(ERR_MEMBER_EDITION) % {"unit": unit.name, "organiser": organiser.name})
        elif not (unit.path.startswith(organiser.path) and unit.pk != organiser.pk):
            errors.append(_(ERR_MEMBER_OUTSIDE) % {"unit": unit.name, "organiser": organiser.name})
        if spec.role in (MemberRole.LEADER, MemberRole.DEPUTY):
            if spec.role in single_roles:
                errors.append(
                    _(ERR_ROLE_TWICE)
                    % {
                        "role": MemberRole(spec.role).label.lower(),
                        "first": single_roles[spec.role].name,
                        "second": unit.name,
                    }
                )
            single_roles[spec.role] = unit
    if len(seen) < 2:
        errors.append(_(ERR_NO_MEMBERS))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cluster_save(
    *, cluster: Cluster | None, organiser: Unit, year: int, kind: str, name: str, note: str, members: list[MemberSpec]
) -> Cluster:
    """Create a cluster or replace its details and members, all or nothing."""
    _validate_members(organiser=organiser, members=members)
    if cluster is None:
        cluster = Cluster(organiser=organiser)
    else:
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    cluster.year, cluster.kind, cluster.name, cluster.note = year, kind, nfc(name), note
    cluster.full_clean()
    cluster.save()
    wanted = {spec.unit.pk: spec.role for spec in members}
    cluster.members.exclude(unit_id__in=wanted).delete()
    existing = {m.unit_id: m for m in cluster.members.all()}
    # Clear the single roles first so that swapping leader and deputy does not trip the constraints.
    changed = [m for uid, m in existing.items() if m.role != wanted[uid]]
    for member in changed:
        member.role = MemberRole.MEMBER
        member.save(update_fields=["role"])
    for member in changed:
        member.role = wanted[member.unit_id]
        member.save(update_fields=["role"])
    for unit_id, role in wanted.items():
        if unit_id not in existing:
            ClusterMember.objects.create(cluster=cluster, unit_id=unit_id, role=role)
    return cluster

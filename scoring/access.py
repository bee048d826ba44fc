"""Who may see and do what on a scoring sheet: the one place the scoring pages and services ask.

Seeing
    A sheet is visible to whoever acts for the organiser of its cluster (or a unit above it), and to whoever acts for
    one of its members (ScoreSheetQuerySet.restrict; anything else is 404). Inside it, the people of the organiser,
    of the cluster's leader unit and of its deputy see every member's scores (they check them); the people of an
    ordinary member see only their own unit's.

Acting (roles held at the unit named, or at a unit above it)
    self-score, explanation  officer, leader or administrator of the member unit, for their own unit;
    cluster check            officer, leader or administrator of the leader unit, for every member but the leader
                             unit itself (the deputy unit checks the leader unit), or the organiser's reviewer,
                             council member or administrator;
    upper-level check        the organiser's reviewer;
    final result             the organiser's reviewer or council member;
    sheet, criteria, stages  the organiser's reviewer, council member or administrator;
    proposal                 officer, leader or administrator of the leader unit, or the organiser's reviewer or
                             administrator;
    council decision         the organiser's council members."""

from dataclasses import dataclass, field

from accounts.models import Role
from scoring.models import ScoreSheet, StageKind
from units.models import ClusterMember, MemberRole

SHEET_EDITORS = (Role.REVIEWER, Role.COUNCIL, Role.ADMIN)
MEMBER_SCORERS = (Role.OFFICER, Role.LEADER, Role.ADMIN)
LEADER_CHECKERS = (Role.OFFICER, Role.LEADER, Role.ADMIN)
ORGANISER_CHECKERS = (Role.REVIEWER, Role.COUNCIL, Role.ADMIN)
UPPER_CHECKERS = (Role.REVIEWER,)
FINAL_SCORERS = (Role.REVIEWER, Role.COUNCIL)
LEADER_PROPOSERS = (Role.OFFICER, Role.LEADER, Role.ADMIN)
ORGANISER_PROPOSERS = (Role.REVIEWER, Role.ADMIN)
DECIDERS = (Role.COUNCIL,)


def _in_scope(user, unit) -> bool:
    """True when the user acts for the unit or for a unit above it (any role)."""
    if user.is_superuser:
        return True
    return unit is not None and any(unit.path.startswith(path) for path in user.scope_paths())


@dataclass
class SheetAccess:
    user: object
    sheet: ScoreSheet
    members: list = field(default_factory=list)  # ClusterMember rows with their units, in code order

    @classmethod
    def build(cls, *, user, sheet: ScoreSheet, members=None) -> "SheetAccess":
        if members is None:
            members = list(
                ClusterMember.objects.filter(cluster_id=sheet.cluster_id).select_related("unit").order_by("unit__code")
            )
        return cls(user=user, sheet=sheet, members=members)

    # ------------------------------------------------------------------ the cluster's units

    @property
    def organiser(self):
        return self.sheet.cluster.organiser

    def _role_unit(self, role):
        return next((m.unit for m in self.members if m.role == role), None)

    @property
    def leader_unit(self):
        return self._role_unit(MemberRole.LEADER)

    @property
    def deputy_unit(self):
        return self._role_unit(MemberRole.DEPUTY)

    def member_units(self) -> list:
        return [m.unit for m in self.members]

    # ------------------------------------------------------------------ seeing

    @property
    def sees_all(self) -> bool:
        """The organiser's people and the leader and deputy units' people see every member."""
        return any(_in_scope(self.user, unit) for unit in (self.organiser, self.leader_unit, self.deputy_unit) if unit)

    def visible_units(self) -> list:
        if self.sees_all:
            return self.member_units()
        return [u for u in self.member_units() if _in_scope(self.user, u)]

    def can_see_unit(self, unit) -> bool:
        return any(u.pk == unit.pk for u in self.visible_units())

    # ------------------------------------------------------------------ acting

    def _has(self, unit, roles) -> bool:
        return unit is not None and self.user.has_role(unit, *roles)

    @property
    def can_edit_sheet(self) -> bool:
        return self._has(self.organiser, SHEET_EDITORS)

    can_manage_stages = can_edit_sheet

    def can_score(self, stage_kind: str, unit) -> bool:
        """May the user enter this unit's scores at this stage (whatever the stage's status)?"""
        if not any(u.pk == unit.pk for u in self.member_units()):
            return False
        if stage_kind in (StageKind.SELF, StageKind.EXPLANATION):
            return self._has(unit, MEMBER_SCORERS)
        if stage_kind == StageKind.CLUSTER:
            if self._has(self.organiser, ORGANISER_CHECKERS):
                return True
            leader, deputy = self.leader_unit, self.deputy_unit
            if leader is not None and unit.pk == leader.pk:
                return self._has(deputy, LEADER_CHECKERS)
            return self._has(leader, LEADER_CHECKERS)
        if stage_kind == StageKind.UPPER:
            return self._has(self.organiser, UPPER_CHECKERS)
        if stage_kind == StageKind.FINAL:
            return self._has(self.organiser, FINAL_SCORERS)
        return False

    @property
    def can_propose(self) -> bool:
        return self._has(self.leader_unit, LEADER_PROPOSERS) or self._has(self.organiser, ORGANISER_PROPOSERS)

    @property
    def can_decide(self) -> bool:
        return self._has(self.organiser, DECIDERS)

    @property
    def can_export(self) -> bool:
        return self.sees_all

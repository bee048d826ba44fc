"""Who may see and do what on a scoring sheet: the one place the scoring pages and services ask.

Seeing
    A sheet is visible to whoever acts for its organiser (the cluster's, or the unit scoring its own participants on
    a sheet without a cluster) or a unit above it, and to whoever acts for one of its members (the cluster's members,
    or the sheet's participants) (ScoreSheetQuerySet.restrict; anything else is 404). A sheet without a cluster has
    no leader or deputy unit: its cluster check is the organiser's. Inside it, the people of the organiser,
    of the cluster's leader unit and of its deputy see every member's scores (they check them); the people of an
    ordinary member see only their own unit's.

Acting (the actions scoring.* of accounts.permissions, held at the unit named or at a unit above it)
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

from scoring.models import ScoreSheet, SheetParticipant, StageKind
from units.models import ClusterMember, MemberRole


@dataclass
class SheetAccess:
    user: object
    sheet: ScoreSheet
    members: list = field(default_factory=list)  # ClusterMember rows with their units, in code order

    @classmethod
    def build(cls, *, user, sheet: ScoreSheet, members=None) -> "SheetAccess":
        if members is None and sheet.cluster_id is None:
            members = list(SheetParticipant.objects.filter(sheet=sheet).select_related("unit").order_by("unit__code"))
        elif members is None:
            members = list(
                ClusterMember.objects.filter(cluster_id=sheet.cluster_id).select_related("unit").order_by("unit__code")
            )
        return cls(user=user, sheet=sheet, members=members)

    # ------------------------------------------------------------------ the cluster's units

    @property
    def organiser(self):
        return self.sheet.organiser

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
        return any(self.user.acts_for(unit) for unit in (self.organiser, self.leader_unit, self.deputy_unit) if unit)

    def visible_units(self) -> list:
        if self.sees_all:
            return self.member_units()
        return [u for u in self.member_units() if self.user.acts_for(u)]

    def can_see_unit(self, unit) -> bool:
        return any(u.pk == unit.pk for u in self.visible_units())

    # ------------------------------------------------------------------ acting

    def _may(self, action: str, unit) -> bool:
        return unit is not None and self.user.can(action, unit)

    @property
    def can_edit_sheet(self) -> bool:
        return self._may("scoring.sheet", self.organiser)

    can_manage_stages = can_edit_sheet

    def can_score(self, stage_kind: str, unit) -> bool:
        """May the user enter this unit's scores at this stage (whatever the stage's status)?"""
        if not any(u.pk == unit.pk for u in self.member_units()):
            return False
        if stage_kind in (StageKind.SELF, StageKind.EXPLANATION):
            return self._may("scoring.self", unit)
        if stage_kind == StageKind.CLUSTER:
            if self._may("scoring.organiser_check", self.organiser):
                return True
            leader, deputy = self.leader_unit, self.deputy_unit
            if leader is not None and unit.pk == leader.pk:
                return self._may("scoring.leader_check", deputy)
            return self._may("scoring.leader_check", leader)
        if stage_kind == StageKind.UPPER:
            return self._may("scoring.upper_check", self.organiser)
        if stage_kind == StageKind.FINAL:
            return self._may("scoring.final", self.organiser)
        return False

    @property
    def can_propose(self) -> bool:
        return self._may("scoring.leader_propose", self.leader_unit) or self._may(
            "scoring.organiser_propose", self.organiser
        )

    @property
    def can_decide(self) -> bool:
        return self._may("scoring.decide", self.organiser)

    @property
    def can_export(self) -> bool:
        return self.sees_all

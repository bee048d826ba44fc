"""Who may do what: the one registry of actions and the roles that allow each.

A role allows an action at the unit where the user holds it and at every unit below it. An action marked
``below_only`` is allowed strictly below (a reviewer reviews the reports of the units under their own, never their
own unit's). A superuser may do everything.

- Views declare the action they need (``ScopedViewMixin.action``): outside the user's scope 404, in scope without
  the action 403.
- Services call ``require(user, action, unit)``, which raises ``ActionRefused``, a domain error: the view layer turns
  it into 403 (``ScopedViewMixin``), a command or task reports it.
- Querysets narrow to the units where the user may act with ``restrict(user, action)``.

The permission matrix (tests/test_permissions.py) states its expected status codes itself: it never reads them from
this registry, so a change here shows there."""

from dataclasses import dataclass

from accounts.roles import Role

__all__ = ("ACTIONS", "ActionRefused", "Rule", "allows", "require", "roles_for", "rule")


@dataclass(frozen=True)
class Rule:
    roles: tuple[str, ...]
    below_only: bool = False


_STAFF = (Role.OFFICER, Role.LEADER, Role.CLERK, Role.ADMIN)  # the unit's own people

ACTIONS: dict[str, Rule] = {
    # units and clusters
    "unit.edit": Rule((Role.OFFICER, Role.ADMIN)),
    "cluster.edit": Rule((Role.REVIEWER, Role.COUNCIL, Role.ADMIN)),
    # campaigns and targets
    "campaign.edit": Rule(_STAFF),
    "campaign.adopt": Rule(_STAFF),
    "target.register": Rule((Role.OFFICER, Role.LEADER, Role.ADMIN)),
    "target.assign": Rule((Role.OFFICER, Role.REVIEWER, Role.LEADER, Role.ADMIN)),
    # reports
    "report.edit": Rule(_STAFF),
    "report.review": Rule((Role.REVIEWER, Role.ADMIN), below_only=True),
    "report.notified": Rule((Role.OFFICER, Role.LEADER, Role.CLERK)),  # told when their unit's report moves
    "period.manage": Rule((Role.REVIEWER, Role.ADMIN)),
    "summary.edit": Rule((Role.REVIEWER, Role.LEADER, Role.CLERK, Role.ADMIN)),
    # documents: registers, seal, signing
    "unit.documents": Rule((Role.CLERK, Role.ADMIN, Role.LEADER)),  # see a unit's registers, seal and certificate
    "document.issue": Rule((Role.CLERK, Role.ADMIN)),
    "register.open": Rule((Role.CLERK, Role.ADMIN)),
    "document.sign": Rule((Role.LEADER,)),
    "signing.manage": Rule((Role.ADMIN,)),
    # people, nominations, council, decisions
    "person.edit": Rule((Role.OFFICER, Role.REVIEWER, Role.ADMIN)),
    "nomination.edit": Rule((Role.OFFICER, Role.ADMIN)),
    "council.act": Rule((Role.COUNCIL, Role.REVIEWER, Role.ADMIN)),
    "decision.edit": Rule((Role.REVIEWER, Role.ADMIN)),
    "decision.certify": Rule((Role.REVIEWER, Role.CLERK, Role.ADMIN)),
    "decision.from_ranking": Rule((Role.REVIEWER, Role.COUNCIL, Role.ADMIN)),
    "award.settings": Rule((Role.ADMIN,)),
    # cluster scoring (scoring.access says at which of the cluster's units each is held)
    "scoring.sheet": Rule((Role.REVIEWER, Role.COUNCIL, Role.ADMIN)),
    "scoring.self": Rule((Role.OFFICER, Role.LEADER, Role.ADMIN)),
    "scoring.leader_check": Rule((Role.OFFICER, Role.LEADER, Role.ADMIN)),
    "scoring.organiser_check": Rule((Role.REVIEWER, Role.COUNCIL, Role.ADMIN)),
    "scoring.upper_check": Rule((Role.REVIEWER,)),
    "scoring.final": Rule((Role.REVIEWER, Role.COUNCIL)),
    "scoring.leader_propose": Rule((Role.OFFICER, Role.LEADER, Role.ADMIN)),
    "scoring.organiser_propose": Rule((Role.REVIEWER, Role.ADMIN)),
    "scoring.decide": Rule((Role.COUNCIL,)),
}


class ActionRefused(Exception):
    """A service's refusal of a user who may not do what was asked; views answer it with 403."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


def rule(action: str) -> Rule:
    try:
        return ACTIONS[action]
    except KeyError:
        raise LookupError(f"unknown action {action!r}: add it to accounts.permissions.ACTIONS") from None


def roles_for(action: str) -> tuple[str, ...]:
    return rule(action).roles


def holds(membership, unit_path: str, action_rule: Rule) -> bool:
    """Whether one membership allows the rule's action at the unit with this tree path."""
    if membership.role not in action_rule.roles or not unit_path.startswith(membership.unit.path):
        return False
    return not (action_rule.below_only and unit_path == membership.unit.path)


def allows(user, action: str, unit) -> bool:
    """Whether the user may do the action at the unit (roles held at the unit or above it)."""
    action_rule = rule(action)
    if not getattr(user, "is_authenticated", False) or not user.is_active or unit is None:
        return False
    if user.is_superuser:
        return True
    return any(holds(m, unit.path, action_rule) for m in user.memberships_list)


def require(user, action: str, unit, message: str = "") -> None:
    """Raise ActionRefused unless the user may do the action at the unit."""
    if not allows(user, action, unit):
        raise ActionRefused(message)

"""The permission registry (accounts.permissions): what an action allows where, the queryset narrowing, the view
mixin's declaration check, and that every action named in the code is registered. The statuses pages answer are
checked separately by the permission matrix (tests/test_permissions.py), which states them itself."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import View

from accounts import permissions
from accounts.models import Role
from accounts.permissions import ACTIONS, ActionRefused
from reports.selectors import reports_to_review, reviews_anyone
from units.models import Unit
from units.scope import ScopedViewMixin

pytestmark = pytest.mark.django_db


def test_every_rule_names_real_roles():
    for action, rule in ACTIONS.items():
        assert rule.roles, action
        assert set(rule.roles) <= set(Role.values), action


def test_a_role_allows_at_its_unit_and_below_never_beside_or_above(tree, people):
    assert people.officer.can("report.edit", tree.cao_lau)
    assert people.officer.can("report.edit", tree.village)
    assert not people.officer.can("report.edit", tree.thach_dan)
    assert not people.officer.can("report.edit", tree.cao_loc)
    assert not people.officer.can("report.review", tree.cao_lau)  # the wrong role
    assert people.province_admin.can("report.edit", tree.cao_lau)


def test_review_is_strictly_below(tree, people):
    assert people.reviewer.can("report.review", tree.cao_lau)
    assert not people.reviewer.can("report.review", tree.cao_loc)  # never the reviewer's own unit
    assert not people.reviewer.can("report.review", tree.huong_lam)


def test_superuser_may_everything_and_inactive_nothing(tree, people):
    assert all(people.superuser.can(action, tree.hoang_viet) for action in ACTIONS)
    people.officer.is_active = False
    assert not any(people.officer.can(action, tree.cao_lau) for action in ACTIONS)


def test_an_unknown_action_fails_loudly(tree, people):
    with pytest.raises(LookupError, match="report.delete"):
        people.officer.can("report.delete", tree.cao_lau)


def test_require_raises_the_domain_error_with_its_message(tree, people):
    permissions.require(people.officer, "report.edit", tree.cao_lau)
    with pytest.raises(ActionRefused) as refused:
        permissions.require(people.sibling_officer, "report.edit", tree.cao_lau, "Không được.")
    assert refused.value.message == "Không được."


def test_restrict_by_action_keeps_the_units_where_the_user_may_act(tree, people):
    seen = set(Unit.objects.restrict(people.reviewer).values_list("pk", flat=True))
    reviewed = set(Unit.objects.restrict(people.reviewer, "report.review").values_list("pk", flat=True))
    assert tree.cao_loc.pk in seen and tree.cao_loc.pk not in reviewed
    assert reviewed == seen - {tree.cao_loc.pk}
    assert not Unit.objects.restrict(people.council, "report.review").exists()
    assert not Unit.objects.restrict(people.officer, "unit.documents").exists()
    assert set(Unit.objects.restrict(people.clerk, "unit.documents").values_list("pk", flat=True)) == {
        tree.cao_lau.pk,
        tree.village.pk,
    }


def test_the_review_queue_follows_the_rule(tree, people):
    assert reviews_anyone(people.reviewer) and reviews_anyone(people.province_admin)
    assert not reviews_anyone(people.officer) and not reviews_anyone(people.council)
    assert not reports_to_review(user=people.officer).exists()


def test_a_view_declaring_an_unknown_action_fails_at_import():
    with pytest.raises(LookupError):
        type("Broken", (ScopedViewMixin, View), {"action": "report.erase"})


def test_a_services_refusal_is_a_403_in_a_view(people):
    class Refusing(ScopedViewMixin, View):
        def get(self, request):
            raise ActionRefused("Không có quyền.")

    request = RequestFactory().get("/")
    request.user = people.officer
    with pytest.raises(PermissionDenied, match="Không có quyền."):
        Refusing.as_view()(request)


CALL = re.compile(
    r"""(?:\.can|require|roles_for|units_for|scope_paths|restrict|scoped|_may|check_action)\(\s*(?:[^()"']*,\s*)?"""
    r"""["']([a-z_]+\.[a-z_]+)["']|action = ["']([a-z_]+\.[a-z_]+)["']"""
)


def test_every_action_named_in_the_code_is_registered():
    root = Path(settings.BASE_DIR)
    named = {}
    for path in root.glob("*/**/*.py"):
        if path.parts[len(root.parts)] in {".venv", "tests", "node_modules"}:
            continue
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            named.setdefault(match.group(1) or match.group(2), path.relative_to(root))
    assert len(named) >= 20  # the scan finds the declarations (a broken pattern would find none)
    unknown = {action: str(path) for action, path in named.items() if action not in ACTIONS}
    assert not unknown
    assert not set(ACTIONS) - set(named), "registered but never asked for"

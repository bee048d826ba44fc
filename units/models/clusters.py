"""Emulation clusters (cụm, by geography) and blocks (khối, by sector) of peer units for one year."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .base import Timestamped
from .units import ScopedQuerySet, under_paths

__all__ = ("ClusterKind", "MemberRole", "Cluster", "ClusterMember", "has_member_under")


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Cluster (cụm)")
    BLOCK = "block", _("Block (khối)")


class MemberRole(models.TextChoices):
    LEADER = "leader", pgettext_lazy("cluster role", "Leader")
    DEPUTY = "deputy", pgettext_lazy("cluster role", "Deputy leader")
    MEMBER = "member", pgettext_lazy("cluster role", "Member")


def has_member_under(paths: list[str], cluster) -> Exists:
    """The cluster (an OuterRef to it) has a member in one of the subtrees ``paths``."""
    return Exists(ClusterMember.objects.filter(under_paths("unit__path", paths), cluster=cluster))


class ClusterQuerySet(ScopedQuerySet):
    # A cluster belongs to the council level that organises it.
    scope_path = "organiser__path"

    def restrict_with_members(self, user):
        """``restrict(user)``, plus the clusters one of the user's units belongs to: a member's people see the
        cluster's scoring, not the organiser's pages."""
        own = self.restrict(user)
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_superuser:
            return own
        paths = user.scope_paths()
        if not paths:
            return own
        return self.filter(self.scope_condition(paths) | Q(has_member_under(paths, OuterRef("pk"))))


class Cluster(Timestamped):
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=8, choices=ClusterKind.choices, default=ClusterKind.CLUSTER)
    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        "units.Unit", verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="organised_clusters"
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ("-year", "kind", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "year", "name"],
                name="cluster_name_unique_per_year",
                violation_error_message=_("This unit already has a cluster with this name for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"


class ClusterMember(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cluster_memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster member")
        verbose_name_plural = _("cluster members")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit"], name="cluster_member_once"),
            models.UniqueConstraint(fields=["cluster"], condition=Q(role="leader"), name="cluster_one_leader"),
            models.UniqueConstraint(fields=["cluster"], condition=Q(role="deputy"), name="cluster_one_deputy"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.get_role_display()}"

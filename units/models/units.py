"""Administrative units (province, district, commune, village) and agencies, as one tree (django-treebeard)."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from accounts import permissions
from units.text import nfc, search_key

from .base import Timestamped

__all__ = (
    "Edition",
    "UnitKind",
    "UnitType",
    "HeaderParent",
    "Unit",
    "UnitQuerySet",
    "ScopedQuerySet",
    "KIND_PARENTS",
    "KIND_TYPES",
    "under_paths",
)


class Edition(models.TextChoices):
    """An edition of the official list of units. Both coexist; campaigns use the units of their time."""

    E2025_01 = "2025-01", _("Three tiers (January 2025)")
    E2025_07 = "2025-07", _("Two tiers (from July 2025)")


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village")
    AGENCY = "agency", _("Agency or organisation")


class HeaderParent(models.TextChoices):
    """What a document of a two-tier commune prints above "ỦY BAN NHÂN DÂN XÃ …": practice since 1/7/2025 varies by
    province. Nghị định 30 (Phụ lục I, II.2) prescribes the direct parent body, "UBND TỈNH LẠNG SƠN"."""

    PARENT_BODY = "parent", _("The direct parent body (UBND TỈNH …), as Decree 30 prescribes")
    LOCALITY = "locality", _("The province's name only (TỈNH …)")
    NONE = "none", _("No line above the issuing body")


class UnitType(models.TextChoices):
    """The Vietnamese type of a unit, as written in its name."""

    TINH = "tỉnh", "Tỉnh"
    THANH_PHO_TW = "thành phố trực thuộc trung ương", "Thành phố trực thuộc trung ương"
    HUYEN = "huyện", "Huyện"
    QUAN = "quận", "Quận"
    THI_XA = "thị xã", "Thị xã"
    THANH_PHO = "thành phố", "Thành phố"
    XA = "xã", "Xã"
    PHUONG = "phường", "Phường"
    THI_TRAN = "thị trấn", "Thị trấn"
    DAC_KHU = "đặc khu", "Đặc khu"
    THON = "thôn", "Thôn"
    BAN = "bản", "Bản"
    AP = "ấp", "Ấp"
    LANG = "làng", "Làng"
    XOM = "xóm", "Xóm"
    BUON = "buôn", "Buôn"
    SOC = "sóc", "Sóc"
    TO_DAN_PHO = "tổ dân phố", "Tổ dân phố"
    KHU_PHO = "khu phố", "Khu phố"
    KHOM = "khóm", "Khóm"
    KHU = "khu", "Khu"
    CO_QUAN = "cơ quan", "Cơ quan"
    SO = "sở", "Sở"
    PHONG = "phòng", "Phòng"
    BAN_NGANH = "ban", "Ban"
    DOAN_THE = "đoàn thể", "Đoàn thể"
    MAT_TRAN = "mặt trận", "Mặt trận"
    TRUONG_HOC = "trường", "Trường"
    DOANH_NGHIEP = "doanh nghiệp", "Doanh nghiệp"
    DON_VI = "đơn vị", "Đơn vị"


KIND_TYPES = {
    UnitKind.PROVINCE: {UnitType.TINH, UnitType.THANH_PHO_TW},
    UnitKind.DISTRICT: {UnitType.HUYEN, UnitType.QUAN, UnitType.THI_XA, UnitType.THANH_PHO},
    UnitKind.COMMUNE: {UnitType.XA, UnitType.PHUONG, UnitType.THI_TRAN, UnitType.DAC_KHU},
    UnitKind.VILLAGE: {
        UnitType.THON,
        UnitType.BAN,
        UnitType.AP,
        UnitType.LANG,
        UnitType.XOM,
        UnitType.BUON,
        UnitType.SOC,
        UnitType.TO_DAN_PHO,
        UnitType.KHU_PHO,
        UnitType.KHOM,
        UnitType.KHU,
    },
    UnitKind.AGENCY: {
        UnitType.CO_QUAN,
        UnitType.SO,
        UnitType.PHONG,
        UnitType.BAN_NGANH,
        UnitType.DOAN_THE,
        UnitType.MAT_TRAN,
        UnitType.TRUONG_HOC,
        UnitType.DOANH_NGHIEP,
        UnitType.DON_VI,
    },
}

# Which kinds of unit each kind may stand under (None: a root). Communes stand under a district in the
# three-tier edition and directly under the province in the two-tier one.
KIND_PARENTS = {
    UnitKind.PROVINCE: {None},
    UnitKind.DISTRICT: {UnitKind.PROVINCE},
    UnitKind.COMMUNE: {UnitKind.DISTRICT, UnitKind.PROVINCE},
    UnitKind.VILLAGE: {UnitKind.COMMUNE},
    UnitKind.AGENCY: {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.AGENCY},
}

NAME_MAX_LENGTH = 150


SCOPE_PATHS_AS_LIKE = 8  # up to this many subtrees, a LIKE each (an index range scan each)


def under_paths(field: str, paths: list[str]) -> Q:
    """The rows whose ``field`` (a tree path) lies in one of the subtrees ``paths``: a LIKE each for a few; for many
    (a user of every province) one IN per path length, as 63 LIKEs cost more to build than to run."""
    condition = Q()
    if len(paths) <= SCOPE_PATHS_AS_LIKE:
        for path in paths:
            condition |= Q(**{f"{field}__startswith": path})
        return condition
    by_length = defaultdict(list)
    for path in paths:
        by_length[len(path)].append(path)
    for length, group in sorted(by_length.items()):
        condition |= Q(In(Substr(field, 1, length), sorted(group)))
    return condition


class ScopedQuerySet(models.QuerySet):
    """The one enforcement point of scope (style.md §7): ``restrict(user)`` keeps the rows whose unit lies in
    one of the subtrees the user acts for. Subclasses name the path of that unit with ``scope_path``."""

    scope_path = "unit__path"

    def restrict(self, user, action: str | None = None):
        """The rows in the user's subtrees; with ``action`` (accounts.permissions.ACTIONS), only those of the units
        where the user may do it."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        paths = user.scope_paths(action)
        if not paths:
            return self.none()
        condition = self.scope_condition(paths)
        if action is not None and permissions.rule(action).below_only:
            condition &= ~Q(**{f"{self.scope_path}__in": paths})
        return self.filter(condition)

    def scope_condition(self, paths: list[str]) -> Q:
        """The rows under one of the subtrees ``paths``; a subclass may widen it (a cluster's sheet is also seen by
        its members)."""
        return under_paths(self.scope_path, paths)

    def restrict_and_above(self, user, **published):
        """``restrict(user)``, plus the rows of the units above the user's that match ``published``: a commune
        works under the documents its district and province issued, but never sees a sibling's."""
        own = ScopedQuerySet.restrict(self, user)
        if not getattr(user, "is_authenticated", False) or user.is_superuser:
            return own
        steplen = Unit.steplen
        above = {path[:end] for path in user.scope_paths() for end in range(steplen, len(path), steplen)}
        if not above:
            return own
        return own | self.filter(**{f"{self.scope_path}__in": above}, **published)


class UnitQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    scope_path = "path"

    def search(self, text: str):
        """Units whose name contains the words, with or without diacritics: 'cao lau' finds 'Xã Cao Lâu'."""
        key = search_key(text)
        if not key:
            return self.none()
        return self.filter(search_name__contains=key)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(Timestamped, MP_Node):
    edition = models.CharField(_("edition"), max_length=7, choices=Edition.choices, db_index=True)
    code = models.CharField(_("code"), max_length=32)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices, db_index=True)
    unit_type = models.CharField(_("type"), max_length=40, choices=UnitType.choices)
    name = models.CharField(pgettext_lazy("unit", "full name"), max_length=NAME_MAX_LENGTH)
    short_name = models.CharField(_("short name"), max_length=NAME_MAX_LENGTH)
    search_name = models.CharField(max_length=NAME_MAX_LENGTH, editable=False, db_index=True)
    official = models.BooleanField(
        _("from the official list"), default=False, help_text=_("Loaded from the government list; not edited here.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    header_parent = models.CharField(
        _("line above the issuing body"),
        max_length=8,
        choices=HeaderParent.choices,
        default=HeaderParent.PARENT_BODY,
        help_text=_("For a commune of the two-tier edition: what its documents print above its own name."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild", "search_name", "updated"])

    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="unit_code_unique_in_edition"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="unit_valid_dates_ordered",
            ),
        ]

    def ancestor_paths(self) -> list[str]:
        """The tree paths of the units above this one, the province's first."""
        return [self.path[:end] for end in range(self.steplen, len(self.path), self.steplen)]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.search_name = search_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.name, self.short_name = nfc(self.name), nfc(self.short_name)
        if self.kind and self.unit_type and self.unit_type not in KIND_TYPES[self.kind]:
            raise ValidationError(
                {
                    "unit_type": _("A %(kind)s cannot be of type “%(type)s”.")
                    % {"kind": self.get_kind_display().lower(), "type": self.unit_type}
                }
            )
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot be its own successor.")})

    @property
    def is_territorial(self) -> bool:
        return self.kind != UnitKind.AGENCY

    @property
    def body_name(self) -> str:
        """'Ủy ban nhân dân huyện Cao Lộc' for a territorial unit, the unit's name otherwise: as the body is cited in
        a document's text (a report's introduction, a decision's fund, an appendix's reference)."""
        if self.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE):
            return f"Ủy ban nhân dân {self.name[:1].lower()}{self.name[1:]}"
        return self.name

    def ancestors_and_self(self):
        """The path from the root down to this unit, in one query."""
        return list(Unit.objects.get_ancestors(self)) + [self]

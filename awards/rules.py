"""Look-ups of the dated catalogue: the rule in force for an award on a date, a province's setting (else the national
one), the vote threshold and who confers. awards.eligibility and awards.money re-export these.

The rules of the years before 2024 (the law of 2003 with Nghị định 42/2010 and 91/2017) are kept for the award
history: they name the titles of their time (awards/past.py) and are shown on the catalogue page, but they judge,
confer and pay nothing: ``rule_for`` finds no rule before ``JUDGED_FROM`` unless asked for the history."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards.catalogue import OLD_FROM
from awards.models import AwardRule, AwardSetting, SettingKey, in_force
from units.models import Unit, UnitKind

__all__ = (
    "NATIONAL",
    "JUDGED_FROM",
    "CONFER_ORDER",
    "DEFAULT_VOTE_THRESHOLD",
    "judgement_date",
    "rule_for",
    "province_of",
    "setting_value",
    "vote_threshold",
    "ballot_passes",
    "confer_kind",
    "confer_kinds",
)

# Luật Tổ chức chính quyền địa phương 2025: two-level local government; Nghị định 152/2025 replaces 98/2023.
NEW_LAW_ON = datetime.date(2025, 7, 1)
JUDGED_FROM = OLD_FROM  # Luật 06/2022/QH15 with Nghị định 98/2023: the first rules the system judges by
NATIONAL = "national"  # confer_kind of the awards the Prime Minister decides (on the province's proposal)
CONFER_ORDER = (UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE, NATIONAL)
DEFAULT_VOTE_THRESHOLD = Decimal(50)  # more than half of all members (quá bán)

ERR_VOTES_MORE_THAN_MEMBERS = gettext_noop(
    "The votes for (%(votes)s) are more than the members of the council (%(members)s)."
)
ERR_NO_MEMBERS = gettext_noop("The council has no members: enter its members before the votes.")


def judgement_date(year: int) -> datetime.date:
    """31/12 of the achievement year: a year's achievement is judged by the rules in force on that day."""
    return datetime.date(year, 12, 31)


def rule_for(award_type, on: datetime.date, *, history: bool = False) -> AwardRule | None:
    """The rule in force for the award on the date; before JUDGED_FROM only with ``history`` (the rule sets of the
    award history judge nothing)."""
    if on < JUDGED_FROM and not history:
        return None
    return (
        AwardRule.objects.filter(in_force(on), award_type=award_type)
        .select_related("award_type", "prerequisite", "member_title", "member_title_one")
        .order_by("-valid_from")
        .first()
    )


def province_of(unit) -> Unit | None:
    """The province at the top of the unit's tree (None for no unit, or a root that is not a province)."""
    if unit is None:
        return None
    if unit.kind == UnitKind.PROVINCE:
        return unit
    root = Unit.objects.filter(path=unit.path[: Unit.steplen]).first()
    return root if root is not None and root.kind == UnitKind.PROVINCE else None


def _setting(award_type, key: str, *, province, on: datetime.date) -> AwardSetting | None:
    """The province's own setting in force on the date, else the national one (no province)."""
    rows = AwardSetting.objects.filter(in_force(on), award_type=award_type, key=key).order_by("-valid_from")
    if province is not None:
        own = rows.filter(province=province).first()
        if own is not None:
            return own
    return rows.filter(province__isnull=True).first()


def setting_value(award_type, key: str, *, province, on: datetime.date) -> Decimal | None:
    setting = _setting(award_type, key, province=province, on=on)
    return setting.value if setting is not None else None


def vote_threshold(*, award_type, on: datetime.date, province) -> Decimal:
    """The share of ALL council members that must vote for: the province's setting, else the national setting,
    else the rule in force, else more than half (50)."""
    value = setting_value(award_type, SettingKey.VOTE_THRESHOLD, province=province, on=on)
    if value is not None:
        return value
    rule = rule_for(award_type, on)
    if rule is not None and rule.vote_threshold is not None:
        return rule.vote_threshold
    return DEFAULT_VOTE_THRESHOLD


def ballot_passes(*, votes_for: int, members_total: int, threshold: Decimal) -> bool:
    """Exact arithmetic on all members of the council: a threshold above half is "at least" (80 % of 10 = 8 passes,
    7 fails; of 19, 16 = 84,2 % passes, 15 = 78,9 % fails); a threshold of half or less is "more than" (quá bán:
    5 of 10 fails, 6 passes). Raises ValidationError for impossible counts."""
    if members_total <= 0:
        raise ValidationError(_(ERR_NO_MEMBERS))
    if votes_for < 0 or votes_for > members_total:
        raise ValidationError(_(ERR_VOTES_MORE_THAN_MEMBERS) % {"votes": votes_for, "members": members_total})
    given, needed = Decimal(votes_for) * 100, Decimal(threshold) * members_total
    return given > needed if Decimal(threshold) <= 50 else given >= needed


def confer_kind(*, award_type, on: datetime.date) -> str:
    """The level whose chairman confers the award on that date ("commune", "district", "province", "national"); ""
    when no rule is in force. CSTĐCS: "district" on 30/6/2025, "commune" from 1/7/2025."""
    rule = rule_for(award_type, on)
    return rule.confer_kind if rule is not None else ""


def confer_kinds(*, award_type, on: datetime.date) -> tuple[str, ...]:
    """Every level that may confer the award on that date: the rule's own, then the others it names (before
    7/2025 the district chairman also conferred LĐTT and Giấy khen)."""
    rule = rule_for(award_type, on)
    if rule is None:
        return ()
    others = tuple(kind.strip() for kind in rule.also_confer_kinds.split(",") if kind.strip())
    return (rule.confer_kind, *others)

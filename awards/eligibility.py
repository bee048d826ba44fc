"""Eligibility of a nomination, computed and explained criterion by criterion under the rule in force on 31/12 of the
achievement year (law-notes §1.5; domain.md §7). Read-only except ``nomination_check``, which saves the verdict on
the nomination and marks the initiative it relies on as used.

How the record is read:
- Consecutive years of a title come from the award history (AwardRecord), historical records of the years before
  2024 included (past decisions entered as printed, mapped to today's titles: awards/past.py). Only regular and
  campaign awards count (AwardKind CHAIN_KINDS): an ad hoc or thematic award does not count as a year, so it breaks
  a chain (Nghị định 152/2025 Điều 4.3). For the year judged itself, a live nomination of the same subject for that
  title in the same year (not failed or withdrawn) counts when it is itself eligible: "đề nghị cùng đợt" (a CSTĐCS
  nominee is usually made LĐTT by the same decision).
- A CSTĐCS needs the excellent rating of that year OR a recognised initiative not used by another nomination: both
  are shown, either suffices. The initiative must be recognised in the achievement year or the year before (one
  recognised late in a year often supports the next year's title; the newest is used first). A nomination that
  relies on an initiative (its rating is not excellent) takes it when it is found eligible, so the same initiative
  cannot support a second title (that one gets ✗ "initiative … already used for the nomination …"); a failed or
  withdrawn nomination gives it back.
- A collective's shares are computed from its active members (Person.collective) and their ratings, awards and
  same-round nominations of that year, with exact integer arithmetic: 7 of 10 is 70 % and passes "at least 70 %",
  9 of 13 (69,2 %) fails. A province's MEMBER_SHARE setting replaces the rule's share, as "at least".
- Awards are frozen while a complaint or a disciplinary review of the subject is pending.
- A province's CAP_PERCENT setting caps the live nominations of that title in the nominating unit and year at that
  share of the unit's people with the rule's prerequisite (LĐTT) that year (history or live nomination), rounded
  down: every nomination over the cap is flagged until the unit withdraws some.
- Cờ thi đua tỉnh: the collective's administrative unit must be accepted by the council's decision on a cluster's
  leading-unit proposal for a scoring sheet of that year (scoring.CouncilDecision)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from awards.lineage import predecessors_hold
from awards.models import AwardRecord, AwardType, RecipientKind, SettingKey
from awards.models.catalogue import CHAIN_KINDS
from awards.money import award_amount, base_salary  # noqa: F401  (part of the rules API)
from awards.rules import (  # noqa: F401  (part of the rules API)
    ballot_passes,
    confer_kind,
    confer_kinds,
    judgement_date,
    province_of,
    rule_for,
    setting_value,
    vote_threshold,
)
from nominations.models import Nomination, NominationStatus
from people.models import (
    DISCIPLINE_ORDER,
    PENDING_KINDS,
    RATING_ORDER,
    CollectiveKind,
    DisciplineRecord,
    Initiative,
    Person,
    Rating,
    TaskRating,
)
from scoring.models import DecisionItem
from units import vn

__all__ = (
    "Check",
    "Verdict",
    "judgement_date",
    "rule_for",
    "setting_value",
    "judge",
    "nomination_check",
    "vote_threshold",
    "ballot_passes",
    "confer_kind",
    "confer_kinds",
    "province_of",
    "base_salary",
    "award_amount",
    "DEAD_STATUSES",
)

DEAD_STATUSES = (NominationStatus.FAILED, NominationStatus.WITHDRAWN)
EXCELLENT_OR_INITIATIVE = "excellent_or_initiative"
MAX_DEPTH = 4  # same-round nominations judged inside a judgement (CSTĐ tỉnh → CSTĐCS → LĐTT)
SUBJECT_KINDS = {
    RecipientKind.COLLECTIVE: {CollectiveKind.COLLECTIVE, CollectiveKind.COMMUNE, CollectiveKind.VILLAGE},
    RecipientKind.VILLAGE: {CollectiveKind.VILLAGE},
    RecipientKind.HOUSEHOLD: {CollectiveKind.HOUSEHOLD},
    RecipientKind.COMMUNE: {CollectiveKind.COMMUNE},
}


def rating_words(rating: str) -> str:
    return {
        Rating.EXCELLENT: pgettext("task rating", "completed tasks excellently"),
        Rating.GOOD: pgettext("task rating", "completed tasks well"),
        Rating.COMPLETED: pgettext("task rating", "completed tasks"),
        Rating.NOT_COMPLETED: pgettext("task rating", "did not complete tasks"),
    }.get(rating, rating)


def discipline_words(kind: str) -> str:
    return {
        "reprimand": pgettext("discipline level", "reprimand"),
        "warning": pgettext("discipline level", "warning"),
        "demotion": pgettext("discipline level", "demotion or removal from post"),
        "dismissal": pgettext("discipline level", "dismissal"),
        "complaint": pgettext("discipline level", "pending complaint or denunciation"),
        "investigation": pgettext("discipline level", "disciplinary review in progress"),
    }.get(kind, kind)


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _percent(value: Decimal) -> str:
    return vn.number(value.quantize(Decimal("0.1")), 1).removesuffix(",0")


@dataclass(frozen=True)
class Check:
    """One criterion: its label (Vietnamese), whether it is met, and why. Checks sharing a ``group`` are
    alternatives: the group is met when one of them is."""

    label: str
    ok: bool
    detail: str = ""
    group: str = ""


def _groups_met(checks) -> bool:
    groups: dict[str, bool] = {}
    for check in checks:
        if check.group:
            groups[check.group] = groups.get(check.group, False) or check.ok
        elif not check.ok:
            return False
    return all(groups.values())


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    rule: object  # AwardRule | None
    checks: tuple[Check, ...]
    title: str = ""  # the award's short name
    initiative: object = field(default=None, compare=False, repr=False)  # the Initiative relied on, if any

    def _counts(self, check: Check) -> bool:
        """Whether a failed check is a reason: not when another alternative of its group is met."""
        if not check.group:
            return True
        return not any(other.ok for other in self.checks if other.group == check.group)

    def summary(self) -> str:
        """'CSTĐCS: LĐTT 2024 ✓; hoàn thành xuất sắc nhiệm vụ ✗; sáng kiến SK-2024-03 được công nhận ✓ → đủ điều
        kiện': every criterion with its mark, the reason after a failed one that counts."""
        parts = []
        for check in self.checks:
            part = f"{check.label} {'✓' if check.ok else '✗'}"
            if not check.ok and check.detail and self._counts(check):
                part += f" ({check.detail})"
            parts.append(part)
        result = (
            pgettext("eligibility verdict", "eligible")
            if self.eligible
            else pgettext("eligibility verdict", "not eligible")
        )
        return f"{self.title}: {'; '.join(parts)} → {result}"

    def as_json(self) -> list[dict]:
        return [
            {"label": c.label, "ok": c.ok, "detail": c.detail, **({"group": c.group} if c.group else {})}
            for c in self.checks
        ]


# ------------------------------------------------------------------ the record, read


def _subject_filter(*, person=None, collective=None) -> dict:
    return {"person": person} if person is not None else {"collective": collective}


def _live_nomination(award_type, year, *, person=None, collective=None, exclude=None):
    rows = Nomination.objects.filter(
        award_type=award_type,
        year=year,
        award_kind__in=CHAIN_KINDS,
        **_subject_filter(person=person, collective=collective),
    ).exclude(status__in=DEAD_STATUSES)
    if exclude is not None and exclude.pk:
        rows = rows.exclude(pk=exclude.pk)
    return rows.select_related("award_type", "unit", "person", "collective").first()


def _holds(award_type, year, *, person=None, collective=None, same_round: bool, depth: int) -> tuple[bool, str]:
    """Whether the subject holds the title for that year, and why: from the history (regular or campaign awards
    only), or, when ``same_round``, from an eligible live nomination of that year."""
    record = AwardRecord.objects.filter(
        award_type=award_type, year=year, **_subject_filter(person=person, collective=collective)
    ).first()
    if record is not None:
        if record.award_kind in CHAIN_KINDS:
            if record.historical:
                return True, _("decision %(reference)s of %(date)s (historical, %(by)s)") % {
                    "reference": record.decision_reference,
                    "date": _date(record.decided_on),
                    "by": record.decided_by,
                }
            return True, _("decision %(reference)s") % {"reference": record.decision_reference}
        return False, _("the %(kind)s award does not count toward consecutive years") % {
            "kind": record.get_award_kind_display().lower()
        }
    # The commune itself (or a village), as a collective, before a merger: its predecessors' years (awards/lineage.py).
    inherited = predecessors_hold(award_type, year, collective=collective) if collective is not None else None
    if inherited is not None and inherited[0]:
        return inherited
    if same_round:
        nomination = _live_nomination(award_type, year, person=person, collective=collective)
        if nomination is not None:
            if depth >= MAX_DEPTH:
                eligible = bool(nomination.eligible)
            else:
                eligible = _judge(nomination=nomination, depth=depth + 1)[0].eligible
            if eligible:
                return True, _("nominated in the same round")
            return False, _("nominated in the same round, but that nomination is not eligible")
    return False, inherited[1] if inherited is not None else _("not in the award history")


def _rating(year, *, person=None, collective=None) -> str | None:
    row = TaskRating.objects.filter(year=year, **_subject_filter(person=person, collective=collective)).first()
    return row.rating if row is not None else None


def _pending(*, person=None, collective=None):
    return (
        DisciplineRecord.objects.filter(
            kind__in=PENDING_KINDS, ended_on__isnull=True, **_subject_filter(person=person, collective=collective)
        )
        .order_by("started_on")
        .first()
    )


def _disciplined(year, level: str, *, people=None, collective=None) -> list[DisciplineRecord]:
    """Disciplinary measures at or above the level in force during the year (taking effect in it, or earlier and
    ending in it or later)."""
    kinds = [kind for kind, rank in DISCIPLINE_ORDER.items() if rank >= DISCIPLINE_ORDER.get(level, 99)]
    first_day = datetime.date(year, 1, 1)
    in_year = Q(started_on__year=year) | Q(started_on__lt=first_day, ended_on__gte=first_day)
    rows = DisciplineRecord.objects.filter(in_year, kind__in=kinds)
    subjects = Q()
    if people is not None:
        subjects |= Q(person__in=people)
    if collective is not None:
        subjects |= Q(collective=collective)
    return list(rows.filter(subjects).select_related("person", "collective"))


# ------------------------------------------------------------------ the checks


def _check_subject(award_type, *, person, collective) -> Check | None:
    wanted = award_type.recipient
    if wanted == RecipientKind.INDIVIDUAL:
        fits = person is not None
    else:
        fits = collective is not None and collective.kind in SUBJECT_KINDS.get(wanted, set())
    if fits:
        return None
    return Check(
        _("%(title)s is awarded to: %(recipient)s")
        % {"title": award_type.short_name, "recipient": award_type.get_recipient_display().lower()},
        False,
    )


def _check_rating(rule, year, *, person, collective) -> Check:
    rating = _rating(year, person=person, collective=collective)
    template = (
        _("task rating %(year)s: %(rating)s")
        if rule.min_rating == Rating.EXCELLENT
        else _("task rating %(year)s: %(rating)s or better")
    )
    label = template % {"year": year, "rating": rating_words(rule.min_rating)}
    if rating is None:
        return Check(label, False, _("no rating entered for %(year)s") % {"year": year})
    ok = RATING_ORDER.get(rating, -1) >= RATING_ORDER.get(rule.min_rating, 99)
    return Check(label, ok, _("rated: %(rating)s") % {"rating": rating_words(rating)})


def _check_chain(rule, year, *, person, collective, depth) -> list[Check]:
    """One check per year of the chain that ends with the year judged."""
    checks = []
    for chain_year in range(year - rule.prerequisite_years + 1, year + 1):
        ok, detail = _holds(
            rule.prerequisite,
            chain_year,
            person=person,
            collective=collective,
            same_round=chain_year == year,
            depth=depth,
        )
        checks.append(Check(f"{rule.prerequisite.short_name} {chain_year}", ok, detail))
    return checks


def _check_excellent_or_initiative(year, *, person, nomination) -> tuple[list[Check], Initiative | None]:
    rating = _rating(year, person=person)
    excellent = rating == Rating.EXCELLENT
    if rating is None:
        detail = _("no rating entered for %(year)s") % {"year": year}
    else:
        detail = _("rated: %(rating)s") % {"rating": rating_words(rating)}
    checks = [Check(pgettext("task rating", "completed tasks excellently"), excellent, detail, EXCELLENT_OR_INITIATIVE)]
    initiatives = list(
        Initiative.objects.filter(person=person, recognised_on__year__in=(year - 1, year))
        .select_related("used_by__award_type", "used_by__person", "used_by__collective")
        .order_by("-recognised_on", "code")
    )

    def free(initiative) -> bool:
        used = initiative.used_by
        if used is None or used.status in DEAD_STATUSES:
            return True
        return nomination is not None and used.pk == nomination.pk

    mine = [i for i in initiatives if nomination is not None and i.used_by_id == nomination.pk]
    available = mine or [i for i in initiatives if free(i)]
    chosen = available[0] if available else None
    if chosen is not None:
        checks.append(
            Check(
                _("initiative %(code)s recognised") % {"code": chosen.code},
                True,
                _("recognised by %(by)s on %(date)s")
                % {"by": chosen.recognised_by, "date": _date(chosen.recognised_on)},
                EXCELLENT_OR_INITIATIVE,
            )
        )
    elif initiatives:
        taken = initiatives[0]
        checks.append(
            Check(
                _("initiative %(code)s already used for the nomination %(nomination)s")
                % {"code": taken.code, "nomination": taken.used_by},
                False,
                _("one initiative supports one title only"),
                EXCELLENT_OR_INITIATIVE,
            )
        )
    else:
        checks.append(
            Check(
                _("an initiative recognised in %(previous)s or %(year)s") % {"previous": year - 1, "year": year},
                False,
                _("none recorded"),
                EXCELLENT_OR_INITIATIVE,
            )
        )
    # The initiative is relied on only when the rating alone does not suffice.
    return checks, (chosen if not excellent else None)


def _names(people, limit: int = 5) -> str:
    names = [p.full_name for p in people]
    return ", ".join(names[:limit]) + (" …" if len(names) > limit else "")


def _check_members(rule, year, *, collective, province, depth) -> list[Check]:
    members = list(Person.objects.filter(collective=collective, active=True).order_by("full_name", "pk"))
    checks = []
    if not members:
        return [Check(_("the collective has no members in the register"), False)]
    total = len(members)
    if rule.members_all_complete:
        ratings = dict(TaskRating.objects.filter(person__in=members, year=year).values_list("person_id", "rating"))
        short = [m for m in members if RATING_ORDER.get(ratings.get(m.pk), -1) < RATING_ORDER[Rating.COMPLETED]]
        checks.append(
            Check(
                _("every member completed their tasks in %(year)s: %(count)s/%(total)s")
                % {"year": year, "count": total - len(short), "total": total},
                not short,
                _("not completed or not rated: %(names)s") % {"names": _names(short)} if short else "",
            )
        )
    if rule.member_title_id and rule.member_share is not None:
        setting = setting_value(rule.award_type, SettingKey.MEMBER_SHARE, province=province, on=judgement_date(year))
        needed, more_than = (
            (setting, False) if setting is not None else (rule.member_share, rule.member_share_more_than)
        )
        holders = [m for m in members if _holds(rule.member_title, year, person=m, same_round=True, depth=depth)[0]]
        count = len(holders)
        given, wanted = Decimal(count) * 100, Decimal(needed) * total
        ok = given > wanted if more_than else given >= wanted
        share = Decimal(count) * 100 / total
        template = (
            _("members with %(title)s: %(count)s/%(total)s = %(share)s%% (more than %(needed)s%%)")
            if more_than
            else _("members with %(title)s: %(count)s/%(total)s = %(share)s%% (at least %(needed)s%%)")
        )
        label = template % {
            "title": rule.member_title.short_name,
            "count": count,
            "total": total,
            "share": _percent(share),
            "needed": _percent(Decimal(needed)),
        }
        source = _("set by the province") if setting is not None else rule.legal_basis
        checks.append(Check(label, ok, source))
    if rule.member_title_one_id:
        holders = [m for m in members if _holds(rule.member_title_one, year, person=m, same_round=True, depth=depth)[0]]
        checks.append(
            Check(
                _("at least one member with %(title)s in %(year)s")
                % {"title": rule.member_title_one.short_name, "year": year},
                bool(holders),
                _names(holders) if holders else _("none"),
            )
        )
    if rule.no_discipline_from:
        records = _disciplined(year, rule.no_discipline_from, people=members, collective=collective)
        checks.append(
            Check(
                _("nobody disciplined at “%(level)s” or above in %(year)s")
                % {"level": discipline_words(rule.no_discipline_from), "year": year},
                not records,
                _("disciplined: %(names)s") % {"names": ", ".join(str(r.person or r.collective) for r in records)}
                if records
                else "",
            )
        )
    return checks


def _check_person_discipline(rule, year, *, person) -> Check:
    records = _disciplined(year, rule.no_discipline_from, people=[person])
    return Check(
        _("not disciplined at “%(level)s” or above in %(year)s")
        % {"level": discipline_words(rule.no_discipline_from), "year": year},
        not records,
        ", ".join(f"{discipline_words(r.kind)} {_date(r.started_on)}" for r in records),
    )


def _check_cluster_leader(year, *, collective) -> Check:
    if collective.linked_unit_id is None:
        return Check(
            _("leading unit of its cluster in %(year)s (accepted by the council)") % {"year": year},
            False,
            _("the collective is not linked to an administrative unit"),
        )
    item = (
        DecisionItem.objects.filter(accepted=True, unit_id=collective.linked_unit_id)
        .filter(Q(decision__proposal__sheet__cluster__year=year) | Q(decision__proposal__sheet__campaign__year=year))
        .select_related("decision__proposal__sheet__cluster")
        .order_by("-decision__decided_at")
        .first()
    )
    if item is None:
        return Check(
            _("leading unit of its cluster in %(year)s (accepted by the council)") % {"year": year},
            False,
            _("not among the leading units the council accepted for %(year)s") % {"year": year},
        )
    cluster = item.decision.proposal.sheet.cluster
    return Check(
        _("leading unit of %(cluster)s (accepted by the council)") % {"cluster": cluster.name},
        True,
        _("council decision of %(date)s") % {"date": _date(timezone.localdate(item.decision.decided_at))},
    )


def _check_cap(rule, year, *, unit, province, nomination) -> Check | None:
    percent = setting_value(rule.award_type, SettingKey.CAP_PERCENT, province=province, on=judgement_date(year))
    if percent is None or unit is None:
        return None
    base_type = rule.prerequisite or AwardType.objects.filter(code="ldtt").first()
    live = Nomination.objects.filter(unit=unit, award_type=rule.award_type, year=year).exclude(status__in=DEAD_STATUSES)
    count = live.count() + (0 if nomination is not None and live.filter(pk=nomination.pk).exists() else 1)
    holders = set(
        AwardRecord.objects.filter(
            person__unit=unit, award_type=base_type, year=year, award_kind__in=CHAIN_KINDS
        ).values_list("person_id", flat=True)
    ) | set(
        Nomination.objects.filter(unit=unit, award_type=base_type, year=year, person__isnull=False)
        .exclude(status__in=DEAD_STATUSES)
        .values_list("person_id", flat=True)
    )
    base = len(holders)
    cap = int(Decimal(base) * Decimal(percent) // 100)
    return Check(
        _(
            "%(title)s nominations of %(unit)s: %(count)s, at most %(cap)s "
            "(%(percent)s%% of %(base)s with %(base_title)s)"
        )
        % {
            "title": rule.award_type.short_name,
            "unit": unit.short_name or unit.name,
            "count": count,
            "cap": cap,
            "percent": _percent(Decimal(percent)),
            "base": base,
            "base_title": base_type.short_name if base_type else "",
        },
        count <= cap,
        _("set by the province"),
    )


# ------------------------------------------------------------------ judging


def _judge(*, award_type=None, year=None, person=None, collective=None, unit=None, nomination=None, depth=0):
    if nomination is not None:
        award_type = award_type or nomination.award_type
        year = year or nomination.year
        person = person or nomination.person
        collective = collective or nomination.collective
        unit = unit or nomination.unit
    if unit is None:
        unit = person.unit if person is not None else collective.unit if collective is not None else None
    on = judgement_date(year)
    rule = rule_for(award_type, on)
    if rule is None:
        check = Check(
            _("no rule for %(title)s is in force on %(date)s") % {"title": award_type.short_name, "date": _date(on)},
            False,
        )
        return Verdict(False, None, (check,), award_type.short_name), None
    province = province_of(unit)
    checks: list[Check] = []
    initiative = None
    mismatch = _check_subject(award_type, person=person, collective=collective)
    if mismatch is not None:
        return Verdict(False, rule, (mismatch,), award_type.short_name), None
    pending = _pending(person=person, collective=collective)
    if pending is not None:
        checks.append(
            Check(
                _("discipline or complaint under review: judging suspended"),
                False,
                _("%(kind)s since %(date)s")
                % {"kind": discipline_words(pending.kind), "date": _date(pending.started_on)},
            )
        )
    if rule.min_rating:
        checks.append(_check_rating(rule, year, person=person, collective=collective))
    if rule.prerequisite_id and rule.prerequisite_years:
        checks += _check_chain(rule, year, person=person, collective=collective, depth=depth)
    if rule.excellent_or_initiative and person is not None:
        more, initiative = _check_excellent_or_initiative(year, person=person, nomination=nomination)
        checks += more
    if collective is not None and (
        rule.members_all_complete or rule.member_title_id or rule.member_title_one_id or rule.no_discipline_from
    ):
        checks += _check_members(rule, year, collective=collective, province=province, depth=depth)
    elif person is not None and rule.no_discipline_from:
        checks.append(_check_person_discipline(rule, year, person=person))
    if rule.cluster_leader and collective is not None:
        checks.append(_check_cluster_leader(year, collective=collective))
    cap = _check_cap(rule, year, unit=unit, province=province, nomination=nomination)
    if cap is not None:
        checks.append(cap)
    if not checks:
        checks.append(Check(_("the council judges the criteria from the dossier"), True))
    eligible = _groups_met(checks)
    return Verdict(eligible, rule, tuple(checks), award_type.short_name, initiative if eligible else None), initiative


def judge(*, award_type, year, person=None, collective=None, unit=None, nomination=None) -> Verdict:
    """The verdict for a subject (a person or a collective) and an award for a year's achievement, by the rule in
    force on judgement_date(year). Nothing is saved."""
    return _judge(
        award_type=award_type, year=year, person=person, collective=collective, unit=unit, nomination=nomination
    )[0]


@transaction.atomic
def nomination_check(nomination) -> Verdict:
    """Judge the nomination, save eligible/explanation/checked_at on it (without touching its version), and take
    the initiative it relies on (or give back one it no longer needs)."""
    verdict = judge(award_type=nomination.award_type, year=nomination.year, nomination=nomination)
    relied = verdict.initiative
    if relied is not None:
        locked = Initiative.objects.select_for_update(of=("self",)).select_related("used_by").get(pk=relied.pk)
        if locked.used_by_id not in (None, nomination.pk) and locked.used_by.status not in DEAD_STATUSES:
            # Taken by another nomination meanwhile: judge again without it.
            verdict = judge(award_type=nomination.award_type, year=nomination.year, nomination=nomination)
            relied = verdict.initiative
            if relied is not None:
                locked = Initiative.objects.select_for_update().get(pk=relied.pk)
        if relied is not None and locked.used_by_id != nomination.pk:
            locked.used_by = nomination
            locked.save(update_fields=["used_by"])
    for held in Initiative.objects.filter(used_by=nomination).exclude(pk=relied.pk if relied is not None else None):
        held.used_by = None
        held.save(update_fields=["used_by"])
    now = timezone.now()
    Nomination.objects.filter(pk=nomination.pk).update(
        eligible=verdict.eligible, explanation=verdict.as_json(), checked_at=now
    )
    nomination.eligible, nomination.explanation, nomination.checked_at = verdict.eligible, verdict.as_json(), now
    return verdict

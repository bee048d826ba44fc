"""Writes to scoring sheets: create a sheet with its stages, edit its criteria while scoring has not started, open
and close the stages in order, save one member's scores at a stage (all or nothing, with a version check), the
cluster's proposal of its leading units and the council's decision on it.

Every save that a second person could race locks a row first (the stage, the sheet) and compares the versions the
page was built from, so a stale page is refused with who changed what, and nothing is written."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from scoring.access import SheetAccess
from scoring.files import evidence_check
from scoring.models import (
    MAX_EVIDENCE,
    POINTS,
    SCORED_KINDS,
    STAGE_ORDER,
    CouncilDecision,
    Criterion,
    CriterionKind,
    DecisionItem,
    EntryEvidence,
    LeadingProposal,
    ProposedUnit,
    ScoreEntry,
    ScoreSheet,
    ScoreStage,
    SheetParticipant,
    StageKind,
    StageStatus,
)
from scoring.selectors import quantitative_prefill
from targets.models import Figure
from targets.numbers import format_number
from units.versioning import VersionConflict, cell_conflict_message, lock_for_update, version_conflict

__all__ = (
    "EntryInput",
    "DecisionInput",
    "sheet_create",
    "sheet_update",
    "criterion_save",
    "criterion_delete",
    "criteria_import",
    "stage_open",
    "stage_close",
    "entries_save",
    "proposal_save",
    "decision_save",
)

# ------------------------------------------------------------------ messages

ERR_CAMPAIGN_CLUSTER = gettext_noop(
    "%(cluster)s does not take part in this campaign. Name the cluster among the campaign's participating clusters "
    "first."
)
ERR_NO_PARTICIPANTS = gettext_noop("Choose the units this sheet scores: at least one.")
ERR_NOT_PARTICIPANT = gettext_noop(
    "%(unit)s is not a participating unit of this campaign under %(organiser)s: a sheet without a cluster scores "
    "the campaign's participating units under the unit that organises it."
)
ERR_PERIOD_CAMPAIGN = gettext_noop("The reporting period “%(period)s” belongs to another campaign.")
ERR_SHEET_EXISTS = gettext_noop("This cluster already has a scoring sheet for this campaign and period.")
ERR_SHEET_STARTED = gettext_noop(
    "Scoring has started (the self-score stage was opened): the criteria and the period can no longer be changed."
)
ERR_PARENT_NOT_GROUP = gettext_noop("A criterion can only stand under a group of criteria.")
ERR_PARENT_SHEET = gettext_noop("The criterion it stands under belongs to another sheet.")
ERR_PARENT_CYCLE = gettext_noop("A group cannot stand under itself or under one of its own criteria.")
ERR_FIGURE_CAMPAIGN = gettext_noop("The figure “%(figure)s” is not a figure of this sheet's campaign.")
ERR_GROUP_HAS_CHILDREN = gettext_noop(
    "“%(criterion)s” has criteria under it: it stays a group until they are moved or deleted."
)
ERR_IMPORT_ROW = gettext_noop("Row %(row)s of the table: %(message)s Nothing was imported.")
ERR_IMPORT_PARENT = gettext_noop("Row %(row)s of the table stands under a row that comes after it.")
ERR_NO_CRITERIA = gettext_noop("The sheet has no criteria to score yet: add them before opening the self-score.")
ERR_STAGE_ORDER = gettext_noop("Close “%(previous)s” before opening “%(stage)s”: stages open in order.")
ERR_STAGE_NOT_PENDING = gettext_noop("“%(stage)s” was already opened.")
ERR_STAGE_NOT_OPEN = gettext_noop("“%(stage)s” is not open: nothing can be saved at this stage.")
ERR_STAGE_CANNOT_CLOSE = gettext_noop("Only an open stage is closed; “%(stage)s” is %(status)s.")
ERR_NOT_MEMBER = gettext_noop("%(unit)s is not a member of this cluster.")
ERR_NOT_SCORED = gettext_noop("%(unit)s is not one of the units this sheet scores.")
ERR_NOT_ALLOWED = gettext_noop("You may not enter the scores of %(unit)s at the stage “%(stage)s”.")
ERR_UNKNOWN_CRITERION = gettext_noop("A criterion that is not scored on this sheet was sent.")
ERR_SCORE_PLACES = gettext_noop("%(criterion)s: points have at most two decimal places (%(score)s).")
ERR_SCORE_TOO_LARGE = gettext_noop("%(criterion)s: %(score)s is not a number of points.")
ERR_NEGATIVE = gettext_noop("%(criterion)s: points cannot be negative (%(score)s).")
ERR_OVER_MAX = gettext_noop("%(criterion)s: %(score)s points is above the maximum of %(max)s.")
ERR_PENALTY_POSITIVE = gettext_noop(
    "%(criterion)s is a penalty: enter it as a negative number, from -%(max)s to 0 (not %(score)s)."
)
ERR_PENALTY_OVER = gettext_noop("%(criterion)s: a penalty of %(score)s is more than the maximum of -%(max)s.")
ERR_QUALITATIVE = gettext_noop("%(criterion)s is scored full points or none: %(max)s or 0, not %(score)s.")
ERR_REASON_NEEDED = gettext_noop(
    "%(criterion)s: the report gives %(computed)s points; say why you enter %(score)s instead."
)
ERR_LEVEL_NOT_LISTED = gettext_noop(
    "%(criterion)s is scored at one of its levels (%(levels)s): %(score)s is not one of them."
)
ERR_DISQUALIFIER_VALUE = gettext_noop("%(criterion)s is answered yes (1) or no (0), not %(score)s.")
ERR_CASES_NEEDED = gettext_noop("%(criterion)s is counted per case: enter the number of cases, not the points.")
ERR_CASES = gettext_noop("%(criterion)s: the number of cases is a whole number from 0 to %(limit)s.")
ERR_CASES_NOT_PER_CASE = gettext_noop("%(criterion)s is not counted per case: enter its points.")
ERR_EVIDENCE_TOO_MANY = gettext_noop("%(criterion)s: at most %(count)s evidence files per criterion.")
ERR_EVIDENCE_UNKNOWN = gettext_noop("%(criterion)s: an evidence file to remove is not one of this entry's.")
ERR_SCORE_NEEDED = gettext_noop("%(criterion)s: enter the points before adding a comment or evidence.")
ERR_TEXT_TOO_LONG = gettext_noop("%(criterion)s: the %(what)s has %(count)s characters; at most %(limit)s.")
ERR_PROPOSAL_STAGE = gettext_noop("The leading units are proposed once the final result is closed; it is %(status)s.")
ERR_PROPOSAL_EMPTY = gettext_noop("Choose at least one unit to propose as leading the cluster.")
ERR_PROPOSAL_DECIDED = gettext_noop(
    "The council has decided on this proposal (%(user)s, %(time)s): it can no longer be changed."
)
ERR_NO_PROPOSAL = gettext_noop("The cluster has not proposed its leading units yet: there is nothing to decide.")
ERR_DECISION_UNITS = gettext_noop("Decide on every proposed unit, and only on them.")
ERR_CUT_REASON = gettext_noop("Say why %(unit)s is cut from the proposal.")

COMMENT_LIMIT = 2000
CASES_LIMIT = 10000
REASON_LIMIT = ScoreEntry._meta.get_field("reason").max_length


def _who(user) -> str:
    return user.get_full_name() if user else _("another user")


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y") if moment else ""


def _stage_name(kind: str) -> str:
    return str(StageKind(kind).label)


# ------------------------------------------------------------------ sheets


@transaction.atomic
def sheet_create(
    *,
    campaign,
    title: str,
    user,
    cluster=None,
    organiser=None,
    participants=None,
    period=None,
    bonus_in_subtotals: bool = False,
) -> ScoreSheet:
    """A sheet with its five stages not yet opened: of a cluster taking part in a campaign, or — without a cluster —
    of ``organiser`` scoring ``participants``, the campaign's participating units under it."""
    if cluster is not None:
        organiser = cluster.organiser
        if not campaign.clusters.filter(pk=cluster.pk).exists():
            raise ValidationError({"campaign": _(ERR_CAMPAIGN_CLUSTER) % {"cluster": cluster.name}})
    else:
        participants = list(participants or [])
        if not participants:
            raise ValidationError({"participants": [_(ERR_NO_PARTICIPANTS)]})
        allowed = set(campaign.participants.values_list("pk", flat=True))
        for unit in participants:
            if unit.pk not in allowed or unit.pk == organiser.pk or not unit.path.startswith(organiser.path):
                raise ValidationError(
                    {"participants": [_(ERR_NOT_PARTICIPANT) % {"unit": unit.name, "organiser": organiser.name}]}
                )
    if period is not None and period.campaign_id != campaign.pk:
        raise ValidationError({"period": _(ERR_PERIOD_CAMPAIGN) % {"period": period.label}})
    sheet = ScoreSheet(
        cluster=cluster,
        organiser=organiser,
        campaign=campaign,
        period=period,
        title=title.strip(),
        bonus_in_subtotals=bonus_in_subtotals,
        created_by=user,
    )
    sheet.full_clean()
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError as error:
        raise ValidationError(_(ERR_SHEET_EXISTS)) from error
    ScoreStage.objects.bulk_create(
        ScoreStage(sheet=sheet, kind=kind, position=position) for position, kind in enumerate(STAGE_ORDER)
    )
    if cluster is None:
        SheetParticipant.objects.bulk_create(SheetParticipant(sheet=sheet, unit=unit) for unit in participants)
    return sheet


def _check_not_started(sheet: ScoreSheet) -> None:
    if sheet.stages.filter(kind=StageKind.SELF).exclude(status=StageStatus.PENDING).exists():
        raise ValidationError(_(ERR_SHEET_STARTED))


@transaction.atomic
def sheet_update(
    *, sheet: ScoreSheet, title: str, period, expected_version: int, user, bonus_in_subtotals: bool | None = None
) -> ScoreSheet:
    """The title and period (the period only before scoring starts); whether bonus counts in the subtotals (any
    time: it moves points between the subtotals, never the total)."""
    locked = lock_for_update(ScoreSheet, sheet.pk, expected_version)
    if period is not None and period.campaign_id != locked.campaign_id:
        raise ValidationError({"period": _(ERR_PERIOD_CAMPAIGN) % {"period": period.label}})
    if period != locked.period:
        _check_not_started(locked)
    locked.title, locked.period = title.strip(), period
    if bonus_in_subtotals is not None:
        locked.bonus_in_subtotals = bonus_in_subtotals
    locked.full_clean()
    try:
        with transaction.atomic():
            locked.bump()
    except IntegrityError as error:
        raise ValidationError(_(ERR_SHEET_EXISTS)) from error
    return locked


@transaction.atomic
def criterion_save(
    *,
    sheet: ScoreSheet,
    user,
    expected_version: int,
    heading: str,
    kind: str,
    criterion: Criterion | None = None,
    parent: Criterion | None = None,
    label: str = "",
    position: int | None = None,
    max_points: Decimal | None = None,
    figure: Figure | None = None,
    formula: str = "",
    formula_params: dict | None = None,
    guidance: str = "",
    per_case: Decimal | None = None,
    levels: list | None = None,
    bonus_cap: Decimal | None = None,
    penalty_cap: Decimal | None = None,
) -> Criterion:
    """Adds (``criterion`` None) or changes a criterion of a sheet that has not started scoring."""
    locked = lock_for_update(ScoreSheet, sheet.pk, expected_version)
    _check_not_started(locked)
    errors: dict[str, list[str]] = {}
    if parent is not None:
        if parent.sheet_id != locked.pk:
            errors.setdefault("parent", []).append(_(ERR_PARENT_SHEET))
        elif parent.kind != CriterionKind.GROUP:
            errors.setdefault("parent", []).append(_(ERR_PARENT_NOT_GROUP))
        elif criterion is not None:
            ancestors = {c.pk: c.parent_id for c in locked.criteria.only("pk", "parent_id")}
            step = parent.pk
            while step is not None:
                if step == criterion.pk:
                    errors.setdefault("parent", []).append(_(ERR_PARENT_CYCLE))
                    break
                step = ancestors.get(step)
    in_campaign = Figure.objects.filter(indicator__section__campaign=locked.campaign_id)
    if figure is not None and not in_campaign.filter(pk=figure.pk).exists():
        errors.setdefault("figure", []).append(_(ERR_FIGURE_CAMPAIGN) % {"figure": figure.name})
    if criterion is not None and kind != CriterionKind.GROUP and criterion.children.exists():
        errors.setdefault("kind", []).append(_(ERR_GROUP_HAS_CHILDREN) % {"criterion": str(criterion)})
    try:
        params = Criterion.clean_rule(
            kind=kind,
            max_points=max_points,
            figure=figure,
            formula=formula,
            params=formula_params,
            per_case=per_case,
            levels=levels,
            bonus_cap=bonus_cap,
            penalty_cap=penalty_cap,
        )
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            errors.setdefault(field_name, []).extend(messages)
        params = {}
    stored_levels = params.pop("levels", [])
    if errors:
        raise ValidationError(errors)
    if criterion is None:
        criterion = Criterion(sheet=locked)
        if position is None:
            siblings = locked.criteria.filter(parent=parent).order_by("-position").values_list("position", flat=True)
            position = (siblings.first() or 0) + 1
    criterion.parent = parent
    criterion.label = label.strip()
    criterion.heading = heading.strip()
    criterion.kind = kind
    criterion.max_points = max_points
    criterion.figure = figure if kind == CriterionKind.QUANTITATIVE else None
    criterion.formula = formula if kind == CriterionKind.QUANTITATIVE else ""
    criterion.formula_params = params
    criterion.per_case = per_case
    criterion.levels = stored_levels
    criterion.bonus_cap = bonus_cap if kind == CriterionKind.GROUP else None
    criterion.penalty_cap = penalty_cap if kind == CriterionKind.GROUP else None
    criterion.guidance = guidance.strip()
    if position is not None:
        criterion.position = position
    criterion.full_clean(exclude=["sheet", "parent", "figure"])
    criterion.save()
    locked.bump(update_fields=[])
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, expected_version: int, user) -> None:
    """Deletes a criterion (and what stands under it) from a sheet that has not started scoring."""
    locked = lock_for_update(ScoreSheet, criterion.sheet_id, expected_version)
    _check_not_started(locked)
    criterion.delete()
    locked.bump(update_fields=[])


@transaction.atomic
def criteria_import(*, sheet: ScoreSheet, rows: list[dict], expected_version: int, user) -> list[Criterion]:
    """Adds the rows of an imported table (scoring.table_import.ImportRow.as_json, in order, each naming its parent
    by index) after the sheet's criteria, all or nothing, while scoring has not started."""
    locked = lock_for_update(ScoreSheet, sheet.pk, expected_version)
    _check_not_started(locked)
    created: list[Criterion] = []
    version = locked.version

    def number(value):
        return Decimal(value) if value is not None else None

    for index, data in enumerate(rows):
        parent = data.get("parent")
        if parent is not None and not 0 <= parent < index:
            raise ValidationError(_(ERR_IMPORT_PARENT) % {"row": data.get("row")})
        try:
            criterion = criterion_save(
                sheet=locked,
                user=user,
                expected_version=version,
                heading=data["heading"],
                kind=data["kind"],
                parent=created[parent] if parent is not None else None,
                label=data.get("label") or "",
                max_points=number(data.get("max_points")),
                per_case=number(data.get("per_case")),
                levels=[[Decimal(points), label] for points, label in data.get("levels") or []],
                bonus_cap=number(data.get("bonus_cap")),
                penalty_cap=number(data.get("penalty_cap")),
            )
        except ValidationError as error:
            message = " ".join(error.messages)
            raise ValidationError(_(ERR_IMPORT_ROW) % {"row": data.get("row"), "message": message}) from error
        version += 1
        created.append(criterion)
    return created


# ------------------------------------------------------------------ stages


@transaction.atomic
def stage_open(*, sheet: ScoreSheet, kind: str, user) -> ScoreStage:
    """Opens a stage: the one before it must be closed; the self-score needs at least one scored criterion."""
    lock_for_update(ScoreSheet, sheet.pk)
    stage = lock_for_update(ScoreStage.objects.filter(sheet=sheet, kind=kind))
    if stage.status != StageStatus.PENDING:
        raise ValidationError(_(ERR_STAGE_NOT_PENDING) % {"stage": _stage_name(kind)})
    position = STAGE_ORDER.index(kind)
    if position > 0:
        previous = STAGE_ORDER[position - 1]
        if sheet.stages.get(kind=previous).status != StageStatus.CLOSED:
            raise ValidationError(_(ERR_STAGE_ORDER) % {"previous": _stage_name(previous), "stage": _stage_name(kind)})
    elif not sheet.criteria.filter(kind__in=SCORED_KINDS).exists():
        raise ValidationError(_(ERR_NO_CRITERIA))
    stage.status, stage.opened_at, stage.opened_by = StageStatus.OPEN, timezone.now(), user
    stage.save()
    return stage


@transaction.atomic
def stage_close(*, sheet: ScoreSheet, kind: str, user) -> ScoreStage:
    stage = lock_for_update(ScoreStage.objects.filter(sheet=sheet, kind=kind))
    if stage.status != StageStatus.OPEN:
        raise ValidationError(
            _(ERR_STAGE_CANNOT_CLOSE) % {"stage": _stage_name(kind), "status": str(stage.get_status_display()).lower()}
        )
    stage.status, stage.closed_at, stage.closed_by = StageStatus.CLOSED, timezone.now(), user
    stage.save()
    return stage


# ------------------------------------------------------------------ scores


@dataclass(frozen=True)
class EntryInput:
    criterion_id: int
    score: Decimal | None  # None: no points (an existing entry is removed)
    comment: str = ""
    reason: str = ""
    evidence: tuple = ()  # uploaded files to add
    remove_evidence: tuple = ()  # ids of the entry's EntryEvidence to remove
    version: int | None = None  # the ScoreEntry.version the page was built from (None: there was none)
    cases: int | None = None  # the number of cases, for a criterion counted per case (its points are computed)


def _name(criterion: Criterion) -> str:
    return f"{criterion.label} “{criterion.heading}”".strip() if criterion.label else f"“{criterion.heading}”"


# What a score column holds (ScoreEntry.score: 8 digits, 2 after the comma): 1.000.000 points is no score at all.
_SCORE_FIELD = ScoreEntry._meta.get_field("score")
SCORE_LIMIT = Decimal(10) ** (_SCORE_FIELD.max_digits - _SCORE_FIELD.decimal_places)


def score_check(criterion: Criterion, score: Decimal, computed: Decimal | None, reason: str) -> list[str]:
    """The problems with points entered for a criterion (empty when they are fine)."""
    values = {
        "criterion": _name(criterion),
        "score": format_number(score),
        "max": format_number(criterion.ceiling),
    }
    if not score.is_finite() or abs(score) >= SCORE_LIMIT:
        return [_(ERR_SCORE_TOO_LARGE) % values]
    if score != score.quantize(POINTS):
        return [_(ERR_SCORE_PLACES) % values]
    if criterion.kind == CriterionKind.DISQUALIFIER:
        return [] if score in (0, 1) else [_(ERR_DISQUALIFIER_VALUE) % values]
    if criterion.levels:
        if score not in criterion.level_points:
            return [_(ERR_LEVEL_NOT_LISTED) % {**values, "levels": criterion.level_text()}]
        return []
    if criterion.kind == CriterionKind.PENALTY:
        values["max"] = format_number(criterion.max_points)
        if score > 0:
            return [_(ERR_PENALTY_POSITIVE) % values]
        if -score > criterion.max_points:
            return [_(ERR_PENALTY_OVER) % {**values, "score": format_number(score)}]
        return []
    if score < 0:
        return [_(ERR_NEGATIVE) % values]
    if score > criterion.ceiling:
        return [_(ERR_OVER_MAX) % values]
    if criterion.kind == CriterionKind.QUALITATIVE and score not in (0, criterion.max_points):
        return [_(ERR_QUALITATIVE) % values]
    if (
        criterion.kind == CriterionKind.QUANTITATIVE
        and computed is not None
        and score != computed
        and not reason.strip()
    ):
        return [_(ERR_REASON_NEEDED) % {**values, "computed": format_number(computed)}]
    return []


def _item_score(criterion: Criterion, item: EntryInput) -> tuple[Decimal | None, int | None, list[str]]:
    """(points, cases, problems) of an item: a criterion counted per case takes the number of cases and computes
    its points (capped at the maximum); any other takes the points."""
    name = {"criterion": _name(criterion), "limit": format_number(CASES_LIMIT)}
    if criterion.per_case is None:
        if item.cases is not None:
            return None, None, [_(ERR_CASES_NOT_PER_CASE) % name]
        return item.score, None, []
    if item.cases is None:
        return None, None, ([_(ERR_CASES_NEEDED) % name] if item.score is not None else [])
    if not 0 <= item.cases <= CASES_LIMIT:
        return None, None, [_(ERR_CASES) % name]
    return criterion.case_points(item.cases), item.cases, []


@transaction.atomic
def entries_save(*, sheet: ScoreSheet, kind: str, unit, user, items: list[EntryInput]) -> list[ScoreEntry]:
    """Saves one member's scores at an open stage, all or nothing. Every problem is reported at once, keyed by the
    criterion's id; an entry changed by someone else since the page was built refuses the whole save."""
    access = SheetAccess.build(user=user, sheet=sheet)
    if not any(u.pk == unit.pk for u in access.member_units()):
        raise ValidationError(_(ERR_NOT_MEMBER if sheet.cluster_id else ERR_NOT_SCORED) % {"unit": unit.name})
    if not access.can_score(kind, unit):
        raise ValidationError(_(ERR_NOT_ALLOWED) % {"unit": unit.name, "stage": _stage_name(kind)})
    # saves at one stage are serialised here
    stage = lock_for_update(ScoreStage.objects.filter(sheet=sheet, kind=kind))
    if stage.status != StageStatus.OPEN:
        raise ValidationError(_(ERR_STAGE_NOT_OPEN) % {"stage": _stage_name(kind)})

    criteria = {c.pk: c for c in sheet.criteria.select_related("figure")}
    if any(item.criterion_id not in criteria or not criteria[item.criterion_id].is_scored for item in items):
        raise ValidationError(_(ERR_UNKNOWN_CRITERION))
    prefills = quantitative_prefill(sheet=sheet, criteria=list(criteria.values()), units=[unit])
    existing = {
        e.criterion_id: e
        for e in ScoreEntry.objects.select_related("updated_by")
        .prefetch_related("evidence")
        .filter(stage=stage, unit=unit)
    }
    errors: dict[str, list[str]] = {}
    conflicts: list[str] = []
    to_save, to_delete, files, removals = [], [], {}, {}
    for item in items:
        criterion = criteria[item.criterion_id]
        entry = existing.get(criterion.pk)
        if (entry is None and item.version is not None) or (entry is not None and item.version != entry.version):
            conflicts.append(
                cell_conflict_message(
                    name=_name(criterion),
                    unit=unit.name,
                    user=entry.updated_by if entry is not None else None,
                    time=entry.updated if entry is not None else None,
                    value=format_number(entry.score) if entry is not None else None,
                )
            )
            continue
        problems = []
        comment, reason = (item.comment or "").strip(), (item.reason or "").strip()
        for what, text, limit in ((_("comment"), comment, COMMENT_LIMIT), (_("reason"), reason, REASON_LIMIT)):
            if len(text) > limit:
                problems.append(
                    _(ERR_TEXT_TOO_LONG)
                    % {"criterion": _name(criterion), "what": what, "count": len(text), "limit": limit}
                )
        prefill = prefills.get((criterion.pk, unit.pk))
        computed = prefill.points if prefill else None
        score, cases, score_problems = _item_score(criterion, item)
        problems.extend(score_problems)
        if score is None and not score_problems:
            if item.evidence or (comment and entry is None):
                problems.append(_(ERR_SCORE_NEEDED) % {"criterion": _name(criterion)})
            elif entry is not None:
                to_delete.append(entry)
        elif score is not None:
            problems.extend(score_check(criterion, score, computed, reason))
        kept = list(entry.evidence.all()) if entry is not None else []
        removed = {int(pk) for pk in item.remove_evidence}
        if removed - {e.pk for e in kept}:
            problems.append(_(ERR_EVIDENCE_UNKNOWN) % {"criterion": _name(criterion)})
        checked = []
        for upload in item.evidence:
            try:
                checked.append(evidence_check(upload))
            except ValidationError as error:
                problems.extend(f"{_name(criterion)}: {message}" for message in error.messages)
        if len(kept) - len(removed) + len(checked) > MAX_EVIDENCE:
            problems.append(_(ERR_EVIDENCE_TOO_MANY) % {"criterion": _name(criterion), "count": MAX_EVIDENCE})
        if problems:
            errors[str(criterion.pk)] = problems
            continue
        if score is None:
            continue
        files[criterion.pk], removals[criterion.pk] = checked, [e for e in kept if e.pk in removed]
        if entry is None:
            entry = ScoreEntry(stage=stage, criterion=criterion, unit=unit, version=0)
        changed = (
            entry.pk is None
            or entry.score != score
            or entry.cases != cases
            or entry.comment != comment
            or entry.reason != reason
            or checked
            or removed
            or entry.computed != computed
        )
        if not changed:
            continue
        entry.score, entry.cases, entry.comment, entry.reason, entry.computed = score, cases, comment, reason, computed
        to_save.append(entry)
    if conflicts:
        raise VersionConflict(conflicts)
    if errors:
        raise ValidationError(errors)
    for entry in to_delete:
        entry.delete()
    for entry in to_save:
        entry.updated_by = user
        entry.bump()
        for evidence in removals.get(entry.criterion_id, []):
            evidence.delete()
        for checked in files.get(entry.criterion_id, []):
            content = checked.content()
            evidence = EntryEvidence(
                entry=entry,
                name=checked.name,
                size=checked.size,
                content_type=checked.content_type,
                sha256=checked.sha256,
                added_by=user,
            )
            evidence.file.save(content.name, content, save=False)
            evidence.save()
    return to_save


# ------------------------------------------------------------------ proposal and decision


@transaction.atomic
def proposal_save(*, sheet: ScoreSheet, units: list, note: str, user, expected_version: int | None) -> LeadingProposal:
    """The cluster proposes its leading unit(s), once the final result is closed; locked once the council decided."""
    lock_for_update(ScoreSheet, sheet.pk)
    final = sheet.stages.get(kind=StageKind.FINAL)
    if final.status != StageStatus.CLOSED:
        raise ValidationError(_(ERR_PROPOSAL_STAGE) % {"status": str(final.get_status_display()).lower()})
    if not units:
        raise ValidationError({"units": [_(ERR_PROPOSAL_EMPTY)]})
    members = {u.pk for u in SheetAccess.build(user=user, sheet=sheet).member_units()}
    for unit in units:
        if unit.pk not in members:
            message = ERR_NOT_MEMBER if sheet.cluster_id else ERR_NOT_SCORED
            raise ValidationError({"units": [_(message) % {"unit": unit.name}]})
    proposal = LeadingProposal.objects.select_related("proposed_by").filter(sheet=sheet).first()
    if proposal is not None:
        decision = CouncilDecision.objects.select_related("decided_by").filter(proposal=proposal).first()
        if decision is not None:
            raise ValidationError(
                _(ERR_PROPOSAL_DECIDED) % {"user": _who(decision.decided_by), "time": _when(decision.decided_at)}
            )
        if expected_version != proposal.version:
            raise version_conflict(proposal, user=proposal.proposed_by, time=proposal.proposed_at)
        proposal.version += 1
        proposal.units.all().delete()
    else:
        proposal = LeadingProposal(sheet=sheet)
    proposal.note, proposal.proposed_by, proposal.proposed_at = note.strip(), user, timezone.now()
    proposal.save()
    ProposedUnit.objects.bulk_create(
        ProposedUnit(proposal=proposal, unit=unit, position=position) for position, unit in enumerate(units)
    )
    return proposal


@dataclass(frozen=True)
class DecisionInput:
    unit_id: int
    accepted: bool
    reason: str = ""


@transaction.atomic
def decision_save(
    *, sheet: ScoreSheet, items: list[DecisionInput], note: str, user, expected_version: int | None
) -> CouncilDecision:
    """The council accepts or cuts each proposed unit; a cut needs a reason. Stored apart from the proposal."""
    lock_for_update(ScoreSheet, sheet.pk)
    proposal = LeadingProposal.objects.filter(sheet=sheet).prefetch_related("units__unit").first()
    if proposal is None:
        raise ValidationError(_(ERR_NO_PROPOSAL))
    proposed = {p.unit_id: p.unit for p in proposal.units.all()}
    if sorted(i.unit_id for i in items) != sorted(proposed):
        raise ValidationError(_(ERR_DECISION_UNITS))
    errors = {}
    for item in items:
        if not item.accepted and not item.reason.strip():
            errors[f"reason_{item.unit_id}"] = [_(ERR_CUT_REASON) % {"unit": proposed[item.unit_id].name}]
    if errors:
        raise ValidationError(errors)
    decision = CouncilDecision.objects.select_related("decided_by").filter(proposal=proposal).first()
    if decision is not None:
        if expected_version != decision.version:
            raise version_conflict(decision, user=decision.decided_by, time=decision.decided_at)
        decision.version += 1
        decision.items.all().delete()
    else:
        decision = CouncilDecision(proposal=proposal)
    decision.note, decision.decided_by, decision.decided_at = note.strip(), user, timezone.now()
    decision.save()
    DecisionItem.objects.bulk_create(
        DecisionItem(decision=decision, unit=proposed[i.unit_id], accepted=i.accepted, reason=i.reason.strip())
        for i in items
    )
    return decision

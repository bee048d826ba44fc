"""Writes to a draft campaign: create it, edit its header, and edit its contents tree (sections, indicators,
figures) in place. Views call these; rules that span rows live here (style.md §4–5).

Every write locks the campaign row (``select_for_update``), refuses a campaign that is no longer a draft, and bumps
``Campaign.version`` with a historical record saying what was done (``history_change_reason``). The header form
carries the version it was built from: ``campaign_update`` refuses to save over a newer version and says who
changed what, so nothing anyone saved is overwritten (optimistic locking)."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.models import Campaign, CampaignStatus, DocumentType, Participation, Recipient, Section
from campaigns.serialization import campaign_export, campaign_import
from targets.models import Figure, FigureForm, Indicator
from targets.numbers import format_number
from targets.services import ERR_NEGATIVE, ERR_NOT_NUMERIC, figure_check_value
from units.models import Cluster, Unit, UnitKind
from units.text import nfc
from units.validity import parent_body_line
from units.versioning import VersionConflict, lock_for_update, version_conflict

__all__ = (
    "CampaignAlreadyCreated",
    "HEADER_FIELDS",
    "SECTION_FIELDS",
    "INDICATOR_FIELDS",
    "FIGURE_FIELDS",
    "campaign_defaults",
    "campaign_create",
    "campaign_update",
    "section_add",
    "section_update",
    "section_delete",
    "section_move",
    "indicator_save",
    "indicator_delete",
    "indicator_move",
    "figure_save",
    "figure_delete",
    "figure_validate",
)

# ------------------------------------------------------------------ messages

ERR_REVISE_DRAFT = gettext_noop("This campaign is still a draft: edit it directly.")
REASON_REVISION = gettext_noop("New version of %(reference)s")
ERR_NOT_DRAFT = gettext_noop("This campaign has been issued; an issued campaign is not edited.")
CONFLICT_CHANGES = gettext_noop("What they changed: %(changes)s.")
ERR_NO_ISSUING = gettext_noop("A village does not issue campaigns; choose its commune.")
ERR_PARTICIPANT_OUTSIDE = gettext_noop("%(unit)s is not under %(issuing_unit)s, so it cannot take part.")
ERR_HIGHER_CAMPAIGN = gettext_noop(
    "The campaign implemented must be an issued campaign of a unit above %(unit)s: %(campaign)s is not."
)
ERR_RECIPIENT_LENGTH = gettext_noop("Recipient line %(line)s is longer than %(limit)s characters.")
ERR_ELSEWHERE = gettext_noop("This part belongs to another campaign.")
ERR_AFTER_PARENT = gettext_noop("A section is added after one of its own siblings.")
ERR_DIRECTION = gettext_noop("A section or indicator moves “up” or “down”.")
ERR_VALUE_REQUIRED = gettext_noop("“%(figure)s”: a figure of the form “%(form)s” needs a value.")
ERR_TOTAL_REQUIRED = gettext_noop("“%(figure)s”: a count out of a total needs the total.")
ERR_GRADE_REQUIRED = gettext_noop("“%(figure)s”: a figure of the form “%(form)s” needs the grade to reach.")
# The same texts as targets.services, so that the same problem reads the same everywhere.

# What the historical record of the campaign says was done (shown in a conflict message).
REASON_ADDED = gettext_noop("added “%(name)s”")
REASON_CHANGED = gettext_noop("changed “%(name)s”")
REASON_DELETED = gettext_noop("deleted “%(name)s”")
REASON_MOVED = gettext_noop("moved “%(name)s”")
REASON_PARTICIPANTS = gettext_noop("changed the participating units")
REASON_CLUSTERS = gettext_noop("changed the participating clusters")
ERR_CLUSTER_OUTSIDE = gettext_noop("%(cluster)s is not organised by %(issuing_unit)s or a unit under it.")
REASON_RECIPIENTS = gettext_noop("changed the recipients")
# A campaign created from a form remembers the form's one-time token here, so that a second POST of the same form
# finds it instead of creating a second campaign.
CREATED_FROM_FORM = "form:{token}"

HEADER_FIELDS = (
    "parent_body",
    "issuing_body",
    "doc_type",
    "symbol",
    "place",
    "year",
    "title",
    "kind",
    "higher_document",
    "higher_campaign",
    "preamble",
    "theme",
    "closing",
    "signer_authority",
    "signer_on_behalf_of",
    "signer_deputy_authority",
    "signer_deputy_on_behalf_of",
    "signer_title",
    "signer_name",
)
# The plan's lists a header saves whole (campaigns.models.parts): name → the related name on Campaign.
PART_LISTS = ("legal_bases", "stages", "award_criteria", "other_participants", "appendices")
REASON_PARTS = gettext_noop("Legal bases, stages, awards, other participants or appendices changed")
CREATE_FIELDS = ("parent_body", "issuing_body", "doc_type", "symbol", "place", "year", "title", "kind")
SECTION_FIELDS = Section.CONTENT_FIELDS
INDICATOR_FIELDS = Indicator.CONTENT_FIELDS
FIGURE_FIELDS = Figure.CONTENT_FIELDS
ERR_RANK = gettext_noop("“%(figure)s”: a rank is a whole number from 1 (the leading N), not %(value)s.")
VALUE_FORMS = {
    FigureForm.AT_LEAST,
    FigureForm.RANGE,
    FigureForm.OUT_OF,
    FigureForm.PLANNED,
    FigureForm.RELATIVE,
    FigureForm.RANK,
}
NUMBERLESS_FORMS = {FigureForm.STATUS, FigureForm.GRADE, FigureForm.QUALITATIVE}
REASON_LENGTH = 100  # simple_history's history_change_reason


class CampaignAlreadyCreated(ValidationError):
    """The same create form was sent twice; ``campaign`` is the one the first POST created."""

    def __init__(self, campaign: Campaign):
        super().__init__("already created")
        self.campaign = campaign


# ------------------------------------------------------------------ helpers


def _text(value):
    """Text as stored: composed Unicode (NFC), ends trimmed. HTML is kept as typed; pages escape it."""
    return nfc(value) if isinstance(value, str) else value


def _check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


def _short(text: str, length: int = 60) -> str:
    return Truncator(" ".join(str(text).split())).chars(length)


def _check_draft(campaign: Campaign) -> None:
    """Only a draft is edited."""
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(_(ERR_NOT_DRAFT), code="not_draft")


def _touch(campaign: Campaign, *, user=None, reason: str = "") -> None:
    """Record a change of the contents on the (locked) campaign: version + 1 and a historical record."""
    campaign._change_reason = reason[:REASON_LENGTH] or None
    if user is not None:
        campaign._history_user = user
    campaign.bump()


def _reason(template: str, name: str) -> str:
    return _(template) % {"name": _short(name, 70)}


def _renumber(items: list) -> None:
    """Positions 0..n-1 in list order; only the rows whose position changes are written."""
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["position"])


def _move(items: list, item, direction: str) -> bool:
    """Swap the item with its neighbour; positions are made dense first. False when it is already at the end."""
    if direction not in ("up", "down"):
        raise ValidationError(_(ERR_DIRECTION), code="direction")
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        _renumber(items)
        return False
    items[index], items[other] = items[other], items[index]
    _renumber(items)
    return True


# ------------------------------------------------------------------ the campaign


def campaign_defaults(*, issuing_unit: Unit) -> dict:
    """What a new campaign of a unit starts with: the two header lines, the place, this year.

    For Xã Cao Lâu under Huyện Cao Lộc: "UBND HUYỆN CAO LỘC" / "ỦY BAN NHÂN DÂN XÃ CAO LÂU", place "Cao Lâu"; for
    Xã Ba Sơn of the two-tier Tỉnh Lạng Sơn: "UBND TỈNH LẠNG SƠN" / "ỦY BAN NHÂN DÂN XÃ BA SƠN" (see
    units.validity.parent_body_line for the unit's setting)."""
    territorial = issuing_unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
    issuing_body = f"ỦY BAN NHÂN DÂN {issuing_unit.name.upper()}" if territorial else issuing_unit.name.upper()
    return {
        "parent_body": parent_body_line(issuing_unit),
        "issuing_body": nfc(issuing_body),
        "place": issuing_unit.short_name,
        "year": timezone.localdate().year,
    }


def default_symbol(doc_type: DocumentType) -> str:
    """'PĐ-UBND' for a Phát động, 'KH-UBND' for a Kế hoạch; 'UBND' for a type without an abbreviation."""
    return f"{doc_type.abbreviation}-UBND" if doc_type.abbreviation else "UBND"


@transaction.atomic
def campaign_create(*, issuing_unit: Unit, user, token: uuid.UUID | None = None, **fields) -> Campaign:
    """A new draft campaign, unnumbered. Empty header lines, place and symbol take the unit's defaults.

    With a ``token`` (the create form's one-time id), a second call with the same token raises
    CampaignAlreadyCreated carrying the first campaign: a double-clicked form creates one campaign."""
    _check_fields(fields, CREATE_FIELDS)
    # Creations for one unit are serialised by this lock, so the token check below sees a concurrent twin.
    issuing_unit = Unit.objects.select_for_update().get(pk=issuing_unit.pk)
    marker = CREATED_FROM_FORM.format(token=token.hex) if token else None
    if marker:
        earlier = Campaign.history.filter(history_type="+", history_change_reason=marker, created_by=user).first()
        if earlier is not None and Campaign.objects.filter(pk=earlier.id).exists():
            raise CampaignAlreadyCreated(Campaign.objects.get(pk=earlier.id))
    if issuing_unit.kind == UnitKind.VILLAGE:
        raise ValidationError(_(ERR_NO_ISSUING), code="village")
    values = {name: _text(value) for name, value in fields.items()}
    defaults = campaign_defaults(issuing_unit=issuing_unit)
    for name in ("issuing_body", "place", "year"):
        if values.get(name) in (None, ""):
            values[name] = defaults[name]
    values.setdefault("parent_body", defaults["parent_body"])  # a province has none: an empty one is kept
    if not values.get("symbol") and values.get("doc_type") is not None:
        values["symbol"] = default_symbol(values["doc_type"])
    campaign = Campaign(
        issuing_unit=issuing_unit, status=CampaignStatus.DRAFT, number=None, issued_on=None, created_by=user, **values
    )
    campaign.full_clean()
    campaign._history_user = user
    campaign._change_reason = marker
    campaign.save()
    return campaign


def _display(field: models.Field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    return f"“{_short(value)}”"


def _conflict(campaign: Campaign, expected_version: int) -> VersionConflict:
    """The conflict for a campaign saved since ``expected_version``: who, when, and what they changed (field:
    old → new, and the changes to the contents), from the campaign's history."""
    history = campaign.history.select_related("history_user").order_by("-history_date", "-history_id")
    newer = list(history.filter(version__gt=expected_version))
    base = history.filter(version__lte=expected_version).first()
    latest = newer[0] if newer else history.first()
    changes: list[str] = []
    if base is not None and latest is not None:
        delta = latest.diff_against(base, foreign_keys_are_objs=True)
        for change in delta.changes:
            field = Campaign._meta.get_field(change.field)
            changes.append(
                f"{capfirst(field.verbose_name)}: {_display(field, change.old)} → {_display(field, change.new)}"
            )
    for record in reversed(newer):
        reason = record.history_change_reason or ""
        if reason and not reason.startswith(CREATED_FROM_FORM.format(token="")):
            changes.append(reason)
    return version_conflict(
        campaign,
        user=latest.history_user if latest is not None else None,
        time=latest.history_date if latest is not None else None,
        detail=_(CONFLICT_CHANGES) % {"changes": "; ".join(changes)} if changes else "",
    )


def _ancestor_paths(unit: Unit) -> set[str]:
    return set(unit.ancestor_paths())


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    user,
    expected_version: int,
    participants: Iterable[Unit] | None = None,
    recipients: Iterable[str] | None = None,
    clusters: Iterable[Cluster] | None = None,
    number_text: str | None = None,
    parts: dict[str, list] | None = None,
    **fields,
) -> Campaign:
    """Save the header of a draft: the scalar fields (HEADER_FIELDS), and when given the participating units, the
    recipient lines, the number as printed ("0124"; "" for none: the register gives it at issue) and the plan's
    lists (``parts``: PART_LISTS → unsaved rows, each list replacing the saved one when it differs).
    Refused with VersionConflict when the campaign changed since the form was built from
    ``expected_version``; on success the version goes up by one."""
    _check_fields(fields, HEADER_FIELDS)
    locked = lock_for_update(Campaign, campaign.pk, check=_check_draft)
    if locked.version != expected_version:
        raise _conflict(locked, expected_version)
    issuing_unit = locked.issuing_unit
    errors: dict[str, list[str]] = defaultdict(list)
    higher = fields.get("higher_campaign")
    if higher is not None and higher.pk != locked.higher_campaign_id:
        if higher.status != CampaignStatus.ISSUED or higher.issuing_unit.path not in _ancestor_paths(issuing_unit):
            errors["higher_campaign"].append(
                _(ERR_HIGHER_CAMPAIGN) % {"unit": issuing_unit.name, "campaign": str(higher)}
            )
    for name, value in fields.items():
        setattr(locked, name, _text(value))
    if number_text is not None:
        locked.number_text = number_text.strip()
        locked.number = int(locked.number_text) if locked.number_text.isdigit() else None
    wanted_units = None
    if participants is not None:
        wanted_units = {unit.pk: unit for unit in participants}
        for unit in wanted_units.values():
            if unit.pk == issuing_unit.pk or not unit.path.startswith(issuing_unit.path):
                errors["participants"].append(
                    _(ERR_PARTICIPANT_OUTSIDE) % {"unit": unit.name, "issuing_unit": issuing_unit.name}
                )
    wanted_clusters = None
    if clusters is not None:
        wanted_clusters = list(clusters)
        for cluster in wanted_clusters:
            if not cluster.organiser.path.startswith(issuing_unit.path):
                errors["clusters"].append(
                    _(ERR_CLUSTER_OUTSIDE) % {"cluster": cluster.name, "issuing_unit": issuing_unit.name}
                )
    lines = None
    if recipients is not None:
        lines = [_text(line) for line in recipients if _text(line)]
        limit = Recipient._meta.get_field("text").max_length
        for number, line in enumerate(lines, start=1):
            if len(line) > limit:
                errors["recipients"].append(_(ERR_RECIPIENT_LENGTH) % {"line": number, "limit": limit})
    try:
        locked.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors[name].extend(messages)
    for key, rows in (parts or {}).items():
        if key not in PART_LISTS:
            raise TypeError(f"unexpected part: {key}")
        for row in rows:
            try:
                row.full_clean(exclude=["campaign"])
            except ValidationError as error:
                errors[key].extend(error.messages)
    if errors:
        raise ValidationError(dict(errors))

    reasons = []
    changed_parts = False
    for key, rows in (parts or {}).items():
        related = getattr(locked, key)
        names = [f.name for f in related.model._meta.concrete_fields if f.name not in ("id", "campaign", "position")]
        current = [[getattr(r, n) for n in names] for r in related.order_by("position", "pk")]
        if current != [[getattr(r, n) for n in names] for r in rows]:
            related.all().delete()
            for position, row in enumerate(rows):
                row.campaign, row.position, row.pk = locked, position, None
            related.model.objects.bulk_create(rows)
            changed_parts = True
    if changed_parts:
        reasons.append(_(REASON_PARTS))
    if wanted_units is not None:
        current = set(locked.participations.values_list("unit_id", flat=True))
        if current != set(wanted_units):
            locked.participations.exclude(unit_id__in=wanted_units).delete()
            Participation.objects.bulk_create(
                [Participation(campaign=locked, unit=unit) for pk, unit in wanted_units.items() if pk not in current]
            )
            reasons.append(_(REASON_PARTICIPANTS))
    if wanted_clusters is not None and set(locked.clusters.all()) != set(wanted_clusters):
        locked.clusters.set(wanted_clusters)
        reasons.append(_(REASON_CLUSTERS))
    if lines is not None:
        current_lines = list(locked.recipients.order_by("position", "pk").values_list("text", flat=True))
        if current_lines != lines:
            locked.recipients.all().delete()
            Recipient.objects.bulk_create(
                [Recipient(campaign=locked, position=i, text=text) for i, text in enumerate(lines)]
            )
            reasons.append(_(REASON_RECIPIENTS))
    _touch(locked, user=user, reason="; ".join(reasons))
    return locked


# ------------------------------------------------------------------ sections


def _siblings(campaign_id: int, parent_id: int | None) -> list[Section]:
    return list(Section.objects.filter(campaign_id=campaign_id, parent_id=parent_id).order_by("position", "pk"))


@transaction.atomic
def section_add(
    *, campaign: Campaign, parent: Section | None = None, after: Section | None = None, user=None, **fields
) -> Section:
    """A new section: after ``after`` (among its siblings), else last under ``parent`` (None: the top level)."""
    _check_fields(fields, SECTION_FIELDS)
    locked = lock_for_update(Campaign, campaign.pk, check=_check_draft)
    for other in (parent, after):
        if other is not None and other.campaign_id != locked.pk:
            raise ValidationError(_(ERR_ELSEWHERE), code="elsewhere")
    if after is not None and parent is not None and after.parent_id != parent.pk:
        raise ValidationError(_(ERR_AFTER_PARENT), code="after_parent")
    parent_id = after.parent_id if after is not None else (parent.pk if parent is not None else None)
    siblings = _siblings(locked.pk, parent_id)
    index = next(i for i, s in enumerate(siblings) if s.pk == after.pk) + 1 if after is not None else len(siblings)
    section = Section(
        campaign=locked,
        parent_id=parent_id,
        position=index,
        **{name: _text(value) for name, value in fields.items()},
    )
    section.full_clean(exclude=["campaign", "parent"])
    section.save()
    siblings.insert(index, section)
    _renumber(siblings)
    _touch(locked, user=user, reason=_reason(REASON_ADDED, str(section) or _("a section")))
    return section


@transaction.atomic
def section_update(*, section: Section, user=None, **fields) -> Section:
    _check_fields(fields, SECTION_FIELDS)
    locked = lock_for_update(Campaign, section.campaign_id, check=_check_draft)
    section = Section.objects.select_for_update().get(pk=section.pk)
    for name, value in fields.items():
        setattr(section, name, _text(value))
    section.full_clean(exclude=["campaign", "parent"])
    section.save()
    _touch(locked, user=user, reason=_reason(REASON_CHANGED, str(section) or _("a section")))
    return section


@transaction.atomic
def section_delete(*, section: Section, user=None) -> None:
    """Delete a section with its sub-sections, their indicators, figures and targets; siblings close the gap."""
    locked = lock_for_update(Campaign, section.campaign_id, check=_check_draft)
    section = Section.objects.get(pk=section.pk)
    name = str(section) or _("a section")
    section.delete()
    _renumber(_siblings(locked.pk, section.parent_id))
    _touch(locked, user=user, reason=_reason(REASON_DELETED, name))


@transaction.atomic
def section_move(*, section: Section, direction: str, user=None) -> bool:
    """Move a section one place up or down among its siblings. False (and no change) at the end of the list."""
    locked = lock_for_update(Campaign, section.campaign_id, check=_check_draft)
    siblings = _siblings(locked.pk, section.parent_id)
    if not _move(siblings, section, direction):
        return False
    _touch(locked, user=user, reason=_reason(REASON_MOVED, str(section) or _("a section")))
    return True


def section_descendant_counts(*, section: Section) -> tuple[int, int]:
    """(sub-sections, indicators) under a section, itself included for the indicators: what a delete removes."""
    ids, frontier = [], [section.pk]
    while frontier:
        frontier = list(Section.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return len(ids), Indicator.objects.filter(section_id__in=[section.pk, *ids]).count()


# ------------------------------------------------------------------ indicators


def _indicators(section_id: int) -> list[Indicator]:
    return list(Indicator.objects.filter(section_id=section_id).order_by("position", "pk"))


@transaction.atomic
def indicator_save(*, section: Section, indicator: Indicator | None = None, user=None, **fields) -> Indicator:
    """Create an indicator (last in its section) or change one; ``fields`` are among INDICATOR_FIELDS."""
    _check_fields(fields, INDICATOR_FIELDS)
    locked = lock_for_update(Campaign, section.campaign_id, check=_check_draft)
    if indicator is None:
        indicator = Indicator(section=section, position=len(_indicators(section.pk)))
        reason = REASON_ADDED
    else:
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if indicator.section_id != section.pk:
            raise ValidationError(_(ERR_ELSEWHERE), code="elsewhere")
        reason = REASON_CHANGED
    for name, value in fields.items():
        setattr(indicator, name, _text(value))
    indicator.full_clean(exclude=["section"])
    indicator.save()
    _touch(locked, user=user, reason=_reason(reason, indicator.sentence))
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, user=None) -> None:
    section = Section.objects.get(pk=indicator.section_id)
    locked = lock_for_update(Campaign, section.campaign_id, check=_check_draft)
    indicator = Indicator.objects.get(pk=indicator.pk)
    indicator.delete()
    _renumber(_indicators(section.pk))
    _touch(locked, user=user, reason=_reason(REASON_DELETED, indicator.sentence))


@transaction.atomic
def indicator_move(*, indicator: Indicator, direction: str, user=None) -> bool:
    section = Section.objects.get(pk=indicator.section_id)
    locked = lock_for_update(Campaign, section.campaign_id, check=_check_draft)
    if not _move(_indicators(section.pk), indicator, direction):
        return False
    _touch(locked, user=user, reason=_reason(REASON_MOVED, indicator.sentence))
    return True


# ------------------------------------------------------------------ figures


def figure_validate(figure: Figure) -> None:
    """The rules of a figure's numbers (docs/campaign-json.md, figure forms); errors by field."""
    errors: dict[str, list[str]] = defaultdict(list)
    name = figure.name or _("this figure")
    form_label = FigureForm(figure.form).label if figure.form in FigureForm.values else figure.form
    value, high, total = figure.value, figure.value_high, figure.total
    # The rules a number must follow are the ones the target grids apply: one place, targets.services.
    errors["value"].extend(figure_check_value(figure=figure, value=value, high=high))
    if figure.form in NUMBERLESS_FORMS and total is not None:
        errors["value"].append(_(ERR_NOT_NUMERIC) % {"figure": name})
    elif figure.form in VALUE_FORMS and value is None:
        errors["value"].append(_(ERR_VALUE_REQUIRED) % {"figure": name, "form": form_label})
    if figure.form == FigureForm.OUT_OF and total is None:
        errors["total"].append(_(ERR_TOTAL_REQUIRED) % {"figure": name})
    if figure.form == FigureForm.RANK and value is not None and (value < 1 or value != value.to_integral_value()):
        errors["value"].append(_(ERR_RANK) % {"figure": name, "value": format_number(value)})
    if figure.form == FigureForm.GRADE and not figure.grade.strip():
        errors["grade"].append(_(ERR_GRADE_REQUIRED) % {"figure": name, "form": form_label})
    if total is not None and total < 0:
        errors["total"].append(_(ERR_NEGATIVE) % {"figure": name, "value": format_number(total)})
    if not errors["value"]:
        del errors["value"]
    if errors:
        raise ValidationError(dict(errors))


def _figures(indicator_id: int) -> list[Figure]:
    return list(Figure.objects.filter(indicator_id=indicator_id).order_by("position", "pk"))


@transaction.atomic
def figure_save(*, indicator: Indicator, figure: Figure | None = None, user=None, **fields) -> Figure:
    """Create a figure (last of its indicator) or change one; ``fields`` are among FIGURE_FIELDS, numbers as
    Decimal. Checked by figure_validate and the model's own limits before anything is written."""
    _check_fields(fields, FIGURE_FIELDS)
    section = Section.objects.get(pk=indicator.section_id)
    locked = lock_for_update(Campaign, section.campaign_id, check=_check_draft)
    if figure is None:
        figure = Figure(indicator=indicator, position=len(_figures(indicator.pk)))
        reason = REASON_ADDED
    else:
        figure = Figure.objects.select_for_update().get(pk=figure.pk)
        if figure.indicator_id != indicator.pk:
            raise ValidationError(_(ERR_ELSEWHERE), code="elsewhere")
        reason = REASON_CHANGED
    for name, value in fields.items():
        setattr(figure, name, _text(value) if not isinstance(value, Decimal) else value)
    errors: dict[str, list[str]] = defaultdict(list)
    try:
        # The range constraint is figure_validate's range message here, in words; the database still enforces it.
        figure.full_clean(exclude=["indicator"], validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors[name].extend(messages)
    if not errors.get("form"):
        try:
            figure_validate(figure)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[name].extend(messages)
    if errors:
        raise ValidationError(dict(errors))
    figure.save()
    _touch(locked, user=user, reason=_reason(reason, figure.name))
    return figure


@transaction.atomic
def figure_delete(*, figure: Figure, user=None) -> None:
    indicator = Indicator.objects.select_related("section").get(pk=figure.indicator_id)
    locked = lock_for_update(Campaign, indicator.section.campaign_id, check=_check_draft)
    figure = Figure.objects.get(pk=figure.pk)
    figure.delete()
    _renumber(_figures(indicator.pk))
    _touch(locked, user=user, reason=_reason(REASON_DELETED, figure.name))


# ------------------------------------------------------------------ a new version of an issued campaign


@transaction.atomic
def campaign_revise(*, campaign: Campaign, user) -> Campaign:
    """A new draft version of an issued campaign, with its contents, participants and targets; the issued one
    never changes. A second request while a draft version exists returns that draft."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status == CampaignStatus.DRAFT:
        raise ValidationError(_(ERR_REVISE_DRAFT), code="draft")
    existing = locked.later_versions.filter(status=CampaignStatus.DRAFT).first()
    if existing is not None:
        return existing
    draft = campaign_import(data=campaign_export(campaign=locked), user=user, revising=locked)
    draft._change_reason = _short(_(REASON_REVISION) % {"reference": locked.reference}, REASON_LENGTH)
    draft._history_user = user
    draft.save()
    return draft

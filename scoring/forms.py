"""Forms of the scoring pages. Numbers are typed the Vietnamese way (7,5) and parsed by targets.numbers; the rules
that span objects are the services'."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from campaigns.models import Campaign
from reports.models import Period
from scoring.models import Criterion, CriterionKind, Formula
from scoring.models.sheets import ERR_STEP_FORMAT
from scoring.services import EntryInput
from targets.forms import VersionField, VNDecimalField
from targets.models import Figure
from targets.numbers import format_number, parse_number
from units.forms import ModelIdsChoiceField

ERR_LEVEL_FORMAT = gettext_noop(
    "Level %(number)s is not a number of points. Write the levels as “Chuẩn 3 / 1,5 / 0” or “0 / -2”, or one per "
    "line as “3: Đạt chuẩn”."
)
STEP_SEPARATOR = re.compile(r"\s*(?::|=|→|->|\t)\s*")
LEVEL_SEPARATOR = re.compile(r"\s*(?:\n|/|;)\s*")
LEVEL = re.compile(r"^(?P<label>.*?)\s*(?P<points>[+\-−]?\s*\d[\d.]*(?:,\d+)?)\s*(?:điểm)?$")


def parse_levels(text: str) -> list[list]:
    """Levels typed as “Chuẩn 3 / 1,5 / 0”, “0 / -2” or one per line “3: Đạt chuẩn”: [[points, label], …]."""
    levels = []
    for number, piece in enumerate([p for p in LEVEL_SEPARATOR.split(text or "") if p.strip()], start=1):
        if ":" in piece:
            points_text, label = (part.strip() for part in piece.split(":", 1))
        else:
            match = LEVEL.match(piece.strip())
            if match is None:
                raise ValidationError(_(ERR_LEVEL_FORMAT) % {"number": number})
            points_text, label = match["points"], match["label"]
        try:
            points = parse_number(points_text.replace("−", "-").replace(" ", ""))
        except ValidationError as error:
            raise ValidationError(_(ERR_LEVEL_FORMAT) % {"number": number}) from error
        levels.append([points, label])
    return levels


def levels_text(levels) -> str:
    return " / ".join(f"{label} {format_number(_decimal(points))}".strip() for points, label in levels or [])


class SheetForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    campaign = forms.ModelChoiceField(label=gettext_lazy("Campaign"), queryset=Campaign.objects.none())
    period = forms.ModelChoiceField(
        label=gettext_lazy("Reporting period"),
        queryset=Period.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "The approved (or submitted) reports of this period give the quantitative criteria their points. Empty: "
            "the latest period with a report."
        ),
    )
    bonus_in_subtotals = forms.BooleanField(
        label=gettext_lazy("Bonus and penalty points count in the subtotals of their groups"),
        required=False,
        help_text=gettext_lazy(
            "As tables that print “chuẩn 3, cộng 4, đạt 7”. The total is the same either way; only the subtotals "
            "of the groups change."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, campaigns, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        campaigns = campaigns.select_related("doc_type")
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].label_from_instance = lambda c: f"{c.doc_type.name} {c.reference} — {c.title}"[:160]
        self.fields["period"].queryset = Period.objects.filter(campaign__in=campaigns).select_related("campaign")
        if sheet is not None:
            del self.fields["campaign"]
            self.fields["period"].queryset = Period.objects.filter(campaign=sheet.campaign)


class OwnSheetForm(SheetForm):
    """A sheet without a cluster: the unit scores the participating units of one of its campaigns directly."""

    participants = ModelIdsChoiceField(
        label=gettext_lazy("Units scored"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("The campaign's participating units under this unit. Empty: all of them."),
    )

    def __init__(self, *args, campaigns, units, **kwargs):
        super().__init__(*args, campaigns=campaigns, **kwargs)
        self.fields["participants"].queryset = units
        self.fields["participants"].label_from_instance = lambda u: u.name


class CriterionForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Under"),
        queryset=Criterion.objects.none(),
        required=False,
        empty_label=gettext_lazy("(top level)"),
    )
    position = forms.IntegerField(
        label=gettext_lazy("Order"), min_value=0, required=False, help_text=gettext_lazy("Empty: after the others.")
    )
    label = forms.CharField(label=gettext_lazy("Number as printed"), max_length=20, required=False)
    heading = forms.CharField(
        label=gettext_lazy("Criterion"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CriterionKind.choices)
    max_points = VNDecimalField(
        label=gettext_lazy("Maximum points"),
        required=False,
        help_text=gettext_lazy("For a penalty, the most that can be taken off (5 means from -5 to 0)."),
    )
    figure = forms.ModelChoiceField(
        label=gettext_lazy("Figure (quantitative)"), queryset=Figure.objects.none(), required=False
    )
    formula = forms.ChoiceField(
        label=gettext_lazy("Formula (quantitative)"), choices=[("", "—"), *Formula.choices], required=False
    )
    cap = VNDecimalField(
        label=gettext_lazy("Cap (proportional)"),
        required=False,
        help_text=gettext_lazy(
            "1: never above the maximum; 1,2: up to 1,2 times the maximum for exceeding the target."
        ),
    )
    steps = forms.CharField(
        label=gettext_lazy("Steps (by steps)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "80: 5\n100: 10"}),
        help_text=gettext_lazy("One step per line, “percentage achieved: points”, e.g. 80: 5 and 100: 10."),
    )
    per_case = VNDecimalField(
        label=gettext_lazy("Points per case (points entered, bonus, penalty)"),
        required=False,
        help_text=gettext_lazy(
            "“Mỗi trường hợp trừ 0,5”: 0,5. The scorer enters the number of cases; the points are cases × this, "
            "never beyond the maximum, which is the cap."
        ),
    )
    levels = forms.CharField(
        label=gettext_lazy("Levels (points entered, bonus, penalty)"),
        required=False,
        help_text=gettext_lazy(
            "The only points a unit can get here: “Chuẩn 3 / 1,5 / 0”, “0 / -2” (penalty), or one per line "
            "“3: Đạt chuẩn”."
        ),
    )
    bonus_cap = VNDecimalField(
        label=gettext_lazy("Cap of the bonus points under it (group)"),
        required=False,
        help_text=gettext_lazy("“Tổng điểm cộng mục a không quá 2”: 2. Empty: no cap."),
    )
    penalty_cap = VNDecimalField(
        label=gettext_lazy("Cap of the penalty points under it (group)"),
        required=False,
        help_text=gettext_lazy("“Tổng điểm trừ mục a1 không quá 1,5”: 1,5. Empty: no cap."),
    )
    guidance = forms.CharField(
        label=gettext_lazy("How it is scored"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sheet, criterion=None, **kwargs):
        if criterion is not None and "initial" not in kwargs:
            params = criterion.formula_params or {}
            kwargs["initial"] = {
                "parent": criterion.parent_id,
                "position": criterion.position,
                "label": criterion.label,
                "heading": criterion.heading,
                "kind": criterion.kind,
                "max_points": criterion.max_points,
                "figure": criterion.figure_id,
                "formula": criterion.formula,
                "cap": _decimal(params.get("cap")),
                "steps": "\n".join(
                    f"{format_number(_decimal(p))}: {format_number(_decimal(s))}" for p, s in params.get("steps", [])
                ),
                "guidance": criterion.guidance,
                "per_case": criterion.per_case,
                "levels": levels_text(criterion.levels),
                "bonus_cap": criterion.bonus_cap,
                "penalty_cap": criterion.penalty_cap,
            }
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = sheet.version
        groups = sheet.criteria.filter(kind=CriterionKind.GROUP)
        if criterion is not None:
            groups = groups.exclude(pk=criterion.pk)
        self.fields["parent"].queryset = groups.order_by("parent_id", "position", "pk")
        figures = Figure.objects.filter(indicator__section__campaign=sheet.campaign_id).select_related("indicator")
        self.fields["figure"].queryset = figures.order_by(
            "indicator__section__position", "indicator__position", "position"
        )
        self.fields["figure"].label_from_instance = lambda f: f"{f.indicator.label} {f.name}".strip()[:160]

    def clean_steps(self):
        text = self.cleaned_data.get("steps") or ""
        steps = []
        for number, line in enumerate([ln for ln in text.splitlines() if ln.strip()], start=1):
            parts = STEP_SEPARATOR.split(line.strip().removeprefix("≥").removeprefix(">=").strip(), maxsplit=1)
            if len(parts) != 2:
                raise ValidationError(_(ERR_STEP_FORMAT) % {"number": number})
            try:
                steps.append([parse_number(parts[0]), parse_number(parts[1].removesuffix("điểm").strip())])
            except ValidationError as error:
                raise ValidationError(
                    _("Step %(number)s: %(error)s") % {"number": number, "error": error.messages[0]}
                ) from error
        return steps

    def clean_levels(self):
        return parse_levels(self.cleaned_data.get("levels") or "")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        quantitative = data["kind"] == CriterionKind.QUANTITATIVE
        formula = (data.get("formula") or "") if quantitative else ""
        params = {}
        if formula == Formula.PROPORTIONAL:
            params = {"cap": data["cap"] if data.get("cap") is not None else "1"}
        elif formula == Formula.STEPS:
            params = {"steps": data.get("steps") or []}
        return {
            "parent": data.get("parent"),
            "position": data.get("position"),
            "label": data.get("label") or "",
            "heading": data["heading"],
            "kind": data["kind"],
            "max_points": data.get("max_points"),
            "figure": data.get("figure") if quantitative else None,
            "formula": formula,
            "formula_params": params,
            "guidance": data.get("guidance") or "",
            # passed as typed: the service says which kind each belongs to
            "per_case": data.get("per_case"),
            "levels": data.get("levels") or [],
            "bonus_cap": data.get("bonus_cap"),
            "penalty_cap": data.get("penalty_cap"),
        }


def _decimal(value):
    from decimal import Decimal, InvalidOperation

    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


class ProposalForm(forms.Form):
    units = ModelIdsChoiceField(
        label=gettext_lazy("Leading unit(s) proposed"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Grounds for the proposal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


ACCEPT, CUT = "accept", "cut"


class DecisionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, proposed_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_fields = []
        for unit in proposed_units:
            outcome = f"outcome_{unit.pk}"
            reason = f"reason_{unit.pk}"
            self.fields[outcome] = forms.ChoiceField(
                label=unit.name,
                choices=[(ACCEPT, gettext_lazy("Accepted")), (CUT, gettext_lazy("Cut"))],
                widget=forms.RadioSelect,
                initial=ACCEPT,
            )
            self.fields[reason] = forms.CharField(
                label=gettext_lazy("Reason (when cut)"), max_length=500, required=False
            )
            self.unit_fields.append((unit, outcome, reason))


class ScoreField(VNDecimalField):
    """Points typed the Vietnamese way; a mistyped number's error names the criterion, as the page lists them."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            raise ValidationError([f"{self.label}: {message}" for message in error.messages]) from error


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.Field):
    """The uploaded files as sent (a list, maybe empty): scoring.services.evidence_check judges each one's kind and
    size."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        return [f for f in (value if isinstance(value, (list, tuple)) else [value]) if f]


class CasesField(forms.IntegerField):
    """The number of cases of a criterion counted per case; a mistyped number's error names the criterion."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            raise ValidationError([f"{self.label}: {message}" for message in error.messages]) from error


def _choice_value(points) -> str:
    return format_number(_decimal(points))


class EntryForm(forms.Form):
    """One member's scores at one stage: per scored criterion, the points (score-<criterion>) — or, for a criterion
    counted per case, the number of cases (cases-) —, a comment, the reason for points other than the report's,
    evidence files to add and the kept ones to remove (evidence-, remove-), and the version of the entry the page
    was built from (ver-<criterion>). The rules are scoring.services.entries_save's; its errors come back keyed by
    the criterion's id."""

    FIELDS = ("score", "cases", "comment", "reason", "evidence", "remove")

    def __init__(self, data=None, files=None, *, board, kind, unit, **kwargs):
        self.nodes = board.scored_nodes
        super().__init__(data, files, **kwargs)
        for node in self.nodes:
            cid, entry = node.pk, board.entry(kind, node.pk, unit.pk)
            self.fields[f"score-{cid}"] = ScoreField(required=False, label=str(node.criterion))
            self.fields[f"cases-{cid}"] = CasesField(required=False, min_value=0, label=str(node.criterion))
            self.fields[f"comment-{cid}"] = forms.CharField(required=False, strip=False, label=_("Comment"))
            self.fields[f"reason-{cid}"] = forms.CharField(required=False, strip=False, label=_("Reason"))
            self.fields[f"evidence-{cid}"] = EvidenceField(label=_("Evidence"))
            kept = [(str(e.pk), e.name) for e in entry.evidence.all()] if entry is not None else []
            self.fields[f"remove-{cid}"] = forms.TypedMultipleChoiceField(required=False, coerce=int, choices=kept)
            self.fields[f"ver-{cid}"] = VersionField()
            self.initial[f"score-{cid}"] = entry.score if entry is not None else board.initial(kind, cid, unit.pk)
            if node.criterion.per_case is not None:
                self.initial[f"cases-{cid}"] = board.cases(kind, cid, unit.pk)
            if entry is not None:
                self.initial[f"comment-{cid}"] = entry.comment
                self.initial[f"reason-{cid}"] = entry.reason
                self.initial[f"ver-{cid}"] = entry.version

    def choices(self, criterion) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of the options of a criterion scored from levels, or a disqualifier's no / yes;
        empty for any other."""
        if criterion.kind == CriterionKind.DISQUALIFIER:
            options = [("0", _("No")), ("1", _("Yes: not ranked"))]
        elif criterion.levels:
            options = [
                (_choice_value(points), f"{label} ({_choice_value(points)})" if label else _choice_value(points))
                for points, label in criterion.levels
            ]
        else:
            return []
        current = self[f"score-{criterion.pk}"].value()
        try:
            current = _choice_value(parse_number(str(current))) if current not in (None, "") else ""
        except ValidationError:
            current = str(current)
        return [(value, label, value == current) for value, label in options]

    def items(self) -> list[EntryInput]:
        data = self.cleaned_data
        items = []
        for node in self.nodes:
            cid, per_case = node.pk, node.criterion.per_case is not None
            items.append(
                EntryInput(
                    criterion_id=cid,
                    score=None if per_case else data[f"score-{cid}"],
                    cases=data[f"cases-{cid}"] if per_case else None,
                    comment=data[f"comment-{cid}"],
                    reason=data[f"reason-{cid}"],
                    evidence=tuple(data[f"evidence-{cid}"]),
                    remove_evidence=tuple(data[f"remove-{cid}"]),
                    version=data[f"ver-{cid}"],
                )
            )
        return items

    def add_service_errors(self, error: ValidationError) -> bool:
        """Put the service's errors keyed by a criterion's id on its points; False when none names a criterion."""
        placed = False
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                if key.isdigit() and f"score-{key}" in self.fields:
                    self.add_error(f"score-{key}", messages)
                    placed = True
        return placed

    def cell_errors(self, criterion_id: int) -> list[str]:
        """The errors of a criterion's cell, its points' first."""
        return [message for name in self.FIELDS for message in self.errors.get(f"{name}-{criterion_id}", [])]

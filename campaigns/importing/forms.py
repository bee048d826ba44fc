"""The review page's correction form: every item of an imported draft as inputs in place (a header field, a legal
basis, a section's heading and text, an indicator's sentence, a figure's name, value, form and unit of measure, a
recipient, the signer's parts, a stage, an award criterion, an appendix), each field named by the item's path in the
draft ("title", "sections[1].children[0].indicators[2].figures[0].value", "recipients[3].drop").

The draft itself travels whole in a hidden field (views_import.DraftForm); ``DraftEditForm`` is built from it, checks
what was typed (Vietnamese numbers "1.250" / "8,5", dates 05/9/2025, lengths and choices of the models) and
``edited()`` writes only the changed fields back into a copy, then removes the items marked "Bỏ". What the form does
not show (a figure's direction, an appendix's tables…) is never lost. A key of the POST that names no item of the
draft is ignored: the fields exist only for the draft's own paths."""

import copy
import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from campaigns.forms import ERR_NUMBER
from campaigns.models import AwardCriterion, Campaign, DocumentType, LegalBasis, Recipient, Section, Stage
from campaigns.models.parts import Appendix
from campaigns.serialization import NUMBER_DIGITS
from targets.forms import VNDecimalField, VNRangeField
from targets.models import Figure, Indicator
from units.dates import PlausibleDate, year_check

__all__ = ("DraftEditForm", "draft_edit", "walk_items", "HEADER_FIELDS")

# The header fields, in the order of the page, each edited by the campaign's own model field.
HEADER_FIELDS = (
    "parent_body",
    "issuing_body",
    "issuing_unit",
    "doc_type",
    "number",
    "symbol",
    "place",
    "issued_on",
    "year",
    "title",
    "higher_document",
    "theme",
    "preamble",
    "closing",
)
SHORT_HEADER_FIELDS = HEADER_FIELDS[: HEADER_FIELDS.index("title")]  # two to a line
WIDE = {"text", "heading", "subtitle"}  # shown on a line of their own
SIGNER_FIELDS = ("authority", "on_behalf_of", "deputy_authority", "deputy_on_behalf_of", "title", "name")
MAX_DEPTH = 12  # sections nested deeper than a real plan's are kept, not shown
DROP = "drop"

DROP_LABEL = gettext_lazy("Drop")
SIGNER_LABEL = gettext_lazy("Signer")


class DocumentNumberField(forms.CharField):
    """The number as printed, leading zeros kept ("0124"); empty when the register gives it at issue."""

    def __init__(self, **kwargs):
        super().__init__(max_length=NUMBER_DIGITS, required=False, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not (value.isascii() and value.isdigit() and int(value) > 0):
            raise ValidationError(ERR_NUMBER, code="invalid")


class YearField(forms.IntegerField):
    def validate(self, value):
        super().validate(value)
        year_check(value, field=self.label)


def _model_field(model, name: str, **kwargs) -> forms.Field:
    """The form field the model gives its column (length, choices, required), labelled by its verbose name; a date
    is typed as 05/09/2025 and must be plausible."""
    model_field = model._meta.get_field(name)
    field = model_field.formfield(**kwargs)
    field.label = capfirst(str(model_field.verbose_name))
    field.help_text = ""
    if isinstance(field, forms.DateField):
        field.validators.append(PlausibleDate(field.label))
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs.update(rows=2, cols=None)
    return field


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _text(value) -> str:
    return "" if value is None else str(value)


def _number(value):
    """A JSON number ("1250", "8.5") as a Decimal, which the field shows in Vietnamese form ("1.250", "8,5");
    anything else as it is."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return number if number.is_finite() else str(value)


def _date(value):
    try:
        return parse_date(value) or value if isinstance(value, str) else value
    except ValueError:  # well formed, not a day: 2024-02-30 (shown as it is, refused as a date)
        return value


def _header_fields(c: dict, key: str) -> list:
    value = c.get(key)
    if key == "doc_type":
        types = [(t.code, str(t)) for t in DocumentType.objects.order_by("name")]
        field = forms.ChoiceField(label=_label(Campaign, "doc_type"), choices=types)
        return [(key, field, _text(value))]
    if key == "number":
        return [(key, DocumentNumberField(label=_label(Campaign, "number")), value)]
    if key == "year":
        return [(key, YearField(label=_label(Campaign, "year")), value)]
    if key == "issued_on":
        return [(key, _model_field(Campaign, key), _date(value))]
    return [(key, _model_field(Campaign, key), _text(value))]


def _figure_fields(figure: dict) -> list:
    low, high = _number(figure.get("value")), _number(figure.get("value_high"))
    if isinstance(low, Decimal) and (high is None or isinstance(high, Decimal)):
        shown = (low, low if high is None else high)  # VNRangeField shows "7 - 7,5", or "78"
    else:
        shown = " - ".join(_text(v) for v in (low, high) if v is not None)
    return [
        ("name", _model_field(Figure, "name"), _text(figure.get("name"))),
        ("form", _model_field(Figure, "form"), _text(figure.get("form"))),
        ("value", VNRangeField(label=_label(Figure, "value"), required=False), shown),
        ("total", VNDecimalField(label=_label(Figure, "total"), required=False), _number(figure.get("total"))),
        ("unit_of_measure", _model_field(Figure, "unit_of_measure"), _text(figure.get("unit_of_measure"))),
    ]


def walk_items(c: dict, provenance: dict, uncertain: set):
    """Each item of a draft for the review page, in document order: {"path", "kind", "label", "line", "uncertain",
    "droppable", "fields", "node", "key"}; ``kind`` is header, legal, section, indicator, figure, recipient, signer,
    stage, award or appendix; ``fields`` is [(attribute, form field, initial)]; ``node`` the dict (or list) holding
    the item's values and ``key`` its key there (for a header field or a recipient)."""

    def item(path, kind, label, fields, node, key=None, droppable=True):
        unsure = path in uncertain or any(u.startswith(path + ".") for u in uncertain if kind != "section")
        return {
            "path": path,
            "kind": kind,
            "label": label,
            "line": provenance.get(path),
            "uncertain": unsure,
            "droppable": droppable,
            "fields": fields,
            "node": node,
            "key": key,
        }

    for key in HEADER_FIELDS:
        label = _label(Campaign, key)
        if key == "issuing_unit":  # made the unit the page is opened from when saved: shown, not edited
            value = c.get(key)
            if isinstance(value, dict):
                text = f"{value.get('edition', '')} · {value.get('code', '')}"
                yield {**item(key, "header", label, [], c, key, False), "text": text}
            continue
        yield item(key, "header", label, _header_fields(c, key), c, key, False)
    for index, base in enumerate(_list(c, "legal_bases")):
        if isinstance(base, dict):
            fields = [
                ("kind", _model_field(LegalBasis, "kind"), _text(base.get("kind"))),
                ("text", _model_field(LegalBasis, "text", widget=forms.Textarea), _text(base.get("text"))),
            ]
            yield item(f"legal_bases[{index}]", "legal", "", fields, base)

    def sections(items, path, depth):
        for index, section in enumerate(items):
            if not isinstance(section, dict):
                continue
            here = f"{path}[{index}]"
            fields = [
                ("heading", _model_field(Section, "heading", widget=forms.TextInput), _text(section.get("heading"))),
                ("body", _model_field(Section, "body"), _text(section.get("body"))),
            ]
            yield item(here, "section", _text(section.get("label")), fields, section)
            for i, indicator in enumerate(_list(section, "indicators")):
                if not isinstance(indicator, dict):
                    continue
                i_path = f"{here}.indicators[{i}]"
                fields = [("sentence", _model_field(Indicator, "sentence"), _text(indicator.get("sentence")))]
                yield item(i_path, "indicator", _text(indicator.get("label")), fields, indicator)
                for f, figure in enumerate(_list(indicator, "figures")):
                    if isinstance(figure, dict):
                        yield item(f"{i_path}.figures[{f}]", "figure", "", _figure_fields(figure), figure)
            if depth < MAX_DEPTH:
                yield from sections(_list(section, "children"), f"{here}.children", depth + 1)

    yield from sections(_list(c, "sections"), "sections", 1)
    for index, stage in enumerate(_list(c, "stages")):
        if isinstance(stage, dict):
            fields = [("name", _model_field(Stage, "name"), _text(stage.get("name")))]
            fields += [(n, _model_field(Stage, n), _date(stage.get(n))) for n in ("starts_on", "ends_on", "deadline")]
            fields.append(("text", _model_field(Stage, "text"), _text(stage.get("text"))))
            yield item(f"stages[{index}]", "stage", "", fields, stage)
    for index, award in enumerate(_list(c, "award_criteria")):
        if isinstance(award, dict):
            quota = VNDecimalField(
                label=_label(AwardCriterion, "quota_value"),
                required=False,
                min_value=Decimal(0),
            )
            fields = [
                ("subject", _model_field(AwardCriterion, "subject"), _text(award.get("subject"))),
                ("award_text", _model_field(AwardCriterion, "award_text"), _text(award.get("award_text"))),
                ("quota_kind", _model_field(AwardCriterion, "quota_kind"), _text(award.get("quota_kind"))),
                ("quota_value", quota, _number(award.get("quota_value"))),
                ("text", _model_field(AwardCriterion, "text"), _text(award.get("text"))),
            ]
            yield item(f"award_criteria[{index}]", "award", "", fields, award)
    recipients = _list(c, "recipients")
    for index, text in enumerate(recipients):
        fields = [("text", _model_field(Recipient, "text"), _text(text))]
        yield item(f"recipients[{index}]", "recipient", "", fields, recipients, index)
    signer = c.get("signer")
    if not isinstance(signer, dict):
        signer = {}
    fields = [(n, _model_field(Campaign, f"signer_{n}"), _text(signer.get(n))) for n in SIGNER_FIELDS]
    yield item("signer", "signer", capfirst(str(SIGNER_LABEL)), fields, signer, droppable=False)
    for index, appendix in enumerate(_list(c, "appendices")):
        if isinstance(appendix, dict):
            fields = [(n, _model_field(Appendix, n), _text(appendix.get(n))) for n in ("label", "title", "subtitle")]
            yield item(f"appendices[{index}]", "appendix", "", fields, appendix)


def _list(node: dict, key: str) -> list:
    value = node.get(key)
    return value if isinstance(value, list) else []


def field_name(item: dict, attribute: str) -> str:
    """A header field is named by its key ("title"), any other by the item's path and the attribute."""
    return item["path"] if item["kind"] == "header" else f"{item['path']}.{attribute}"


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, str):
        return value.replace("\r\n", "\n")  # a browser's textarea
    return value


class DraftEditForm(forms.Form):
    """The correction form of one draft (``draft``: the draft's JSON form, a dict with a "campaign" object)."""

    def __init__(self, *args, draft: dict, provenance: dict | None = None, uncertain=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = copy.deepcopy(draft)
        campaign = self.draft.setdefault("campaign", {})
        self.items = list(walk_items(campaign, provenance or {}, set(uncertain)))
        for item in self.items:
            for attribute, field, initial in item["fields"]:
                name = field_name(item, attribute)
                self.fields[name] = field
                self.initial[name] = initial
            if item["droppable"]:
                self.fields[f"{item['path']}.{DROP}"] = forms.BooleanField(label=DROP_LABEL, required=False)
        self._edited = None

    def rows(self):
        """The items with their inputs, for the template: each input as plain values (name, id, label, value shown,
        choices, errors), so that a plan of a few hundred inputs is drawn without a template per widget."""
        for number, item in enumerate(self.items, start=1):
            wide = item["kind"] == "header" or len(item["fields"]) == 1
            controls = []
            for attribute, _field, _initial in item["fields"]:
                control = self._control(field_name(item, attribute))
                control["css"] = (
                    "col-12" if wide or attribute in WIDE or control["kind"] == "textarea" else "col-sm-6 col-md-4"
                )
                controls.append(control)
            drop = self._control(f"{item['path']}.{DROP}") if item["droppable"] else None
            depth = max(0, min(item["path"].count("[") - 1, 4))
            width = "col-md-6" if item["kind"] == "header" and item["path"] in SHORT_HEADER_FIELDS else "col-12"
            yield {**item, "controls": controls, "drop": drop, "depth": depth, "width": width, "number": number}

    def _control(self, name: str) -> dict:
        bound = self[name]
        field, widget = bound.field, bound.field.widget
        value = bound.value()
        control = {
            "name": bound.html_name,
            "id": bound.auto_id,
            "label": bound.label,
            "required": field.required,
            "errors": bound.errors,
            "maxlength": getattr(field, "max_length", None),
            "inputmode": widget.attrs.get("inputmode", ""),
        }
        if isinstance(widget, forms.CheckboxInput):
            return {**control, "kind": "checkbox", "checked": widget.check_test(value)}
        if isinstance(widget, forms.Select):
            chosen = "" if value is None else str(value)
            return {
                **control,
                "kind": "select",
                "choices": [(str(v), label, str(v) == chosen) for v, label in field.choices],
            }
        shown = widget.format_value(value)
        kind = "textarea" if isinstance(widget, forms.Textarea) else "text"
        return {**control, "kind": kind, "value": "" if shown is None else shown}

    def dropped(self, path: str) -> bool:
        """Whether the item, or one holding it, is marked to drop: the path or one of its prefixes at a "."."""
        data = getattr(self, "cleaned_data", {})
        prefixes = [path[:i] for i, char in enumerate(path) if char == "."] + [path]
        return any(data.get(f"{prefix}.{DROP}") for prefix in prefixes)

    def clean(self):
        """An item that is dropped, or inside one that is, needs no valid values."""
        cleaned = super().clean()
        for item in self.items:
            if item["kind"] != "header" and self.dropped(item["path"]):
                for attribute, _field, _initial in item["fields"]:
                    self._errors.pop(field_name(item, attribute), None)
        return cleaned

    def edited(self) -> dict:
        """The draft with the changed fields written back and the dropped items removed (after is_valid())."""
        if self._edited is not None:
            return self._edited
        changed = set(self.changed_data)
        drops = []
        for item in self.items:
            if item["droppable"] and self.cleaned_data.get(f"{item['path']}.{DROP}"):
                drops.append(item)
                continue
            for attribute, _field, _initial in item["fields"]:
                name = field_name(item, attribute)
                if name not in changed or self.dropped(item["path"]):
                    continue
                value = self.cleaned_data.get(name)
                node, key = item["node"], item["key"]
                if item["kind"] == "header":
                    node[key] = None if key == "number" and not value else _json(value)
                elif item["kind"] == "recipient":
                    node[key] = _json(value)
                elif item["kind"] == "figure" and attribute == "value":
                    low, high = value if value else (None, None)
                    node["value"], node["value_high"] = _json(low), (_json(high) if high != low else None)
                else:
                    node[attribute] = _json(value)
            if item["kind"] == "signer" and item["node"] and not isinstance(self.draft["campaign"].get("signer"), dict):
                self.draft["campaign"]["signer"] = item["node"]
        self._remove(drops)
        self._edited = self.draft
        return self.draft

    def _remove(self, drops: list) -> None:
        """Removes the dropped items from their lists, by identity, so that the positions of the others stay."""
        for item in reversed(drops):  # document order reversed: an item inside another goes first
            holder = self._holder(item)
            if holder is None:
                continue
            if item["kind"] == "recipient":
                del holder[item["key"]]
            else:
                for index, node in enumerate(holder):
                    if node is item["node"]:
                        del holder[index]
                        break

    def _holder(self, item: dict) -> list | None:
        """The list an item stands in, found from its path's last step."""
        if item["kind"] == "recipient":
            return item["node"]
        path = item["path"]
        parent_path, _dot, last = path.rpartition(".")
        key = last.partition("[")[0]
        parent = self.draft["campaign"]
        if parent_path:
            parent = next((i["node"] for i in self.items if i["path"] == parent_path), None)
        value = parent.get(key) if isinstance(parent, dict) else None
        return value if isinstance(value, list) else None


def draft_edit(data: dict, post) -> dict:
    """The draft with the review form's edits applied; a ValidationError keyed by field name for a bad value."""
    form = DraftEditForm(post, draft=data)
    if not form.is_valid():
        raise ValidationError({name: errors for name, errors in form.errors.items()})
    return form.edited()

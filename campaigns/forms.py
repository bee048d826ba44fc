"""Forms of the campaign editor. They read and check what is typed (Vietnamese numbers through VNDecimalField and
VNRangeField, lengths from the models); the rules across fields and rows are campaigns.services'."""

import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns import plan_text
from campaigns.models import Appendix, Campaign, CampaignStatus, Recipient, Section
from campaigns.services import ERR_RECIPIENT_LENGTH, default_symbol
from targets.forms import VNDecimalField, VNRangeField
from targets.models import Figure, Indicator
from targets.numbers import format_range
from units.forms import ModelIdsChoiceField
from units.models import Cluster, Unit

__all__ = (
    "CampaignCreateForm",
    "CampaignHeaderForm",
    "AppendixForm",
    "AppendixFormSet",
    "SectionForm",
    "IndicatorForm",
    "FigureEditForm",
)

ERR_NUMBER = _("Write the number's digits as printed, e.g. 0124 or 109.")
# The plan's parts edited as lines (campaigns.plan_text): form field → (parse, text, related name)
PART_FIELDS = {
    "legal_bases": (plan_text.legal_bases_parse, plan_text.legal_bases_text, "legal_bases"),
    "stages": (plan_text.stages_parse, plan_text.stages_text, "stages"),
    "award_criteria": (plan_text.award_criteria_parse, plan_text.award_criteria_text, "award_criteria"),
    "other_participants": (
        plan_text.other_participants_parse,
        plan_text.other_participants_text,
        "other_participants",
    ),
}

RECIPIENT_MAX_LENGTH = Recipient._meta.get_field("text").max_length


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def _columns(*specs) -> Row:
    """A row of fields: ("name", "col-md-6") pairs."""
    return Row(*(Column(name, css_class=css) for name, css in specs))


class CampaignCreateForm(forms.ModelForm):
    """A new draft: type, symbol, place, year, title, kind and the two header lines; ``token`` is the form's
    one-time id (see campaign_create)."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Campaign
        fields = ("doc_type", "symbol", "place", "year", "title", "kind", "parent_body", "issuing_body")
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["symbol"].required = False
        self.fields["symbol"].help_text = _("After the number, e.g. PĐ-UBND. Leave empty for the type's own.")
        self.fields["doc_type"].label_from_instance = lambda t: f"{t} — {default_symbol(t)}"
        self.helper = _helper(
            _columns(("doc_type", "col-md-6"), ("symbol", "col-md-3"), ("kind", "col-md-3")),
            "title",
            _columns(("parent_body", "col-md-6"), ("issuing_body", "col-md-6")),
            _columns(("place", "col-md-6"), ("year", "col-md-3")),
            "token",
        )


class _UnitChoices(ModelIdsChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _CampaignChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.issuing_unit.short_name}: {obj}"


class CampaignHeaderForm(forms.ModelForm):
    """Everything of a draft but its status, number and date (those belong to issuing it). ``version`` is the
    campaign's version the form was built from: campaign_update refuses to save over a newer one."""

    participants = _UnitChoices(
        label=_("Participating units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    clusters = ModelIdsChoiceField(
        label=_("Participating clusters and blocks"),
        queryset=Cluster.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipients = forms.CharField(
        label=_("Recipients (Nơi nhận)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, as printed, with its ending: “Phòng Nội vụ;” … “Lưu: VT.”"),
    )
    number_text = forms.CharField(
        label=_("Number (as printed)"),
        required=False,
        max_length=9,
        help_text=_("Usually empty: the register gives the number at issue. For a document numbered on paper: 0124."),
    )
    legal_bases = forms.CharField(
        label=_("Legal bases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, printed before the preamble: “Căn cứ Luật Thi đua, Khen thưởng…;”, “Thực hiện…”."),
    )
    stages = forms.CharField(
        label=_("Stages and deadlines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One stage a line: name | from | to | report due | as printed; dates as 30/06/2024."),
    )
    award_criteria = forms.CharField(
        label=_("Award criteria and quotas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: tập thể or cá nhân | award | quota (mỗi đơn vị 1, dẫn đầu 3, tối đa 10%, tối đa 5) | as "
            "printed | catalogue code."
        ),
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Not in the unit lists: one a line, name | kind (sở, ngành, doanh nghiệp, cơ quan trung ương, đoàn thể, "
            "khác)."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Campaign
        fields = (
            "parent_body",
            "issuing_body",
            "doc_type",
            "symbol",
            "place",
            "year",
            "title",
            "kind",
            "theme",
            "higher_campaign",
            "higher_document",
            "preamble",
            "closing",
            "signer_authority",
            "signer_on_behalf_of",
            "signer_deputy_authority",
            "signer_deputy_on_behalf_of",
            "signer_title",
            "signer_name",
        )
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "theme": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 6}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, campaign: Campaign, user, **kwargs):
        unit = campaign.issuing_unit
        kwargs.setdefault(
            "initial",
            {
                "participants": list(campaign.participations.values_list("unit_id", flat=True)),
                "clusters": list(campaign.clusters.values_list("pk", flat=True)),
                "recipients": "\n".join(campaign.recipients.order_by("position", "pk").values_list("text", flat=True)),
                "version": campaign.version,
                "number_text": campaign.number_printed,
                **{name: text(getattr(campaign, related).all()) for name, (_p, text, related) in PART_FIELDS.items()},
            },
        )
        # A copy: the form's model validation must not change the campaign the view holds.
        super().__init__(*args, instance=Campaign.objects.get(pk=campaign.pk), **kwargs)
        current = self.initial["participants"]
        # The units right under the issuing unit (a commune's villages and agencies, a district's communes…), and
        # any deeper unit already taking part (from an imported document), so that saving does not drop it.
        children = Q(path__startswith=unit.path, depth=unit.depth + 1)
        self.fields["participants"].queryset = Unit.objects.filter(children | Q(pk__in=current)).order_by("path")
        if not self.fields["participants"].queryset.exists():
            self.fields["participants"].help_text = _(
                "No unit is registered under %(unit)s yet: add its villages and agencies on the unit's page."
            ) % {"unit": unit.name}
        self.fields["clusters"].queryset = (
            Cluster.objects.filter(organiser__path__startswith=unit.path, year=campaign.year).order_by("kind", "name")
            | campaign.clusters.all()
        )
        higher = Campaign.objects.restrict(user).filter(
            issuing_unit__path__in=unit.ancestor_paths(), status=CampaignStatus.ISSUED
        ) | Campaign.objects.filter(pk=campaign.higher_campaign_id)
        self.fields["higher_campaign"] = _CampaignChoice(
            label=self.fields["higher_campaign"].label,
            queryset=higher.select_related("issuing_unit", "doc_type").order_by("issuing_unit__path", "-year"),
            required=False,
            help_text=_("An issued campaign of a unit above this one, when it is in the system."),
        )
        self.helper = _helper(
            Fieldset(
                _("Header"),
                _columns(("parent_body", "col-md-6"), ("issuing_body", "col-md-6")),
                _columns(("doc_type", "col-md-4"), ("symbol", "col-md-3"), ("place", "col-md-3"), ("year", "col-md-2")),
            ),
            Fieldset(_("Title"), "title", _columns(("kind", "col-md-4"), ("number_text", "col-md-4")), "theme"),
            Fieldset(_("Implements"), _columns(("higher_campaign", "col-md-6"), ("higher_document", "col-md-6"))),
            Fieldset(_("Text"), "legal_bases", "preamble", "closing"),
            Fieldset(_("Stages and awards"), "stages", "award_criteria"),
            Fieldset(
                _("Signature"),
                _columns(("signer_authority", "col-md-3"), ("signer_on_behalf_of", "col-md-3")),
                _columns(("signer_deputy_authority", "col-md-3"), ("signer_deputy_on_behalf_of", "col-md-3")),
                _columns(("signer_title", "col-md-3"), ("signer_name", "col-md-3")),
            ),
            Fieldset(
                _("Participants and recipients"),
                _columns(("participants", "col-md-6"), ("recipients", "col-md-6")),
                "clusters",
                "other_participants",
            ),
            "version",
        )

    def clean_number_text(self) -> str:
        text = self.cleaned_data["number_text"].strip()
        if text and not (text.isascii() and text.isdigit() and int(text) > 0):
            raise forms.ValidationError(ERR_NUMBER)
        return text

    def _part(self, name: str) -> list:
        return PART_FIELDS[name][0](self.cleaned_data[name])

    def clean_legal_bases(self):
        return self._part("legal_bases")

    def clean_stages(self):
        return self._part("stages")

    def clean_award_criteria(self):
        return self._part("award_criteria")

    def clean_other_participants(self):
        return self._part("other_participants")

    def clean_recipients(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["recipients"].splitlines()]
        lines = [line for line in lines if line]
        for number, line in enumerate(lines, start=1):
            if len(line) > RECIPIENT_MAX_LENGTH:
                raise forms.ValidationError(_(ERR_RECIPIENT_LENGTH) % {"line": number, "limit": RECIPIENT_MAX_LENGTH})
        return lines


class AppendixForm(forms.ModelForm):
    """One appendix (phụ lục): its tables typed one row a line, cells separated by "|" (campaigns.plan_text)."""

    tables_text = forms.CharField(
        label=_("Tables"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One row a line, cells separated by “|”; the first row is the header (or the rows above a line “---”); an "
            "empty line between two tables."
        ),
    )

    class Meta:
        model = Appendix
        fields = ("label", "title", "subtitle", "body")
        widgets = {"title": forms.TextInput(), "subtitle": forms.TextInput(), "body": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("tables_text", plan_text.tables_text(self.instance.tables))
        self.helper = _helper(
            _columns(("label", "col-md-3"), ("title", "col-md-9")), "subtitle", "body", "tables_text", "DELETE"
        )

    def clean_tables_text(self):
        return plan_text.tables_parse(self.cleaned_data["tables_text"])

    def appendix(self) -> Appendix:
        """The appendix as typed, unsaved (campaign_update saves the list)."""
        data = self.cleaned_data
        return Appendix(
            label=data["label"],
            title=data["title"],
            subtitle=data["subtitle"],
            body=data["body"],
            tables=data["tables_text"],
        )


class _AppendixFormSet(forms.BaseModelFormSet):
    def appendices(self) -> list[Appendix]:
        """The appendices kept, in order, none of the empty extra forms or those marked to delete."""
        return [
            form.appendix()
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form)
        ]


AppendixFormSet = forms.modelformset_factory(
    Appendix, form=AppendixForm, formset=_AppendixFormSet, extra=1, can_delete=True
)


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ("label", "heading", "body", "role", "field")
        widgets = {"heading": forms.TextInput(), "body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].help_text = _("As printed: I., 2.1., (1), -")
        self.helper = _helper(
            _columns(("label", "col-md-2"), ("heading", "col-md-10")),
            "body",
            _columns(("role", "col-md-6"), ("field", "col-md-6")),
        )


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ("label", "sentence", "field")
        widgets = {"sentence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("sentence", _columns(("label", "col-md-3"), ("field", "col-md-5")))


class FigureEditForm(forms.ModelForm):
    """A figure; ``value`` takes one number or a range ("1.105", "7 - 7,5"), ``total`` one number."""

    value = VNRangeField(
        label=_("Value"), required=False, help_text=_("One number (1.105; 86,6) or a range (7 - 7,5).")
    )
    total = VNDecimalField(label=_("Out of"), required=False, help_text=_("For a count out of a total: 10/10 thôn."))

    class Meta:
        model = Figure
        fields = (
            "name",
            "form",
            "direction",
            "grade",
            "unit_of_measure",
            "source",
            "source_body",
            "context",
            "aggregation",
            "weight_name",
            "numerator_name",
            "reach",
            "change_measure",
            "strict",
            "part_of",
        )

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("value", format_range(instance.value, instance.value_high))
            kwargs["initial"].setdefault("total", instance.total)
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            _columns(("name", "col-md-6"), ("form", "col-md-3"), ("direction", "col-md-3")),
            _columns(
                ("value", "col-md-3"), ("unit_of_measure", "col-md-3"), ("total", "col-md-3"), ("grade", "col-md-3")
            ),
            _columns(
                ("source", "col-md-3"),
                ("source_body", "col-md-3"),
                ("aggregation", "col-md-3"),
                ("weight_name", "col-md-3"),
            ),
            _columns(("numerator_name", "col-md-6"), ("reach", "col-md-3"), ("change_measure", "col-md-3")),
            _columns(("part_of", "col-md-9"), ("strict", "col-md-3")),
            Field("context"),
        )
        for name in ("reach", "change_measure"):  # blank: what follows from the figure (targets.rules)
            self.fields[name].choices = [("", _("From the unit of measure")), *self.fields[name].choices[1:]]

    def clean(self):
        data = super().clean()
        pair = data.pop("value", None)
        low, high = pair if pair else (None, None)
        data["value"], data["value_high"] = low, (high if high != low else None)
        return data

    def values(self) -> dict:
        """What figure_save takes."""
        names = (*self._meta.fields, "value", "value_high", "total")
        return {name: self.cleaned_data.get(name) for name in names}

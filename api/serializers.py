"""What the API reads and writes. Reads are model serializers of the rows a scoped queryset gives; writes are plain
serializers that only check shapes and types (StrictSerializer refuses unknown fields) before a service decides."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Campaign
from documents.models import IssuedDocument
from reports.models import Period, Report, ReportValue
from targets.models import Figure
from targets.whose import assigned_by_name
from units.models import Unit, UnitSuccession

ERR_UNKNOWN_FIELD = gettext_noop("Unknown field: this request does not take it.")
DECIMAL = {"max_digits": 20, "decimal_places": 4, "allow_null": True, "required": False}


class StrictSerializer(serializers.Serializer):
    """A request body with a field the serializer does not declare is refused, naming the field: a typo
    ("vesion") must not be silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError({key: [_(ERR_UNKNOWN_FIELD)] for key in unknown})
        return super().to_internal_value(data)


# ------------------------------------------------------------------ units


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ("id", "edition", "code", "name")


class SuccessionSerializer(serializers.ModelSerializer):
    unit = serializers.SerializerMethodField()

    class Meta:
        model = UnitSuccession
        fields = ("unit", "is_main", "note")

    @extend_schema_field(UnitRefSerializer)
    def get_unit(self, succession):
        return UnitRefSerializer(succession.new if self.context.get("side") == "new" else succession.old).data


class UnitSerializer(serializers.ModelSerializer):
    """A unit; its querysets annotate ``parent_pk`` (api.views.with_parent)."""

    parent = serializers.IntegerField(source="parent_pk", allow_null=True, read_only=True)

    class Meta:
        model = Unit
        fields = (
            "id",
            "edition",
            "code",
            "kind",
            "unit_type",
            "name",
            "short_name",
            "official",
            "valid_from",
            "valid_until",
            "parent",
            "successor",
            "depth",
        )


class UnitDetailSerializer(UnitSerializer):
    successors = serializers.SerializerMethodField()
    predecessors = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = (*UnitSerializer.Meta.fields, "successors", "predecessors")

    @extend_schema_field(SuccessionSerializer(many=True))
    def get_successors(self, unit):
        return SuccessionSerializer(self.context["successions"][0], many=True, context={"side": "new"}).data

    @extend_schema_field(SuccessionSerializer(many=True))
    def get_predecessors(self, unit):
        return SuccessionSerializer(self.context["successions"][1], many=True, context={"side": "old"}).data


# ------------------------------------------------------------------ campaigns, figures, periods


class CampaignSerializer(serializers.ModelSerializer):
    issuing_unit = UnitRefSerializer()
    doc_type = serializers.CharField(source="doc_type.name")
    reference = serializers.CharField()

    class Meta:
        model = Campaign
        fields = (
            "id",
            "issuing_unit",
            "doc_type",
            "reference",
            "year",
            "title",
            "kind",
            "status",
            "issued_on",
            "version",
        )


class CampaignDetailSerializer(CampaignSerializer):
    document = serializers.SerializerMethodField(help_text="The campaign in its JSON form (docs/campaign-json.md).")

    class Meta(CampaignSerializer.Meta):
        fields = (*CampaignSerializer.Meta.fields, "document")

    @extend_schema_field({"type": "object", "additionalProperties": True})
    def get_document(self, campaign) -> dict:
        return self.context["document"]


class FigureSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator_id")
    indicator_sentence = serializers.CharField(source="indicator.sentence")
    section = serializers.IntegerField(source="indicator.section_id")

    class Meta:
        model = Figure
        fields = ("id", "section", "indicator", "indicator_sentence", *Figure.CONTENT_FIELDS)  # as the JSON form


class PeriodSerializer(serializers.ModelSerializer):
    closes_on = serializers.DateField()

    class Meta:
        model = Period
        fields = ("id", "campaign", "kind", "label", "starts_on", "ends_on", "due_on", "grace_days", "closes_on")


# ------------------------------------------------------------------ reports


class ReportValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportValue
        fields = ("figure", "value", "previous", "flag", "grade", "verdict", "note", "missing_reason", "return_reason")


class ReportSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()
    campaign = serializers.IntegerField(source="period.campaign_id")

    class Meta:
        model = Report
        fields = ("id", "campaign", "period", "unit", "status", "version", "submitted_at", "reviewed_at", "updated")


class ReportDetailSerializer(serializers.ModelSerializer):
    """A unit's report for a period, started or not (a report not yet saved is a draft at version 1)."""

    id = serializers.IntegerField(allow_null=True)
    unit = UnitRefSerializer()
    campaign = serializers.IntegerField(source="period.campaign_id")
    values = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(help_text="Whether entry is open for the unit now.")

    class Meta:
        model = Report
        fields = (
            "id",
            "campaign",
            "period",
            "unit",
            "status",
            "version",
            "is_open",
            "results",
            "shortcomings",
            "lessons",
            "proposals",
            "return_reason",
            "submitted_at",
            "reviewed_at",
            "values",
        )

    @extend_schema_field(ReportValueSerializer(many=True))
    def get_values(self, report):
        if not report.pk:
            return []
        return ReportValueSerializer(report.values.order_by("figure_id"), many=True).data


class ValueInputSerializer(StrictSerializer):
    figure = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    value = serializers.DecimalField(**DECIMAL)
    previous = serializers.DecimalField(**DECIMAL)
    flag = serializers.BooleanField(allow_null=True, required=False, default=None)
    grade = serializers.CharField(max_length=40, allow_blank=True, required=False, default="")
    note = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")
    missing_reason = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class NarrativeSerializer(StrictSerializer):
    results = serializers.CharField(allow_blank=True, required=False, max_length=50_000)
    shortcomings = serializers.CharField(allow_blank=True, required=False, max_length=50_000)
    lessons = serializers.CharField(allow_blank=True, required=False, max_length=50_000)
    proposals = serializers.CharField(allow_blank=True, required=False, max_length=50_000)


VERSION = {
    "min_value": 1,
    "max_value": 2**31 - 1,
    "required": False,
    "help_text": "The version the change was built from (409 if stale); or send it as If-Match.",
}


class ReportSaveSerializer(StrictSerializer):
    version = serializers.IntegerField(**VERSION)
    values = ValueInputSerializer(many=True, required=False, max_length=5_000)
    narrative = NarrativeSerializer(required=False)
    submit = serializers.BooleanField(default=False, help_text="Send for review after saving.")


class ReportSubmitSerializer(StrictSerializer):
    version = serializers.IntegerField(**VERSION)


class ReportReturnSerializer(StrictSerializer):
    version = serializers.IntegerField(**VERSION)
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=5_000)
    figure_reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500), required=False, default=dict
    )


class ReportApproveSerializer(StrictSerializer):
    version = serializers.IntegerField(**VERSION)
    verdicts = serializers.DictField(child=serializers.BooleanField(), required=False, default=dict)


# ------------------------------------------------------------------ targets


class TargetRowSerializer(serializers.Serializer):
    """One figure of the campaign with the unit's target: assigned from above, registered by the unit (đăng ký)."""

    figure = serializers.IntegerField(source="figure.pk")
    name = serializers.CharField(source="figure.name")
    form = serializers.CharField(source="figure.form")
    unit_of_measure = serializers.CharField(source="figure.unit_of_measure")
    takes_number = serializers.BooleanField(source="editable", help_text="Whether the unit registers a number.")
    whose = serializers.CharField(
        help_text="Whose the campaign's figure is, as the target page says: the issuing unit's total or every unit's."
    )
    assigned_by = serializers.SerializerMethodField(help_text="Who assigned the target, as the page's column says it.")
    assigned_value = serializers.DecimalField(source="target.assigned_value", **DECIMAL, read_only=True)
    assigned_high = serializers.DecimalField(source="target.assigned_high", **DECIMAL, read_only=True)
    registered_value = serializers.DecimalField(source="target.registered_value", **DECIMAL, read_only=True)
    registered_high = serializers.DecimalField(source="target.registered_high", **DECIMAL, read_only=True)
    note = serializers.CharField(source="target.note", default="", read_only=True)
    version = serializers.IntegerField(
        source="target.version", allow_null=True, default=None, read_only=True, help_text="null: no target yet."
    )

    def get_assigned_by(self, row) -> str:
        return assigned_by_name(self.context["campaign"].issuing_unit)


class TargetInputSerializer(StrictSerializer):
    figure = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    value = serializers.DecimalField(**DECIMAL)
    high = serializers.DecimalField(**DECIMAL)
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, allow_null=True, default=None)
    version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        allow_null=True,
        help_text="The target's version as read (null when the figure had no target); 409 if someone saved since.",
    )


class TargetRegisterSerializer(StrictSerializer):
    targets = TargetInputSerializer(many=True, allow_empty=False, max_length=5_000)


# ------------------------------------------------------------------ roll-up


class CellSerializer(serializers.Serializer):
    figure = serializers.IntegerField(source="figure_id")
    value = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    reported = serializers.IntegerField()
    expected = serializers.IntegerField()
    minimum = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    median = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    maximum = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    achieved = serializers.IntegerField(allow_null=True)
    target = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    status = serializers.CharField()
    percent = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    problem = serializers.CharField()


class RollupSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    period = serializers.IntegerField(source="period_id")
    expected = serializers.IntegerField(help_text="Reporting units counted.")
    cells = serializers.SerializerMethodField()

    @extend_schema_field(CellSerializer(many=True))
    def get_cells(self, rolled):
        return CellSerializer(list(rolled.cells.values()), many=True).data


class RollupWithChildrenSerializer(RollupSerializer):
    children = RollupSerializer(many=True)


# ------------------------------------------------------------------ issued documents


class IssuedDocumentSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()
    subject_type = serializers.CharField(source="content_type.model")
    subject_id = serializers.IntegerField(source="object_id")
    pdf_url = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = (
            "id",
            "code",
            "reference",
            "doc_type",
            "title",
            "issuing_body",
            "issued_on",
            "unit",
            "subject_type",
            "subject_id",
            "version",
            "signer_name",
            "signer_title",
            "signed_at",
            "pdf_url",
            "verification_url",
        )

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, issued) -> str | None:
        if issued.document_id is None:
            return None
        return self._absolute(reverse("api_document_pdf", kwargs={"pk": issued.pk}))

    @extend_schema_field(serializers.URLField())
    def get_verification_url(self, issued) -> str:
        return self._absolute(reverse("verify_code", kwargs={"code": issued.code}))


# ------------------------------------------------------------------ import a document into a draft


class ImportReadSerializer(StrictSerializer):
    unit = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The unit the plan is imported into.")
    document = serializers.FileField(help_text=".docx, .pdf (with a text layer) or .txt, at most 20 MB.")


class ImportDraftSerializer(serializers.Serializer):
    draft = serializers.JSONField(help_text="The campaign's JSON form (docs/campaign-json.md), as read.")
    lines = serializers.ListField(child=serializers.CharField(allow_blank=True), help_text="The document's lines.")
    provenance = serializers.DictField(
        child=serializers.IntegerField(), help_text="Item path → the number (from 1) of the line it was read from."
    )
    uncertain = serializers.ListField(child=serializers.CharField(), help_text="Paths of the items to check.")
    warning = serializers.CharField(allow_blank=True)


class ImportSaveSerializer(StrictSerializer):
    unit = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    draft = serializers.JSONField(help_text="The reviewed draft in the campaign's JSON form.")

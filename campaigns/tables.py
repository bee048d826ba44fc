import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign


class CampaignTable(tables.Table):
    reference = tables.Column(verbose_name=_("Number"), accessor="reference", orderable=False)
    doc_type = tables.Column(verbose_name=_("Type"), accessor="doc_type__name", order_by=("doc_type__position",))
    title = tables.LinkColumn("campaign_detail", args=[tables.A("pk")], verbose_name=_("Title"))
    issuing_unit = tables.Column(verbose_name=_("Issued by"), order_by=("issuing_unit__path",))
    year = tables.Column(verbose_name=_("Year"), localize=False)
    issued_on = tables.DateColumn(verbose_name=_("Date"), format="d/m/Y")
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Campaign
        fields = ("reference", "doc_type", "title", "issuing_unit", "year", "issued_on", "status")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No campaigns.")

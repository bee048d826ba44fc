import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from units.models import Cluster, Unit


class UnitTable(tables.Table):
    name = tables.LinkColumn("unit_detail", args=[tables.A("pk")], verbose_name=_("Name"))
    unit_type = tables.Column(verbose_name=_("Type"))
    code = tables.Column(verbose_name=_("Code"))
    numchild = tables.Column(verbose_name=_("Units below"))

    class Meta:
        model = Unit
        fields = ("name", "unit_type", "code", "numchild")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("code",)
        empty_text = _("No units.")


class UnitSearchTable(UnitTable):
    parent_names = tables.TemplateColumn("{{ record.parent_names }}", verbose_name=_("Under"), orderable=False)

    class Meta(UnitTable.Meta):
        fields = ("name", "unit_type", "code", "parent_names", "edition")
        sequence = ("name", "unit_type", "parent_names", "code", "edition")


class ClusterTable(tables.Table):
    year = tables.Column(verbose_name=_("Year"), localize=False)
    name = tables.LinkColumn("cluster_detail", args=[tables.A("pk")], verbose_name=_("Name"))
    member_count = tables.Column(verbose_name=_("Members"))

    class Meta:
        model = Cluster
        fields = ("year", "kind", "name", "organiser", "member_count")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No clusters.")

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from people.models import Collective, Person


class PersonTable(tables.Table):
    full_name = tables.LinkColumn("person_detail", args=[tables.A("pk")], verbose_name=_("Full name"))
    birth_year = tables.Column(verbose_name=_("Year of birth"), localize=False)
    position = tables.Column(verbose_name=_("Position"))
    unit = tables.Column(verbose_name=_("Unit"), order_by=("unit__path",))
    collective = tables.LinkColumn(
        "collective_detail",
        args=[tables.A("collective_id")],
        verbose_name=_("Collective"),
        order_by=("collective__name",),
    )
    active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = Person
        fields = ("full_name", "birth_year", "position", "unit", "collective", "active")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No people.")


class CollectiveTable(tables.Table):
    name = tables.LinkColumn("collective_detail", args=[tables.A("pk")], verbose_name=_("Name"))
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Unit"), order_by=("unit__path",))
    member_count = tables.Column(verbose_name=_("Members"))
    active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = Collective
        fields = ("name", "kind", "unit", "member_count", "active")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No collectives.")

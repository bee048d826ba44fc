"""Pages of the register of people and collectives and of their record. Thin: every rule is in people.services;
scope through ScopedViewMixin (404 outside), the action "person.edit" at the unit (403 without)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from awards import past
from awards.models import AwardRecord
from people import selectors, services
from people.filtersets import CollectiveFilter, PersonFilter
from people.forms import (
    AwardImportForm,
    AwardRecordForm,
    CollectiveForm,
    DisciplineEndForm,
    DisciplineForm,
    ImportForm,
    InitiativeForm,
    PersonForm,
    RatingForm,
)
from people.models import Collective, DisciplineRecord, Initiative, Person, TaskRating
from people.tables import CollectiveTable, PersonTable
from units.models import Unit
from units.paging import table_paginate
from units.scope import ScopedViewMixin, ServiceFormView, add_service_errors
from units.views import breadcrumbs

PEOPLE = Person.objects.select_related("unit", "collective")
COLLECTIVES = Collective.objects.select_related("unit", "linked_unit")


def _add_units(request, chosen: Unit | None) -> list[Unit]:
    """Where the list's "add" buttons add to: the unit filtered on, else the units the user keeps a register for."""
    user = request.user
    if chosen is not None:
        return [chosen] if user.can("person.edit", chosen) else []
    return user.units_for("person.edit")


# ------------------------------------------------------------------ lists


class PersonListView(ScopedViewMixin, View):
    """/people/: the people of the units the user sees, with search and filters."""

    def get(self, request):
        filterset = PersonFilter(request.GET or None, queryset=self.scoped(PEOPLE), user=request.user)
        table = PersonTable(filterset.qs)
        table_paginate(request, table)
        chosen = filterset.form.cleaned_data.get("unit") if filterset.is_bound and filterset.is_valid() else None
        context = {"table": table, "filter": filterset, "add_units": _add_units(request, chosen), "tab": "people"}
        return render(request, "people/person_list.html", context)


class CollectiveListView(ScopedViewMixin, View):
    """/people/collectives/: the collectives (tập thể, thôn, xã, hộ gia đình) of the units the user sees."""

    def get(self, request):
        collectives = self.scoped(COLLECTIVES).annotate(member_count=Count("members", filter=Q(members__active=True)))
        filterset = CollectiveFilter(request.GET or None, queryset=collectives, user=request.user)
        table = CollectiveTable(filterset.qs)
        table_paginate(request, table)
        chosen = filterset.form.cleaned_data.get("unit") if filterset.is_bound and filterset.is_valid() else None
        context = {"table": table, "filter": filterset, "add_units": _add_units(request, chosen), "tab": "collectives"}
        return render(request, "people/collective_list.html", context)


# ------------------------------------------------------------------ a person and their record


class PersonMixin(ScopedViewMixin):
    def load_scoped(self, pk):
        self.person = self.get_scoped_object(PEOPLE, pk)
        return self.person.unit


class CollectiveMixin(ScopedViewMixin):
    def load_scoped(self, pk):
        self.collective = self.get_scoped_object(COLLECTIVES, pk)
        return self.collective.unit


def _panels(prefix: str, pk: int, panels: tuple[str, ...], bound: dict | None) -> dict:
    """Each panel's form action (``rating_action``…) and whether it opens (``open_rating``: its form was posted)."""
    context = {}
    for panel in panels:
        context[f"{panel}_action"] = reverse(f"{prefix}_{panel}_add", kwargs={"pk": pk})
        context[f"open_{panel}"] = bool(bound) and panel in bound
    return context


def person_page(request, person: Person, bound: dict | None = None, status: int = 200):
    """The person's page; ``bound`` replaces a panel's empty form with the one just posted (with its errors)."""
    may_edit = request.user.can("person.edit", person.unit)
    forms = {}
    if may_edit:
        forms = {
            "rating": RatingForm(),
            "initiative": InitiativeForm(),
            "discipline": DisciplineForm(),
            "award": AwardRecordForm(individual=True),
            **(bound or {}),
        }
    context = {
        "person": person,
        "ratings": person.ratings.all(),
        "initiatives": person.initiatives.select_related("used_by__award_type"),
        "discipline": person.discipline.all(),
        "awards": person.awards.select_related("award_type", "decision"),
        "nominations": person.nominations.select_related("award_type").order_by("-year"),
        "may_edit": may_edit,
        "forms": forms,
        "crumbs": breadcrumbs(request.user, person.unit),
        **_panels("person", person.pk, ("rating", "initiative", "discipline", "award"), bound),
    }
    return render(request, "people/person_detail.html", context, status=status)


def _year_param(request, default: int) -> int:
    low, high = services.year_range()
    try:
        year = int(request.GET.get("year", default))
    except (TypeError, ValueError):
        return default
    return year if low <= year <= high else default


def collective_page(request, collective: Collective, bound: dict | None = None, status: int = 200):
    latest = (
        TaskRating.objects.filter(Q(person__collective=collective) | Q(collective=collective))
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    year = _year_param(request, latest or timezone.localdate().year - 1)
    members = selectors.collective_members(collective=collective, year=year)
    shares = selectors.collective_shares(collective=collective, year=year, members=members)
    may_edit = request.user.can("person.edit", collective.unit)
    forms = {}
    if may_edit:
        forms = {
            "rating": RatingForm(),
            "discipline": DisciplineForm(),
            "award": AwardRecordForm(individual=False),
            **(bound or {}),
        }
    low, high = services.year_range()
    context = {
        "collective": collective,
        "year": year,
        "years": range(high, low - 1, -1),
        "members": members,
        "shares": shares,
        "ratings": collective.ratings.all(),
        "discipline": collective.discipline.all(),
        "awards": collective.awards.select_related("award_type", "decision"),
        "nominations": collective.nominations.select_related("award_type").order_by("-year"),
        "may_edit": may_edit,
        "forms": forms,
        "crumbs": breadcrumbs(request.user, collective.unit),
        **_panels("collective", collective.pk, ("rating", "discipline", "award"), bound),
    }
    return render(request, "people/collective_detail.html", context, status=status)


class PersonDetailView(PersonMixin, View):
    def get(self, request, pk):
        return person_page(request, self.person)


class CollectiveDetailView(CollectiveMixin, View):
    def get(self, request, pk):
        return collective_page(request, self.collective)


class PanelAddView:
    """POST a panel's add form (rating, initiative, discipline, award). Valid: saved, back to the page's panel;
    invalid: the page again with the form and its errors (400), nothing saved. Mixed in after the scope mixin."""

    http_method_names = ["post"]
    panel = ""

    def subject(self):
        raise NotImplementedError

    def form_class(self, data):
        return {
            "rating": RatingForm,
            "initiative": InitiativeForm,
            "discipline": DisciplineForm,
        }[self.panel](data)

    def perform(self, data: dict):
        subject, user = self.subject(), self.request.user
        if self.panel == "rating":
            services.rating_set(subject=subject, user=user, **data)
            return _("The rating for %(year)s was saved.") % {"year": data["year"]}
        if self.panel == "initiative":
            services.initiative_add(person=subject, user=user, **data)
            return _("The initiative %(code)s was added.") % {"code": data["code"].strip().upper()}
        if self.panel == "discipline":
            services.discipline_add(subject=subject, user=user, **data)
            return _("The record was added.")
        services.award_record_add(subject=subject, user=user, **data)
        return _("The award was added to the history.")

    def post(self, request, pk):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.perform(dict(form.cleaned_data))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(f"{self.page_url()}#{self.panel}")
        return self.page({self.panel: form}, status=400)


class PersonPanelAddView(PersonMixin, PanelAddView, View):
    action = "person.edit"

    def subject(self):
        return self.person

    def form_class(self, data):
        if self.panel == "award":
            return AwardRecordForm(data, individual=True)
        return super().form_class(data)

    def page_url(self):
        return reverse("person_detail", kwargs={"pk": self.person.pk})

    def page(self, bound, status):
        return person_page(self.request, self.person, bound, status)


class CollectivePanelAddView(CollectiveMixin, PanelAddView, View):
    action = "person.edit"

    def subject(self):
        return self.collective

    def form_class(self, data):
        if self.panel == "award":
            return AwardRecordForm(data, individual=False)
        return super().form_class(data)

    def page_url(self):
        return reverse("collective_detail", kwargs={"pk": self.collective.pk})

    def page(self, bound, status):
        return collective_page(self.request, self.collective, bound, status)


# ------------------------------------------------------------------ add, edit, delete


class UnitFormMixin:
    """A form acting at the unit the URL names (adding to its register)."""

    def load_scoped(self, unit_pk):
        self.unit = self.get_scoped_object(Unit, unit_pk)
        return self.unit

    def get_context(self):
        return {
            "unit": self.unit,
            "title": self.title,
            "cancel_url": f"{reverse(self.cancel_name)}?unit={self.unit.pk}",
            "crumbs": breadcrumbs(self.request.user, self.unit),
        }


class PersonAddView(UnitFormMixin, ServiceFormView):
    action = "person.edit"
    template_name = "people/form.html"
    cancel_name = "person_list"

    @property
    def title(self):
        return _("Add a person to %(unit)s") % {"unit": self.unit.name}

    def get_form(self, data=None):
        return PersonForm(data, user=self.request.user, unit=self.unit)

    def perform(self, form):
        person = services.person_create(unit=self.unit, user=self.request.user, **form.cleaned_data)
        return _("%(name)s was added.") % {"name": person.full_name}, reverse("person_detail", args=[person.pk])


class CollectiveAddView(UnitFormMixin, ServiceFormView):
    action = "person.edit"
    template_name = "people/form.html"
    cancel_name = "collective_list"

    @property
    def title(self):
        return _("Add a collective to %(unit)s") % {"unit": self.unit.name}

    def get_form(self, data=None):
        return CollectiveForm(data, user=self.request.user, unit=self.unit)

    def perform(self, form):
        collective = services.collective_create(unit=self.unit, user=self.request.user, **form.cleaned_data)
        url = reverse("collective_detail", args=[collective.pk])
        return _("%(name)s was added.") % {"name": collective.name}, url


class PersonImportView(UnitFormMixin, ServiceFormView):
    action = "person.edit"
    template_name = "people/form.html"
    cancel_name = "person_list"
    error_field = "file"

    @property
    def title(self):
        return _("Import people into %(unit)s from Excel") % {"unit": self.unit.name}

    def get_form(self, data=None):
        return ImportForm(data, getattr(self, "files", None))

    def perform(self, form):
        people = services.people_import(unit=self.unit, file=form.cleaned_data["file"], user=self.request.user)
        message = _("%(count)s people were added to %(unit)s.") % {"count": len(people), "unit": self.unit.name}
        return message, f"{reverse('person_list')}?unit={self.unit.pk}"

    def get_context(self):
        return {**super().get_context(), "upload": True, "columns": services.IMPORT_COLUMNS}


class AwardImportView(UnitFormMixin, ServiceFormView):
    """/people/unit/<pk>/awards/import/: past decisions from an Excel sheet into the award history of the unit's
    people and collectives (awards.past.history_import), all rows or none."""

    action = "person.edit"
    template_name = "people/form.html"
    cancel_name = "person_list"
    error_field = "file"

    @property
    def title(self):
        return _("Import past awards into %(unit)s from Excel") % {"unit": self.unit.name}

    def get_form(self, data=None):
        return AwardImportForm(data, getattr(self, "files", None))

    def perform(self, form):
        records = past.history_import(unit=self.unit, file=form.cleaned_data["file"], user=self.request.user)
        message = _("%(count)s awards were added to the history of %(unit)s.") % {
            "count": len(records),
            "unit": self.unit.name,
        }
        return message, f"{reverse('person_list')}?unit={self.unit.pk}"

    def get_context(self):
        return {
            **super().get_context(),
            "upload": True,
            "columns": past.COLUMNS,
            "template_url": reverse("award_import_template"),
        }


class AwardImportTemplateView(ScopedViewMixin, View):
    """/people/awards/template.xlsx: the empty sheet of the award history import, with the catalogue's titles."""

    def get(self, request):
        response = HttpResponse(
            past.template_workbook(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="lich-su-khen-thuong.xlsx"'
        return response


class PersonEditView(PersonMixin, ServiceFormView):
    action = "person.edit"
    template_name = "people/form.html"

    def get_form(self, data=None):
        return PersonForm(data, user=self.request.user, unit=self.person.unit, instance=self.person)

    def perform(self, form):
        person = services.person_update(person=self.person, user=self.request.user, **form.cleaned_data)
        return _("%(name)s was saved.") % {"name": person.full_name}, reverse("person_detail", args=[person.pk])

    def get_context(self):
        return {
            "title": _("Edit %(name)s") % {"name": self.person.full_name},
            "cancel_url": reverse("person_detail", args=[self.person.pk]),
            "crumbs": breadcrumbs(self.request.user, self.person.unit),
            "delete_url": reverse("person_delete", args=[self.person.pk]),
        }


class CollectiveEditView(CollectiveMixin, ServiceFormView):
    action = "person.edit"
    template_name = "people/form.html"

    def get_form(self, data=None):
        return CollectiveForm(data, user=self.request.user, unit=self.collective.unit, instance=self.collective)

    def perform(self, form):
        collective = services.collective_update(collective=self.collective, user=self.request.user, **form.cleaned_data)
        url = reverse("collective_detail", args=[collective.pk])
        return _("%(name)s was saved.") % {"name": collective.name}, url

    def get_context(self):
        return {
            "title": _("Edit %(name)s") % {"name": self.collective.name},
            "cancel_url": reverse("collective_detail", args=[self.collective.pk]),
            "crumbs": breadcrumbs(self.request.user, self.collective.unit),
            "delete_url": reverse("collective_delete", args=[self.collective.pk]),
        }


class PersonDeleteView(PersonMixin, View):
    """POST: delete a person entered by mistake; one with nominations or awards is kept, with a message."""

    http_method_names = ["post"]
    action = "person.edit"

    def post(self, request, pk):
        try:
            services.person_delete(person=self.person, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("person_detail", pk=pk)
        messages.success(request, _("%(name)s was deleted.") % {"name": self.person.full_name})
        return redirect(f"{reverse('person_list')}?unit={self.person.unit_id}")


class CollectiveDeleteView(CollectiveMixin, View):
    http_method_names = ["post"]
    action = "person.edit"

    def post(self, request, pk):
        try:
            services.collective_delete(collective=self.collective, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("collective_detail", pk=pk)
        messages.success(request, _("%(name)s was deleted.") % {"name": self.collective.name})
        return redirect(f"{reverse('collective_list')}?unit={self.collective.unit_id}")


# ------------------------------------------------------------------ single records


RECORDS = {
    "rating": TaskRating.objects.select_related("person__unit", "collective__unit"),
    "initiative": Initiative.objects.select_related("person__unit", "used_by__award_type"),
    "discipline": DisciplineRecord.objects.select_related("person__unit", "collective__unit"),
    "award": AwardRecord.objects.select_related("person__unit", "collective__unit", "award_type", "decision"),
}


def _subject_url(record) -> str:
    if record.person_id:
        return reverse("person_detail", args=[record.person_id])
    return reverse("collective_detail", args=[record.collective_id])


class RecordMixin(ScopedViewMixin):
    http_method_names = ["post"]
    action = "person.edit"
    kinds = tuple(RECORDS)

    def load_scoped(self, pk, kind="discipline"):
        if kind not in self.kinds:
            raise Http404
        self.record = self.get_scoped_object(RECORDS[kind], pk)
        return (self.record.person or getattr(self.record, "collective", None)).unit


class DisciplineEndView(RecordMixin, View):
    """POST ended_on: close a pending complaint or review (or end a measure)."""

    kinds = ("discipline",)

    def post(self, request, pk):
        form = DisciplineEndForm(request.POST)
        url = f"{_subject_url(self.record)}#discipline"
        if not form.is_valid():
            messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
            return redirect(url)
        try:
            services.discipline_end(record=self.record, ended_on=form.cleaned_data["ended_on"], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The end date was saved."))
        return redirect(url)


class RecordDeleteView(RecordMixin, View):
    """POST: delete a rating, initiative, discipline record or hand-entered award entered by mistake."""

    def post(self, request, kind, pk):
        url = f"{_subject_url(self.record)}#{kind}"
        try:
            services.record_delete(record=self.record, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The record was deleted."))
        return redirect(url)

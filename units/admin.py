from django.contrib import admin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from units.forms_reorganise import ReorganiseForm
from units.models import Cluster, ClusterMember, Unit, UnitSuccession
from units.reorganise import reorganise
from units.text import search_key

PREVIEW_SALT = "units.reorganise.preview"


PREVIEW_FIELDS = ("kind", "edition", "sources", "targets", "main", "parts", "on", "reason")
PREVIEW_MAX_AGE = 3600  # seconds a preview may be applied after it was shown


def _previewed_values(data: dict) -> list[str]:
    return [str(data.get(name, "")) for name in PREVIEW_FIELDS]


def _preview_token(data: dict) -> str:
    """Signs what was previewed: the page applies only a reorganisation its user has just seen."""
    return signing.dumps(_previewed_values(data), salt=PREVIEW_SALT)


def _was_previewed(token: str, data: dict) -> bool:
    """The token signs these very values, within the hour. (The signature holds its time, so two tokens of the same
    values differ from one second to the next: they are compared by what they sign, not as strings.)"""
    try:
        return signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE) == _previewed_values(data)
    except signing.BadSignature:  # SignatureExpired included
        return False


class UnitSuccessionInline(admin.TabularInline):
    """The unit's successors (units/data/successors-2025.tsv, or added here for a later reorganisation)."""

    model = UnitSuccession
    fk_name = "old"
    extra = 0
    raw_id_fields = ("new",)
    fields = ("new", "is_main", "note")


@admin.register(Unit)
class UnitAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Unit, exclude=("search_name",))
    list_display = ("name", "unit_type", "code", "edition", "official")
    list_filter = ("edition", "kind", "official")
    search_fields = ("name", "code", "search_name")
    raw_id_fields = ("successor",)
    inlines = (UnitSuccessionInline,)
    actions = ("reorganise_selected",)

    def get_urls(self):
        own = [
            path(
                "reorganise/",
                self.admin_site.admin_view(self.reorganise_view),
                name="units_unit_reorganise",
            )
        ]
        return own + super().get_urls()

    @admin.action(description=gettext_lazy("Merge or split the selected units…"))
    def reorganise_selected(self, request, queryset):
        units = list(queryset.order_by("code"))
        query = {"sources": ", ".join(unit.code for unit in units)}
        if units:
            query["edition"] = units[0].edition
        return HttpResponseRedirect(f"{reverse('admin:units_unit_reorganise')}?{urlencode(query)}")

    def reorganise_view(self, request):
        """Merge or split units (units/reorganise.py): a preview first, then the change, in one transaction."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        plan, done = None, False
        if request.method == "POST":
            form = ReorganiseForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                wants_apply = request.POST.get("action") == "apply"
                previewed = request.POST.get("previewed", "")
                if wants_apply and not _was_previewed(previewed, request.POST):
                    wants_apply = False  # the data changed since the preview: show the new one first
                try:
                    plan = reorganise(
                        kind=data["kind"],
                        sources=data["sources"],
                        targets=data["targets"],
                        main=data["main"],
                        parts=data["parts"],
                        on=data["on"],
                        reason=data["reason"],
                        edition=data["edition"],
                        apply=wants_apply,
                        user=request.user,
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    done = plan.applied
        else:
            form = ReorganiseForm(
                initial={key: request.GET[key] for key in ("sources", "edition") if key in request.GET}
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge or split units"),
            "form": form,
            "plan_lines": plan.lines() if plan is not None else [],
            "done": done,
            "can_apply": plan is not None and not done and plan.changes > 0,
            "previewed": _preview_token(request.POST) if plan is not None and not done else "",
        }
        return TemplateResponse(request, "admin/units/unit/reorganise.html", context)

    def get_search_results(self, request, queryset, search_term):
        # Diacritic-free search as in the app: "cao lau" finds "Xã Cao Lâu".
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        return queryset | self.model.objects.filter(search_name__contains=search_key(search_term)), duplicates


class ClusterMemberInline(admin.TabularInline):
    model = ClusterMember
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "kind", "organiser")
    list_filter = ("year", "kind")
    search_fields = ("name",)
    autocomplete_fields = ("organiser",)
    inlines = (ClusterMemberInline,)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("old", "new", "is_main", "note")
    list_filter = ("is_main", "old__kind")
    search_fields = ("old__name", "old__code", "new__name", "new__code")
    raw_id_fields = ("old", "new")
    list_select_related = ("old", "new")

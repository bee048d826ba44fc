"""The award catalogue page (every title and form with its rules by date, the base salary, the province settings)
and adding a province setting. Thin: the rules are in awards.rules, awards.money and awards.services_settings."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from awards.eligibility import discipline_words, rating_words
from awards.forms import AwardSettingForm
from awards.models import AwardRule, AwardSetting, AwardType, BaseSalary
from awards.money import base_salary, money_for
from awards.rules import NATIONAL, province_of
from awards.services_settings import may_edit_settings, number, setting_create
from units import vn
from units.models import Unit, UnitKind
from units.scope import ScopedViewMixin, ServiceFormView


def confer_words(kind: str) -> str:
    return {
        UnitKind.COMMUNE: _("chairman of the commune People's Committee"),
        UnitKind.DISTRICT: _("chairman of the district People's Committee"),
        UnitKind.PROVINCE: _("chairman of the province People's Committee"),
        NATIONAL: _("the Prime Minister, on the province's proposal"),
    }.get(kind, kind)


def criteria_words(rule: AwardRule) -> list[str]:
    """The checks the rule makes, in words."""
    words = []
    if rule.min_rating:
        template = (
            _("task rating: %(rating)s") if rule.min_rating == "excellent" else _("task rating: %(rating)s or better")
        )
        words.append(template % {"rating": rating_words(rule.min_rating)})
    if rule.prerequisite_id and rule.prerequisite_years:
        if rule.prerequisite_years == 1:
            words.append(_("%(title)s in the year judged") % {"title": rule.prerequisite.short_name})
        else:
            words.append(
                _("%(title)s for %(years)s consecutive years, ending with the year judged")
                % {"title": rule.prerequisite.short_name, "years": rule.prerequisite_years}
            )
    if rule.excellent_or_initiative:
        words.append(_("completed tasks excellently, or a recognised initiative not used for another title"))
    if rule.members_all_complete:
        words.append(_("every member completed their tasks"))
    if rule.member_title_id and rule.member_share is not None:
        template = (
            _("members with %(title)s: more than %(share)s%%")
            if rule.member_share_more_than
            else _("members with %(title)s: at least %(share)s%%")
        )
        words.append(template % {"title": rule.member_title.short_name, "share": number(rule.member_share)})
    if rule.member_title_one_id:
        words.append(_("at least one member with %(title)s") % {"title": rule.member_title_one.short_name})
    if rule.no_discipline_from:
        words.append(
            _("nobody disciplined at “%(level)s” or above") % {"level": discipline_words(rule.no_discipline_from)}
        )
    if rule.cluster_leader:
        words.append(_("leading unit of its cluster (accepted by the council)"))
    if not words:
        words.append(_("no criterion is checked from the data: the council judges the dossier"))
    return words


def factor_words(factor) -> str:
    """1 -> '1,0'; 0.3 -> '0,3'; 0.25 -> '0,25' (as the decree writes the multiples)."""
    factor = Decimal(factor).normalize()
    return vn.number(factor if factor.as_tuple().exponent < -1 else factor.quantize(Decimal("0.1")))


def vote_words(threshold) -> str:
    if threshold is None:
        return _("more than half of all council members")
    return _("%(share)s%% of all council members") % {"share": number(threshold)}


class CatalogueView(ScopedViewMixin, View):
    """/awards/catalogue/: open to everyone logged in."""

    def get(self, request):
        user = request.user
        today = timezone.localdate()
        try:
            salary = base_salary(today)
        except ValidationError:
            salary = None
        rules = AwardRule.objects.select_related("prerequisite", "member_title", "member_title_one").order_by(
            "valid_from"
        )
        types = AwardType.objects.prefetch_related(Prefetch("rules", queryset=rules)).order_by("-rank", "name")
        entries = []
        for award_type in types:
            rows = []
            for rule in award_type.rules.all():
                in_force = rule.valid_from <= today and (rule.valid_until is None or rule.valid_until >= today)
                rows.append(
                    {
                        "rule": rule,
                        "in_force": in_force,
                        "confer": [confer_words(rule.confer_kind)]
                        + [confer_words(k.strip()) for k in rule.also_confer_kinds.split(",") if k.strip()],
                        "factor": factor_words(rule.money_factor),
                        "amount": money_for(rule.money_factor, salary) if salary and rule.money_factor else None,
                        "votes": vote_words(rule.vote_threshold),
                        "criteria": criteria_words(rule),
                    }
                )
            entries.append({"type": award_type, "rules": rows})
        context = {
            "entries": entries,
            "today": today,
            "salary": salary,
            "salaries": BaseSalary.objects.order_by("valid_from"),
            "settings": [self.shown(setting) for setting in self.visible_settings()],
            "admin_provinces": self.admin_provinces(),
            "may_add_national": user.is_superuser,
        }
        return render(request, "awards/catalogue.html", context)

    @staticmethod
    def shown(setting):
        setting.shown_value = number(setting.value)
        return setting

    def user_provinces(self) -> list[Unit]:
        provinces = {}
        for membership in self.request.user.memberships_list:
            province = province_of(membership.unit)
            if province is not None:
                provinces[province.pk] = province
        return sorted(provinces.values(), key=lambda unit: unit.name)

    def visible_settings(self):
        """National settings, and those of the provinces the user works in (every one for a superuser)."""
        settings = AwardSetting.objects.select_related("province", "award_type").order_by(
            "province__name", "award_type__rank", "key", "valid_from"
        )
        if self.request.user.is_superuser:
            return settings
        return settings.filter(province__isnull=True) | settings.filter(province__in=self.user_provinces())

    def admin_provinces(self) -> list[Unit]:
        user = self.request.user
        if user.is_superuser:
            return list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("edition", "name"))
        return [province for province in self.user_provinces() if user.can("award.settings", province)]


class SettingCreateView(ServiceFormView):
    """/awards/catalogue/settings/<province>/add/: the province's administrators (and superusers). A province out of
    the user's scope is a 404; in scope without the role, a 403."""

    template_name = "awards/catalogue_setting_form.html"
    action = "award.settings"

    def load_scoped(self, province_pk):
        self.province = get_object_or_404(
            Unit.objects.restrict(self.request.user), pk=province_pk, kind=UnitKind.PROVINCE
        )
        return self.province

    def get_form(self, data=None):
        return AwardSettingForm(data)

    def perform(self, form):
        setting_create(province=self.province, user=self.request.user, **form.cleaned_data)
        return _("The setting was saved; the value in force before it now ends the day before."), (
            reverse("award_catalogue") + "#settings"
        )

    def get_context(self):
        return {"province": self.province}


class NationalSettingCreateView(SettingCreateView):
    """/awards/catalogue/settings/national/add/: a value for every province, by a superuser only (else 403)."""

    action = None

    def load_scoped(self, **kwargs):
        if not may_edit_settings(self.request.user, None):
            raise PermissionDenied
        self.province = None

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.models import AwardRecord, AwardRule, AwardSetting, AwardType, BaseSalary


class AwardRuleInline(admin.StackedInline):
    model = AwardRule
    fk_name = "award_type"
    extra = 0
    autocomplete_fields = ("prerequisite", "member_title", "member_title_one")


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "category", "recipient", "rank")
    list_filter = ("category", "recipient")
    search_fields = ("name", "short_name", "code")
    inlines = (AwardRuleInline,)


@admin.register(AwardRule)
class AwardRuleAdmin(admin.ModelAdmin):
    list_display = ("award_type", "valid_from", "valid_until", "confer_kind", "money_factor", "vote_threshold")
    list_filter = ("confer_kind", "award_type")
    search_fields = ("award_type__name", "legal_basis")
    autocomplete_fields = ("award_type", "prerequisite", "member_title", "member_title_one")


@admin.register(AwardSetting)
class AwardSettingAdmin(admin.ModelAdmin):
    list_display = ("award_type", "key", "value", "province", "valid_from", "valid_until")
    list_filter = ("key", "award_type")
    autocomplete_fields = ("province", "award_type")
    readonly_fields = ("updated_by", "updated")


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ("amount", "valid_from", "legal_basis")


@admin.register(AwardRecord)
class AwardRecordAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "award_type", "year", "award_kind", "decision_reference", "decided_on")
    list_filter = ("award_kind", "award_type", "year")
    search_fields = ("person__full_name", "collective__name", "decision_reference")
    raw_id_fields = ("person", "collective")

from django.contrib import admin

from notices.models import Notice, ReminderSent


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "created", "read_at", "emailed_at")
    list_filter = ("read_at", "created")
    search_fields = ("user__username", "text")
    raw_id_fields = ("user",)
    readonly_fields = ("created", "emailed_at")


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ("period", "unit", "days_before", "sent_at")
    list_filter = ("days_before",)
    raw_id_fields = ("period", "unit")

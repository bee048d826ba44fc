"""A notice to one user (shown in the app, and sent by e-mail when asked), and the record of the due-date reminders
already sent, so that each goes out once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(_("text"), max_length=1000)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set once its e-mail went out: a task run again (a retry, a message delivered twice) does not send it again.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ("-created", "-pk")
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self):
        return self.text


class ReminderSent(models.Model):
    """The reminder sent to a unit ``days_before`` days before the due date of a period: at most one of each."""

    period = models.ForeignKey("reports.Period", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField(_("days before the due date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "days_before"], name="reminder_once_per_unit_period_day")
        ]

    def __str__(self):
        return f"{self.period} — {self.unit} — {self.days_before}"

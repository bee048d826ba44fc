from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from notices.services import reminders_schedule_ensure


class Command(BaseCommand):
    help = "Create the daily 07:00 (Asia/Ho_Chi_Minh) Celery beat entry that sends due-date reminders; idempotent."

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            task, created = reminders_schedule_ensure()
            if created:
                self.stdout.write(_("Created the daily reminder schedule: %(name)s.") % {"name": task.name})
            else:
                self.stdout.write(_("The daily reminder schedule is already there: %(name)s.") % {"name": task.name})

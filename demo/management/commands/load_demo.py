from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from awards.demo import demo_load_awards
from campaigns.demo import demo_date_changes, demo_load_campaigns, demo_load_target_chain
from demo.present import demo_load_present
from documents.demo import demo_load_signing
from reports.demo import demo_load_reports_for_seeds
from scoring.demo import demo_load_scoring_for_seeds
from summaries.demo import demo_load_summary
from units import demo


class Command(BaseCommand):
    help = "Create the demo users and data over the seed units (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            started = timezone.now()
            try:
                users = demo.demo_load_users()
                demo.demo_load_cluster()
                seeds = demo_load_campaigns()
                demo_load_target_chain(user=User.objects.get(username="admin"))
                certificates = demo_load_signing()
                reports = demo_load_reports_for_seeds()
                scoring = demo_load_scoring_for_seeds()
                summary = demo_load_summary()
                awards = demo_load_awards()
                present, present_reports, _sheet, present_decision = demo_load_present()
                demo_date_changes(since=started)  # the changes of an issued document carry its date
            except demo.DemoUnitsMissing as exc:
                code, edition = exc.args
                hint = f"python manage.py load_units --edition {edition}"
                message = _("Unit %(code)s of the %(edition)s edition is missing. Run: %(command)s")
                raise CommandError(message % {"code": code, "edition": edition, "command": hint}) from exc
            self.stdout.write(
                _("Signing: %(count)s demo unit certificates issued by the demo CA (var/demo-ca).")
                % {"count": certificates}
            )
            self.stdout.write(_("Progress reports: %(count)s demo reports created.") % {"count": reports})
            if scoring:
                self.stdout.write(_("Scoring: a demo scoring sheet for the demo cluster."))
            if summary:
                self.stdout.write(_("Summary reports: a draft six-month report of Huyện Cao Lộc."))
            self.stdout.write(
                _("Awards: %(nominations)s nominations created, %(ballots)s council ballots recorded.")
                % {"nominations": awards.nominations, "ballots": awards.ballots}
            )
            if awards.decision is not None:
                self.stdout.write(_("Award decision: %(decision)s.") % {"decision": awards.decision})
            self.stdout.write(
                _("The present: %(campaign)s, %(count)s reports created.")
                % {"campaign": present, "count": present_reports}
            )
            if present_decision is not None:
                self.stdout.write(_("Award decision of the present: %(decision)s.") % {"decision": present_decision})
            created = [name for name, new in seeds if new]
            self.stdout.write(
                _("Seed campaigns: %(created)s created, %(present)s already there.")
                % {"created": len(created), "present": len(seeds) - len(created)}
            )
            self.stdout.write(_("Demo logins (password for all: %(password)s):") % {"password": demo.DEMO_PASSWORD})
            for line in demo.demo_login_lines(users):
                self.stdout.write("  " + line)

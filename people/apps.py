"""The register of people and collectives that can be nominated for awards, with the record the award rules read:
yearly task ratings, recognised initiatives, discipline and pending complaints."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and collectives")

"""The campaigns app: emulation campaigns and their documents. Its models come with the issue that builds it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        # The campaign's kind of document in the document engine.
        from campaigns import printing  # noqa: F401

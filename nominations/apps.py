"""Nominations for awards (đề nghị khen thưởng) with their dossiers and eligibility explained criterion by criterion,
and the emulation council's sessions and ballots (bình xét)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations and council")

    def ready(self):
        # The council minutes' kind of document in the document engine.
        from nominations import printing  # noqa: F401

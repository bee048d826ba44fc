"""The campaign as the document engine prints it (documents.services.RENDERERS["campaign"]); the page itself is
documents.rendering's campaign_print_context, on the frame every document shares (paper_print_context)."""

from django.urls import reverse

from documents import rendering
from documents.services import Renderer, reference_filename, renderer_register


def _html(campaign) -> str:
    return rendering.render_campaign_html(campaign=campaign)  # looked up at each call (tests replace it)


def _filename(campaign) -> str:
    if not campaign.number:
        return f"du-thao-{campaign.pk}.pdf"
    return reference_filename(campaign.reference)


renderer_register(
    "campaign",
    Renderer(
        model="campaigns.Campaign",
        html=_html,
        filename=_filename,
        url=lambda campaign: reverse("campaign_detail", kwargs={"pk": campaign.pk}),
    ),
)

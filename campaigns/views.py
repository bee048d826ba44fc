"""Campaign pages. Thin: scope through ScopedViewMixin, reads through campaigns.selectors."""

from django.shortcuts import render
from django.views import View
from django_tables2 import RequestConfig

from campaigns.filtersets import CampaignFilter
from campaigns.models import Campaign
from campaigns.selectors import campaign_document
from campaigns.tables import CampaignTable
from campaigns.text import paragraphs
from units.scope import ScopedViewMixin
from units.views import PAGE_SIZE, breadcrumbs


class CampaignListView(ScopedViewMixin, View):
    def get(self, request):
        campaigns = self.scoped(Campaign).select_related("issuing_unit", "doc_type")
        filterset = CampaignFilter(request.GET, queryset=campaigns)
        table = CampaignTable(filterset.qs)
        RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        return render(request, "campaigns/campaign_list.html", {"table": table, "filter": filterset})


class CampaignDetailView(ScopedViewMixin, View):
    def get(self, request, pk):
        campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        document = campaign_document(campaign=campaign)
        participants = campaign.participants.order_by("path")
        return render(
            request,
            "campaigns/campaign_detail.html",
            {
                "campaign": campaign,
                "doc": document,
                "participants": participants,
                "preamble": paragraphs(campaign.preamble),
                "closing": paragraphs(campaign.closing),
                "crumbs": breadcrumbs(request.user, campaign.issuing_unit),
                "history": campaign.history.select_related("history_user")[:20],
            },
        )

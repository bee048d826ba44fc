"""Campaign pages. Thin: scope through ScopedViewMixin, reads through campaigns.selectors."""

from django.shortcuts import render
from django.views import View

from campaigns.filtersets import CampaignFilter
from campaigns.models import Campaign, CampaignStatus
from campaigns.selectors import campaign_changes, campaign_document, participants_page
from campaigns.serialization import campaign_export_json
from campaigns.tables import CampaignTable
from campaigns.text import paragraphs
from documents.issuing import issued_for
from reports.rollup import rollup_unit_for
from targets.selectors import registration_links
from units.models import Unit
from units.paging import table_paginate
from units.scope import ScopedViewMixin
from units.views import breadcrumbs


class CampaignListView(ScopedViewMixin, View):
    def get(self, request):
        campaigns = self.scoped(Campaign).select_related("issuing_unit", "doc_type")
        filterset = CampaignFilter(request.GET, queryset=campaigns)
        table = CampaignTable(filterset.qs)
        table_paginate(request, table)
        return render(request, "campaigns/campaign_list.html", {"table": table, "filter": filterset})


class CampaignDetailView(ScopedViewMixin, View):
    def get(self, request, pk):
        campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        document = campaign_document(campaign=campaign)
        in_own_scope = Unit.objects.restrict(request.user).filter(pk=campaign.issuing_unit_id).exists()
        may_edit = in_own_scope and request.user.can("campaign.edit", campaign.issuing_unit)
        is_draft = campaign.status == CampaignStatus.DRAFT
        issued = issued_for(campaign).order_by("-pk").first()
        return render(
            request,
            "campaigns/campaign_detail.html",
            {
                "campaign": campaign,
                "doc": document,
                "participants": _participants(request, campaign),
                "can_assign": in_own_scope,
                "can_edit": may_edit and is_draft,
                "can_create": may_edit,
                "can_issue": in_own_scope and is_draft and request.user.can("document.issue", campaign.issuing_unit),
                "can_revise": may_edit and not is_draft,
                "can_sign_settings": in_own_scope and request.user.can("unit.documents", campaign.issuing_unit),
                "issued": issued,
                "rollup_unit": rollup_unit_for(user=request.user, campaign=campaign),
                "draft_version": None
                if is_draft
                else campaign.later_versions.filter(status=CampaignStatus.DRAFT).first(),
                "preamble": paragraphs(campaign.preamble),
                "closing": paragraphs(campaign.closing),
                "crumbs": breadcrumbs(request.user, campaign.issuing_unit),
                "periods": campaign.periods.all(),
                "registrations": registration_links(user=request.user, campaign=campaign),
                "assign_higher": _assign_higher(request.user, campaign),
            },
        )


def _assign_higher(user, campaign):
    """The higher campaign a reviewer assigns this one's issuing unit its targets on, when it is theirs to assign."""
    higher = campaign.higher_campaign
    if higher is None or not Unit.objects.restrict(user).filter(pk=higher.issuing_unit_id).exists():
        return None
    return higher if user.can("target.assign", higher.issuing_unit) else None


def _participants(request, campaign):
    return participants_page(
        campaign=campaign,
        user=request.user,
        text=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        page=request.GET.get("page", 1),
    )


class CampaignParticipantsView(CampaignDetailView):
    """/campaigns/<pk>/participants/: a page of the participating units, searched and filtered: the list alone for
    htmx, else the whole campaign page at that list (links work without JavaScript)."""

    def get(self, request, pk):
        if not request.headers.get("HX-Request"):
            return super().get(request, pk)
        campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        return render(
            request,
            "campaigns/_participants_rows.html",
            {"campaign": campaign, "participants": _participants(request, campaign)},
        )


class CampaignJSONView(ScopedViewMixin, View):
    """The campaign in its documented JSON form (docs/campaign-json.md), as a download."""

    def get(self, request, pk):
        from django.http import HttpResponse

        campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        response = HttpResponse(campaign_export_json(campaign=campaign), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="phong-trao-{campaign.pk}.json"'
        return response


class CampaignChangesView(ScopedViewMixin, View):
    """Who changed what and when, old → new: a fragment for the campaign page (htmx) or a page of its own."""

    def get(self, request, pk):
        campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        template = "campaigns/_changes.html" if request.headers.get("HX-Request") else "campaigns/changes.html"
        return render(request, template, {"campaign": campaign, "changes": campaign_changes(campaign=campaign)})

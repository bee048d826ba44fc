from django.urls import path

from campaigns import views, views_import
from campaigns import views_edit as edit

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:pk>/participants/", views.CampaignParticipantsView.as_view(), name="campaign_participants"),
    path("<int:pk>/changes/", views.CampaignChangesView.as_view(), name="campaign_changes"),
    path("<int:pk>/export.json", views.CampaignJSONView.as_view(), name="campaign_json"),
    path("new/", edit.CampaignCreateView.as_view(), name="campaign_create"),
    path("import/", views_import.CampaignImportView.as_view(), name="campaign_import"),
    path("import/confirm/", views_import.CampaignImportConfirmView.as_view(), name="campaign_import_confirm"),
    path("<int:pk>/edit/", edit.CampaignEditView.as_view(), name="campaign_edit"),
    path("<int:pk>/contents/", edit.CampaignContentsView.as_view(), name="campaign_contents"),
    path("<int:pk>/contents/sections/add/", edit.SectionAddView.as_view(), name="campaign_section_add"),
    path("<int:pk>/contents/sections/edit/", edit.SectionEditView.as_view(), name="campaign_section_edit"),
    path("<int:pk>/contents/sections/delete/", edit.SectionDeleteView.as_view(), name="campaign_section_delete"),
    path("<int:pk>/contents/sections/move/", edit.SectionMoveView.as_view(), name="campaign_section_move"),
    path("<int:pk>/contents/indicators/add/", edit.IndicatorAddView.as_view(), name="campaign_indicator_add"),
    path("<int:pk>/contents/indicators/edit/", edit.IndicatorEditView.as_view(), name="campaign_indicator_edit"),
    path("<int:pk>/contents/indicators/delete/", edit.IndicatorDeleteView.as_view(), name="campaign_indicator_delete"),
    path("<int:pk>/contents/indicators/move/", edit.IndicatorMoveView.as_view(), name="campaign_indicator_move"),
    path("<int:pk>/contents/figures/add/", edit.FigureAddView.as_view(), name="campaign_figure_add"),
    path("<int:pk>/contents/figures/edit/", edit.FigureEditView.as_view(), name="campaign_figure_edit"),
    path("<int:pk>/contents/figures/delete/", edit.FigureDeleteView.as_view(), name="campaign_figure_delete"),
]

from django.urls import path

from campaigns import views

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
]

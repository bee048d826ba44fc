from django.urls import path

from documents import views

urlpatterns = [
    path("campaign/<int:pk>/pdf/", views.CampaignPdfView.as_view(), name="campaign_pdf"),
    path("jobs/<uuid:job_id>/", views.JobView.as_view(), name="document_job"),
    path("jobs/<uuid:job_id>/retry/", views.JobRetryView.as_view(), name="document_job_retry"),
    path("jobs/<uuid:job_id>/download/", views.JobDownloadView.as_view(), name="document_download"),
]

"""Evidence files; mounted under /reports/ (config/urls.py: ``path("reports/", include("reports.urls_evidence"))``)."""

from django.urls import path

from reports import views_evidence as views

urlpatterns = [
    path("report/<int:pk>/evidence/", views.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"),
]

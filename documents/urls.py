from django.urls import path

from documents import views, views_issue

urlpatterns = [
    path("campaign/<int:pk>/pdf/", views.CampaignPdfView.as_view(), name="campaign_pdf"),
    path("campaign/<int:pk>/docx/", views_issue.CampaignDocxView.as_view(), name="campaign_docx"),
    path("campaign/<int:pk>/issue/", views_issue.CampaignIssueView.as_view(), name="campaign_issue"),
    path("campaign/<int:pk>/revise/", views_issue.CampaignReviseView.as_view(), name="campaign_revise"),
    path("jobs/<uuid:job_id>/", views.JobView.as_view(), name="document_job"),
    path("jobs/<uuid:job_id>/retry/", views.JobRetryView.as_view(), name="document_job_retry"),
    path("jobs/<uuid:job_id>/download/", views.JobDownloadView.as_view(), name="document_download"),
    path("issued/<int:pk>/pdf/", views_issue.IssuedPdfView.as_view(), name="issued_pdf"),
    path("units/<int:unit_pk>/", views_issue.UnitDocumentsView.as_view(), name="unit_documents"),
    path("units/<int:unit_pk>/registers/open/", views_issue.RegisterOpenView.as_view(), name="register_open"),
    path("units/<int:unit_pk>/header/", views_issue.HeaderParentView.as_view(), name="unit_header"),
    path("units/<int:unit_pk>/seal/", views_issue.SealUploadView.as_view(), name="unit_seal"),
    path("units/<int:unit_pk>/certificate/", views_issue.CertificateUploadView.as_view(), name="unit_certificate"),
    path("registers/<int:pk>/", views_issue.RegisterDetailView.as_view(), name="register_detail"),
    path("signature/", views_issue.SignatureView.as_view(), name="my_signature"),
]

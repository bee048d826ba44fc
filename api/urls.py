"""/api/v1/: the schema, its documentation page, and the routes (api.views). Flat on purpose: every name is in the
permission matrix (tests/test_permissions.py)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views
from api.errors import not_found

REPORT = "periods/<int:period_pk>/reports/<int:unit_pk>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("units/", views.UnitListView.as_view(), name="api_unit_list"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="api_unit_detail"),
    path("campaigns/", views.CampaignListView.as_view(), name="api_campaign_list"),
    path("campaigns/import/read/", views.CampaignImportReadView.as_view(), name="api_campaign_import_read"),
    path("campaigns/import/", views.CampaignImportSaveView.as_view(), name="api_campaign_import"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="api_campaign_detail"),
    path("campaigns/<int:pk>/figures/", views.CampaignFiguresView.as_view(), name="api_campaign_figures"),
    path("campaigns/<int:pk>/targets/<int:unit_pk>/", views.TargetListView.as_view(), name="api_target_list"),
    path(
        "campaigns/<int:pk>/targets/<int:unit_pk>/register/",
        views.TargetRegisterView.as_view(),
        name="api_target_register",
    ),
    path("periods/", views.PeriodListView.as_view(), name="api_period_list"),
    path("periods/<int:pk>/", views.PeriodDetailView.as_view(), name="api_period_detail"),
    path("reports/", views.ReportListView.as_view(), name="api_report_list"),
    path(REPORT, views.ReportDetailView.as_view(), name="api_report_detail"),
    path(f"{REPORT}save/", views.ReportSaveView.as_view(), name="api_report_save"),
    path(f"{REPORT}submit/", views.ReportSubmitView.as_view(), name="api_report_submit"),
    path(f"{REPORT}return/", views.ReportReturnView.as_view(), name="api_report_return"),
    path(f"{REPORT}approve/", views.ReportApproveView.as_view(), name="api_report_approve"),
    path("periods/<int:period_pk>/rollup/<int:unit_pk>/", views.RollupView.as_view(), name="api_rollup"),
    path("documents/", views.IssuedDocumentListView.as_view(), name="api_document_list"),
    path("documents/<int:pk>/", views.IssuedDocumentDetailView.as_view(), name="api_document_detail"),
    path("documents/<int:pk>/pdf/", views.IssuedDocumentPdfView.as_view(), name="api_document_pdf"),
    re_path(r"^.*$", not_found, name="api_not_found"),
]

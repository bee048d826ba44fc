from django.urls import path

from awards import views_catalogue

urlpatterns = [
    path("catalogue/", views_catalogue.CatalogueView.as_view(), name="award_catalogue"),
    path(
        "catalogue/settings/<int:province_pk>/add/",
        views_catalogue.SettingCreateView.as_view(),
        name="award_setting_add",
    ),
    path(
        "catalogue/settings/national/add/",
        views_catalogue.NationalSettingCreateView.as_view(),
        name="award_setting_add_national",
    ),
]

# Award decisions and certificates (awards.views_decisions).
from awards import views_decisions  # noqa: E402

urlpatterns += [
    path("decisions/", views_decisions.DecisionListView.as_view(), name="decision_list"),
    path(
        "sessions/<int:session_pk>/decision/",
        views_decisions.SessionDecisionDraftView.as_view(),
        name="decision_draft",
    ),
    path("decisions/<int:pk>/", views_decisions.DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/preview/", views_decisions.DecisionPreviewView.as_view(), name="decision_preview"),
    path("decisions/<int:pk>/edit/", views_decisions.DecisionEditView.as_view(), name="decision_edit"),
    path(
        "decisions/<int:pk>/entries/<int:entry_pk>/remove/",
        views_decisions.DecisionEntryRemoveView.as_view(),
        name="decision_entry_remove",
    ),
    path("decisions/<int:pk>/pdf/", views_decisions.DecisionPdfView.as_view(), name="decision_pdf"),
    path("decisions/<int:pk>/issue/", views_decisions.DecisionIssueView.as_view(), name="decision_issue"),
    path(
        "decisions/<int:pk>/certificates/",
        views_decisions.DecisionCertificatesView.as_view(),
        name="decision_certificates",
    ),
    path(
        "clusters/sheets/<int:sheet_pk>/nominate/",
        views_decisions.ClusterNominateView.as_view(),
        name="cluster_nominate",
    ),
]

from django.urls import path

from scoring import views, views_papers
from scoring.models import ScoringMinutes, SelfScoringReport

REPORT = views_papers.paper_views(SelfScoringReport)
MINUTES = views_papers.paper_views(ScoringMinutes)

urlpatterns = [
    path("", views.HomeView.as_view(), name="scoring_home"),
    path("clusters/<int:cluster_pk>/", views.ClusterSheetsView.as_view(), name="scoring_cluster"),
    path("clusters/<int:cluster_pk>/new/", views.SheetCreateView.as_view(), name="scoring_sheet_create"),
    path("units/<int:unit_pk>/new/", views.OwnSheetCreateView.as_view(), name="scoring_own_sheet_create"),
    path("sheets/<int:pk>/", views.SheetDetailView.as_view(), name="scoring_sheet"),
    path("sheets/<int:pk>/edit/", views.SheetEditView.as_view(), name="scoring_sheet_edit"),
    path("sheets/<int:pk>/criteria/", views.CriteriaView.as_view(), name="scoring_criteria"),
    path("sheets/<int:pk>/criteria/import/", views.CriteriaImportView.as_view(), name="scoring_criteria_import"),
    path("sheets/<int:pk>/criteria/add/", views.CriterionFormView.as_view(), name="scoring_criterion_add"),
    path(
        "sheets/<int:pk>/criteria/<int:criterion_pk>/",
        views.CriterionFormView.as_view(),
        name="scoring_criterion_edit",
    ),
    path(
        "sheets/<int:pk>/criteria/<int:criterion_pk>/delete/",
        views.CriterionDeleteView.as_view(),
        name="scoring_criterion_delete",
    ),
    path(
        "sheets/<int:pk>/stages/<slug:stage>/<slug:action>/",
        views.StageActionView.as_view(),
        name="scoring_stage_action",
    ),
    path("sheets/<int:pk>/stages/<slug:stage>/", views.StageGridView.as_view(), name="scoring_stage"),
    path(
        "sheets/<int:pk>/stages/<slug:stage>/units/<int:unit_pk>/",
        views.EntryView.as_view(),
        name="scoring_entry",
    ),
    path("sheets/<int:pk>/ranking/", views.RankingView.as_view(), name="scoring_ranking"),
    path("sheets/<int:pk>/proposal/", views.ProposalView.as_view(), name="scoring_proposal"),
    path("sheets/<int:pk>/decision/", views.DecisionView.as_view(), name="scoring_decision"),
    path("sheets/<int:pk>/excel/", views.ExcelView.as_view(), name="scoring_excel"),
    path("evidence/<int:pk>/", views.EvidenceView.as_view(), name="scoring_evidence"),
    # the printed papers: a member's self-scoring report, the cluster's minutes with the score table
    path("sheets/<int:pk>/papers/", views_papers.SheetPapersView.as_view(), name="scoring_papers"),
    path(
        "sheets/<int:pk>/papers/report/<int:unit_pk>/",
        views_papers.SelfReportDraftView.as_view(),
        name="scoring_report_draft",
    ),
    path("sheets/<int:pk>/papers/minutes/", views_papers.MinutesDraftView.as_view(), name="scoring_minutes_draft"),
    path("reports/<int:pk>/", REPORT["detail"], name="selfscoringreport_detail"),
    path("reports/<int:pk>/preview/", REPORT["preview"], name="scoring_report_preview"),
    path("reports/<int:pk>/edit/", REPORT["edit"], name="scoring_report_edit"),
    path("reports/<int:pk>/pdf/", REPORT["pdf"], name="scoring_report_pdf"),
    path("reports/<int:pk>/issue/", REPORT["issue"], name="scoring_report_issue"),
    path("minutes/<int:pk>/", MINUTES["detail"], name="scoringminutes_detail"),
    path("minutes/<int:pk>/preview/", MINUTES["preview"], name="scoring_minutes_preview"),
    path("minutes/<int:pk>/edit/", MINUTES["edit"], name="scoring_minutes_edit"),
    path("minutes/<int:pk>/pdf/", MINUTES["pdf"], name="scoring_minutes_pdf"),
    path("minutes/<int:pk>/issue/", MINUTES["issue"], name="scoring_minutes_issue"),
]

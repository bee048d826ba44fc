from django.urls import path

from summaries import views

urlpatterns = [
    path("", views.SummaryListView.as_view(), name="summary_list"),
    path("period/<int:period_pk>/", views.PeriodSummariesView.as_view(), name="summary_period"),
    path("<int:pk>/", views.SummaryDetailView.as_view(), name="summaryreport_detail"),
    path("<int:pk>/preview/", views.SummaryPreviewView.as_view(), name="summary_preview"),
    path("<int:pk>/edit/", views.SummaryEditView.as_view(), name="summary_edit"),
    path("<int:pk>/pdf/", views.SummaryPdfView.as_view(), name="summary_pdf"),
    path("<int:pk>/docx/", views.SummaryDocxView.as_view(), name="summary_docx"),
    path("<int:pk>/issue/", views.SummaryIssueView.as_view(), name="summary_issue"),
    path("<int:pk>/revise/", views.SummaryReviseView.as_view(), name="summary_revise"),
]

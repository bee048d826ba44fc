from django.urls import path

from reports import views

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("campaign/<int:pk>/periods/", views.PeriodListView.as_view(), name="report_periods"),
    path("period/<int:period_pk>/unit/<int:unit_pk>/", views.ReportView.as_view(), name="report_detail"),
]

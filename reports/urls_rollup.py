from django.urls import path

from reports import views_rollup

urlpatterns = [
    path("period/<int:period_pk>/rollup/<int:unit_pk>/", views_rollup.RollupView.as_view(), name="report_rollup"),
    path(
        "period/<int:period_pk>/rollup/<int:unit_pk>/progress/",
        views_rollup.RollupProgressView.as_view(),
        name="report_rollup_progress",
    ),
]

from django.contrib import admin
from django.urls import include, path

from documents.views_verify import VerifyStartView, VerifyView

urlpatterns = [
    path("", include("units.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("campaigns/", include("targets.urls")),
    path("documents/", include("documents.urls")),
    path("reports/", include("reports.urls")),
    path("reports/", include("reports.urls_rollup")),
    path("reports/", include("reports.urls_evidence")),
    path("scoring/", include("scoring.urls")),
    path("notices/", include("notices.urls")),
    path("summaries/", include("summaries.urls")),
    path("people/", include("people.urls")),
    path("nominations/", include("nominations.urls")),
    path("awards/", include("awards.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("api.urls")),
    path("tra-cuu/", VerifyStartView.as_view(), name="verify_start"),
    path("tra-cuu/<str:code>/", VerifyView.as_view(), name="verify_code"),
    path("admin/", admin.site.urls),
]

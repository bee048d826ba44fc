from django.urls import path

from targets import views

urlpatterns = [
    path("<int:pk>/targets/<int:unit_pk>/", views.TargetGridView.as_view(), name="target_grid"),
    path("<int:pk>/targets/<int:unit_pk>/excel/", views.TargetSheetView.as_view(), name="target_sheet"),
    path("<int:pk>/assign/", views.AssignmentGridView.as_view(), name="assignment_grid"),
    path("<int:pk>/assign/excel/", views.AssignmentSheetView.as_view(), name="assignment_sheet"),
    path(
        "<int:pk>/assign/excel/<uuid:export_id>/",
        views.AssignmentSheetExportView.as_view(),
        name="assignment_sheet_export",
    ),
    path("<int:pk>/adopt/<int:unit_pk>/", views.AdoptView.as_view(), name="campaign_adopt"),
]

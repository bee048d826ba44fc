from django.urls import path

from people import views

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("collectives/", views.CollectiveListView.as_view(), name="collective_list"),
    path("unit/<int:unit_pk>/add/", views.PersonAddView.as_view(), name="person_add"),
    path("unit/<int:unit_pk>/import/", views.PersonImportView.as_view(), name="person_import"),
    path("unit/<int:unit_pk>/awards/import/", views.AwardImportView.as_view(), name="award_import"),
    path("awards/template.xlsx", views.AwardImportTemplateView.as_view(), name="award_import_template"),
    path("unit/<int:unit_pk>/collectives/add/", views.CollectiveAddView.as_view(), name="collective_add"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("<int:pk>/ratings/", views.PersonPanelAddView.as_view(panel="rating"), name="person_rating_add"),
    path("<int:pk>/initiatives/", views.PersonPanelAddView.as_view(panel="initiative"), name="person_initiative_add"),
    path("<int:pk>/discipline/", views.PersonPanelAddView.as_view(panel="discipline"), name="person_discipline_add"),
    path("<int:pk>/awards/", views.PersonPanelAddView.as_view(panel="award"), name="person_award_add"),
    path("collectives/<int:pk>/", views.CollectiveDetailView.as_view(), name="collective_detail"),
    path("collectives/<int:pk>/edit/", views.CollectiveEditView.as_view(), name="collective_edit"),
    path("collectives/<int:pk>/delete/", views.CollectiveDeleteView.as_view(), name="collective_delete"),
    path(
        "collectives/<int:pk>/ratings/",
        views.CollectivePanelAddView.as_view(panel="rating"),
        name="collective_rating_add",
    ),
    path(
        "collectives/<int:pk>/discipline/",
        views.CollectivePanelAddView.as_view(panel="discipline"),
        name="collective_discipline_add",
    ),
    path(
        "collectives/<int:pk>/awards/",
        views.CollectivePanelAddView.as_view(panel="award"),
        name="collective_award_add",
    ),
    path("discipline/<int:pk>/end/", views.DisciplineEndView.as_view(), name="discipline_end"),
    path("records/<str:kind>/<int:pk>/delete/", views.RecordDeleteView.as_view(), name="record_delete"),
]

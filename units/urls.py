from django.urls import path

from units import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("units/", views.UnitBrowserView.as_view(), name="unit_browser"),
    path("units/search/", views.UnitSearchView.as_view(), name="unit_search"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/add/", views.UnitAddChildView.as_view(), name="unit_add_child"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/<int:unit_pk>/clusters/add/", views.ClusterEditView.as_view(), name="cluster_add"),
    path("clusters/", views.ClusterListView.as_view(), name="cluster_list"),
    path("clusters/<int:pk>/", views.ClusterDetailView.as_view(), name="cluster_detail"),
    path("clusters/<int:pk>/edit/", views.ClusterEditView.as_view(), name="cluster_edit"),
]

from django.urls import path

from notices import views

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="notice_list"),
    path("bell/", views.BellView.as_view(), name="notice_bell"),
    path("read/", views.NoticeReadAllView.as_view(), name="notice_read_all"),
    path("<int:pk>/", views.NoticeOpenView.as_view(), name="notice_open"),
]

"""Nominations, their dossiers and the emulation council; mounted under /nominations/ (config/urls.py)."""

from django.urls import path

from nominations import views

urlpatterns = [
    path("", views.IndexView.as_view(), name="nomination_index"),
    path("unit/<int:unit_pk>/", views.NominationListView.as_view(), name="nomination_list"),
    path("unit/<int:unit_pk>/new/", views.NominationCreateView.as_view(), name="nomination_create"),
    path("<int:pk>/", views.NominationDetailView.as_view(), name="nomination_detail"),
    path("<int:pk>/edit/", views.NominationEditView.as_view(), name="nomination_edit"),
    path("<int:pk>/check/", views.NominationCheckView.as_view(), name="nomination_check"),
    path("<int:pk>/draft/", views.NominationDraftView.as_view(), name="nomination_draft"),
    path("<int:pk>/submit/", views.NominationSubmitView.as_view(), name="nomination_submit"),
    path("<int:pk>/withdraw/", views.NominationWithdrawView.as_view(), name="nomination_withdraw"),
    path("<int:pk>/files/", views.DossierUploadView.as_view(), name="dossier_upload"),
    path("files/<int:pk>/", views.DossierDownloadView.as_view(), name="dossier_download"),
    path("files/<int:pk>/delete/", views.DossierDeleteView.as_view(), name="dossier_delete"),
    path("council/<int:unit_pk>/", views.CouncilView.as_view(), name="council_home"),
    path("council/<int:unit_pk>/sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", views.SessionEditView.as_view(), name="session_edit"),
    path("sessions/<int:pk>/members/", views.MemberAddView.as_view(), name="member_add"),
    path("members/<int:pk>/", views.MemberUpdateView.as_view(), name="member_update"),
    path("members/<int:pk>/delete/", views.MemberDeleteView.as_view(), name="member_delete"),
    path("sessions/<int:pk>/ballots/<int:nomination_pk>/", views.BallotView.as_view(), name="ballot_record"),
    path("sessions/<int:pk>/close/", views.SessionCloseView.as_view(), name="session_close"),
    path("sessions/<int:pk>/minutes/", views.MinutesPdfView.as_view(), name="session_minutes_pdf"),
    path("sessions/<int:pk>/minutes/preview/", views.MinutesPreviewView.as_view(), name="session_minutes_preview"),
    path("sessions/<int:pk>/count/", views.CountPdfView.as_view(), name="session_count_pdf"),
    path("sessions/<int:pk>/count/preview/", views.CountPreviewView.as_view(), name="session_count_preview"),
    path("sessions/<int:pk>/ballots/", views.BallotsPdfView.as_view(), name="session_ballots_pdf"),
    path("sessions/<int:pk>/ballots/preview/", views.BallotsPreviewView.as_view(), name="session_ballots_preview"),
    path("sessions/<int:pk>/papers/<str:kind>/issue/", views.PaperIssueView.as_view(), name="session_paper_issue"),
    path("papers/", views.CouncilPaperListView.as_view(), name="council_paper_list"),
    path("papers/<int:pk>/", views.CouncilPaperView.as_view(), name="councilpaper_detail"),
]

from django.urls import path

from waishi.conferences import (
    participant_views,
    public_views,
    registration_views,
    summary_views,
    views,
)

app_name = "conferences"

C = "staff/conferences/<int:pk>/"

urlpatterns = [
    path("staff/conferences/", views.ConferenceListView.as_view(), name="conference.list"),
    path("staff/conferences/new/", views.ConferenceFormView.as_view(), name="conference.create"),
    path("staff/conferences/assess/", views.AssessView.as_view(), name="conference.assess"),
    path("staff/conferences/figures/", views.FiguresView.as_view(), name="figures"),
    path(
        "staff/conferences/figures.xlsx",
        views.FiguresView.as_view(export=True),
        name="figures.export",
    ),
    path("staff/conferences/forecasts/", views.ForecastListView.as_view(), name="forecast.list"),
    path(
        "staff/conferences/forecasts/new/",
        views.ForecastFormView.as_view(),
        name="forecast.create",
    ),
    path(
        "staff/conferences/forecasts/<int:forecast_pk>/edit/",
        views.ForecastFormView.as_view(),
        name="forecast.update",
    ),
    path("conferences/", public_views.PublicConferenceListView.as_view(), name="public.list"),
    path("conferences.ics", public_views.calendar_feed, name="public.calendar"),
    path(
        "conferences/<int:pk>/",
        public_views.PublicConferenceView.as_view(),
        name="public.detail",
    ),
    path(
        "conferences/<int:pk>/register/",
        public_views.RegistrationView.as_view(),
        name="public.register",
    ),
    path(
        "conferences/register/confirm/<str:token>/",
        public_views.registration_confirm,
        name="public.confirm",
    ),
    path(C, views.ConferenceDetailView.as_view(), name="conference.detail"),
    path(C + "edit/", views.ConferenceFormView.as_view(), name="conference.update"),
    path(C + "submit/", views.ConferenceSubmitView.as_view(), name="conference.submit"),
    path(C + "withdraw/", views.ConferenceWithdrawView.as_view(), name="conference.withdraw"),
    path(C + "change/", views.ConferenceChangeView.as_view(), name="conference.change"),
    path(C + "filings/new/", views.FilingAddView.as_view(), name="filing.create"),
    path(C + "filings/<int:filing_pk>/", views.FilingFileView.as_view(), name="filing.file"),
    # The summary, after the conference.
    path(C + "summary/", summary_views.SummaryView.as_view(), name="summary"),
    path(C + "summary/file/", summary_views.SummaryFileView.as_view(), name="summary.file"),
    path(
        C + "summary/proceedings/",
        summary_views.ProceedingsFileView.as_view(),
        name="summary.proceedings",
    ),
    path(
        C + "summary/photos/",
        summary_views.PhotoAddView.as_view(),
        name="summary.photo.create",
    ),
    path(
        C + "summary/photos/<int:photo_pk>/",
        summary_views.PhotoFileView.as_view(),
        name="summary.photo",
    ),
    path(
        C + "summary/photos/<int:photo_pk>/delete/",
        summary_views.PhotoRemoveView.as_view(),
        name="summary.photo.delete",
    ),
]

# Participants, letters, certificates and the programme (participant_views).
urlpatterns += [
    path(
        "staff/conferences/participants/template.xlsx",
        participant_views.ParticipantTemplateView.as_view(),
        name="participant.import_template",
    ),
    path(
        C + "participants/",
        participant_views.ParticipantListView.as_view(),
        name="participant.list",
    ),
    path(
        C + "participants/new/",
        participant_views.ParticipantAddView.as_view(),
        name="participant.create",
    ),
    path(
        C + "participants/export.xlsx",
        participant_views.ParticipantExportView.as_view(),
        name="participant.export",
    ),
    path(
        C + "participants/import/",
        participant_views.ParticipantImportView.as_view(),
        name="participant.import",
    ),
    path(
        C + "participants/import/<str:token>/",
        participant_views.ParticipantImportPreviewView.as_view(),
        name="participant.import_preview",
    ),
    path(
        C + "participants/<int:participant_pk>/edit/",
        participant_views.ParticipantEditView.as_view(),
        name="participant.update",
    ),
    path(
        C + "participants/<int:participant_pk>/remove/",
        participant_views.ParticipantRemoveView.as_view(),
        name="participant.remove",
    ),
    path(
        C + "participants/<int:participant_pk>/letters/",
        participant_views.LetterIssueView.as_view(),
        name="letter.issue",
    ),
    path(
        C + "participants/<int:participant_pk>/letters/<int:letter_pk>.pdf",
        participant_views.LetterFileView.as_view(),
        name="letter.pdf",
    ),
    path(
        C + "participants/<int:participant_pk>/certificate.pdf",
        participant_views.CertificateView.as_view(),
        name="participant.certificate",
    ),
    path(C + "programme/", participant_views.ProgrammeView.as_view(), name="programme"),
    path(
        C + "programme/import/",
        participant_views.ProgrammeImportView.as_view(),
        name="programme.import",
    ),
    path(
        C + "programme/sessions/new/",
        participant_views.SessionAddView.as_view(),
        name="session.create",
    ),
    path(
        C + "programme/sessions/<int:session_pk>/talks/new/",
        participant_views.TalkAddView.as_view(),
        name="talk.create",
    ),
    path(
        C + "programme/sessions/<int:session_pk>/remove/",
        participant_views.SessionDeleteView.as_view(),
        name="session.delete",
    ),
    path(
        C + "programme/sessions/<int:session_pk>/edit/",
        participant_views.SessionUpdateView.as_view(),
        name="session.update",
    ),
    path(
        C + "programme/talks/<int:talk_pk>/edit/",
        participant_views.TalkUpdateView.as_view(),
        name="talk.update",
    ),
    path(
        C + "programme/talks/<int:talk_pk>/remove/",
        participant_views.TalkDeleteView.as_view(),
        name="talk.delete",
    ),
]

# Public registrations: opening them, and the organisers' queue (registration_views).
urlpatterns += [
    path(
        C + "registration/",
        registration_views.RegistrationOpenView.as_view(),
        name="registration.open",
    ),
    path(
        "staff/conferences/registrations/",
        registration_views.RegistrationListView.as_view(),
        name="registration.list",
    ),
    path(
        "staff/conferences/registrations/<int:registration_pk>/accept/",
        registration_views.RegistrationAcceptView.as_view(),
        name="registration.accept",
    ),
    path(
        "staff/conferences/registrations/<int:registration_pk>/reject/",
        registration_views.RegistrationRejectView.as_view(),
        name="registration.reject",
    ),
]

from django.urls import path

from waishi.conferences import views

app_name = "conferences"

C = "staff/conferences/<int:pk>/"

urlpatterns = [
    path("staff/conferences/", views.ConferenceListView.as_view(), name="conference.list"),
    path("staff/conferences/new/", views.ConferenceFormView.as_view(), name="conference.create"),
    path("staff/conferences/assess/", views.AssessView.as_view(), name="conference.assess"),
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
    path(C, views.ConferenceDetailView.as_view(), name="conference.detail"),
    path(C + "edit/", views.ConferenceFormView.as_view(), name="conference.update"),
    path(C + "submit/", views.ConferenceSubmitView.as_view(), name="conference.submit"),
    path(C + "withdraw/", views.ConferenceWithdrawView.as_view(), name="conference.withdraw"),
    path(C + "change/", views.ConferenceChangeView.as_view(), name="conference.change"),
    path(C + "filings/new/", views.FilingAddView.as_view(), name="filing.create"),
    path(C + "filings/<int:filing_pk>/", views.FilingFileView.as_view(), name="filing.file"),
]

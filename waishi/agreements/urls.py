from django.urls import path

from waishi.agreements import views

app_name = "agreements"

# A calendar app cannot log in: the feed is found by the user's secret token.
public_urlpatterns = [
    path(
        "calendar/agreements/<str:token>.ics",
        views.CalendarTokenFeedView.as_view(),
        name="calendar.feed",
    ),
]

staff_urlpatterns = [
    path("staff/agreements/", views.AgreementListView.as_view(), name="agreement.list"),
    path(
        "staff/agreements/export.xlsx",
        views.AgreementExportView.as_view(),
        name="agreement.export",
    ),
    path("staff/agreements/new/", views.AgreementCreateView.as_view(), name="agreement.create"),
    path(
        "staff/agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement.detail"
    ),
    path(
        "staff/agreements/<int:pk>/edit/",
        views.AgreementUpdateView.as_view(),
        name="agreement.update",
    ),
    path(
        "staff/agreements/<int:pk>/terminate/",
        views.AgreementTerminateView.as_view(),
        name="agreement.terminate",
    ),
    path(
        "staff/agreements/<int:pk>/renew/",
        views.AgreementRenewView.as_view(),
        name="agreement.renew",
    ),
    path(
        "staff/agreements/<int:pk>/submit/",
        views.AgreementSubmitView.as_view(),
        name="agreement.submit",
    ),
    path(
        "staff/agreements/<int:pk>/documents/new/",
        views.DocumentUploadView.as_view(),
        name="document.create",
    ),
    path(
        "staff/agreements/<int:pk>/documents/<int:document_pk>/",
        views.DocumentDownloadView.as_view(),
        name="document.download",
    ),
    path("staff/agreements/calendar.ics", views.CalendarView.as_view(), name="calendar"),
    path("staff/agreements/calendar/", views.CalendarTokenView.as_view(), name="calendar.token"),
    path("staff/agreements/import/", views.ImportUploadView.as_view(), name="import.upload"),
    path(
        "staff/agreements/import/template.xlsx",
        views.ImportTemplateView.as_view(),
        name="import.template",
    ),
    path(
        "staff/agreements/import/<str:token>/",
        views.ImportPreviewView.as_view(),
        name="import.preview",
    ),
]

urlpatterns = public_urlpatterns + staff_urlpatterns

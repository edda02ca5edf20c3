from django.urls import path

from waishi.people import views

app_name = "people"

urlpatterns = [
    path("staff/people/", views.PersonListView.as_view(), name="person.list"),
    path("staff/people/export.xlsx", views.PersonExportView.as_view(), name="person.export"),
    path("staff/people/new/", views.PersonCreateView.as_view(), name="person.create"),
    path("staff/people/<int:pk>/", views.PersonDetailView.as_view(), name="person.detail"),
    path("staff/people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person.update"),
    path(
        "staff/people/<int:person_pk>/documents/new/",
        views.DocumentCreateView.as_view(),
        name="document.create",
    ),
    path(
        "staff/people/<int:person_pk>/documents/<int:pk>/edit/",
        views.DocumentUpdateView.as_view(),
        name="document.update",
    ),
    path(
        "staff/people/documents/<int:pk>/scan/",
        views.DocumentScanView.as_view(),
        name="document.scan",
    ),
]

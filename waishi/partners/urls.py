from django.urls import path

from waishi.partners import views

app_name = "partners"

# Public pages (no login): the Global Partners directory and map live in the `public` app.
public_urlpatterns: list = []

# Staff pages under /staff/partners/.
staff_urlpatterns: list = [
    path("staff/partners/", views.InstitutionListView.as_view(), name="institution.list"),
    path(
        "staff/partners/export.xlsx",
        views.InstitutionExportView.as_view(),
        name="institution.export",
    ),
    path("staff/partners/new/", views.InstitutionCreateView.as_view(), name="institution.create"),
    path(
        "staff/partners/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution.detail"
    ),
    path(
        "staff/partners/<int:pk>/edit/",
        views.InstitutionUpdateView.as_view(),
        name="institution.update",
    ),
    path(
        "staff/partners/<int:pk>/end/", views.InstitutionEndView.as_view(), name="institution.end"
    ),
    path(
        "staff/partners/<int:pk>/merge/",
        views.InstitutionMergeView.as_view(),
        name="institution.merge",
    ),
    path(
        "staff/partners/<int:pk>/contacts/new/",
        views.ContactEditView.as_view(),
        name="contact.create",
    ),
    path(
        "staff/partners/<int:pk>/contacts/<int:contact_pk>/edit/",
        views.ContactEditView.as_view(),
        name="contact.update",
    ),
    path(
        "staff/partners/<int:pk>/contacts/<int:contact_pk>/remove/",
        views.ContactRemoveView.as_view(),
        name="contact.remove",
    ),
    path(
        "staff/partners/<int:pk>/names/new/",
        views.OtherNameEditView.as_view(),
        name="other_name.create",
    ),
    path(
        "staff/partners/<int:pk>/names/<int:name_pk>/edit/",
        views.OtherNameEditView.as_view(),
        name="other_name.update",
    ),
    path(
        "staff/partners/<int:pk>/names/<int:name_pk>/remove/",
        views.OtherNameRemoveView.as_view(),
        name="other_name.remove",
    ),
    path("staff/partners/import/", views.ImportUploadView.as_view(), name="import.upload"),
    path(
        "staff/partners/import/template.xlsx",
        views.ImportTemplateView.as_view(),
        name="import.template",
    ),
    path(
        "staff/partners/import/<str:token>/",
        views.ImportPreviewView.as_view(),
        name="import.preview",
    ),
]

urlpatterns = public_urlpatterns + staff_urlpatterns

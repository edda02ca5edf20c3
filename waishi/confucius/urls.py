from django.urls import path

from waishi.confucius import views

app_name = "confucius"

BASE = "staff/confucius-institutes/"

urlpatterns = [
    path("confucius-institutes/", views.PublicInstituteListView.as_view(), name="public.list"),
    path(BASE, views.InstituteListView.as_view(), name="institute.list"),
    path(f"{BASE}export.xlsx", views.InstituteExportView.as_view(), name="institute.export"),
    path(f"{BASE}abroad/", views.AbroadListView.as_view(), name="dispatch.abroad"),
    path(f"{BASE}new/", views.InstituteCreateView.as_view(), name="institute.create"),
    path(f"{BASE}<int:pk>/", views.InstituteDetailView.as_view(), name="institute.detail"),
    path(f"{BASE}<int:pk>/edit/", views.InstituteUpdateView.as_view(), name="institute.update"),
    path(f"{BASE}<int:pk>/close/", views.InstituteCloseView.as_view(), name="institute.close"),
    path(f"{BASE}<int:pk>/staff/new/", views.DispatchEditView.as_view(), name="dispatch.create"),
    path(
        f"{BASE}<int:pk>/staff/<int:dispatch_pk>/edit/",
        views.DispatchEditView.as_view(),
        name="dispatch.update",
    ),
    path(f"{BASE}<int:pk>/figures/new/", views.FiguresEditView.as_view(), name="figures.create"),
    path(
        f"{BASE}<int:pk>/figures/<int:figures_pk>/edit/",
        views.FiguresEditView.as_view(),
        name="figures.update",
    ),
]

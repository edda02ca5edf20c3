from django.urls import path

from waishi.programs import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.PublicProgramListView.as_view(), name="public.list"),
    path("staff/programs/", views.ProgramListView.as_view(), name="program.list"),
    path("staff/programs/export.xlsx", views.ProgramExportView.as_view(), name="program.export"),
    path("staff/programs/new/", views.ProgramCreateView.as_view(), name="program.create"),
    path("staff/programs/<int:pk>/", views.ProgramDetailView.as_view(), name="program.detail"),
    path("staff/programs/<int:pk>/edit/", views.ProgramUpdateView.as_view(), name="program.update"),
    path("staff/programs/<int:pk>/end/", views.ProgramEndView.as_view(), name="program.end"),
    path(
        "staff/programs/<int:pk>/chart.svg", views.ProgramChartView.as_view(), name="program.chart"
    ),
    path(
        "staff/programs/<int:pk>/cohorts/new/",
        views.CohortEditView.as_view(),
        name="cohort.create",
    ),
    path(
        "staff/programs/<int:pk>/cohorts/<int:cohort_pk>/edit/",
        views.CohortEditView.as_view(),
        name="cohort.update",
    ),
]

from django.urls import path

from waishi.plans import views

app_name = "plans"

BASE = "staff/plans/"

urlpatterns = [
    path(BASE, views.PlanListView.as_view(), name="plan.list"),
    path(f"{BASE}new/", views.PlanCreateView.as_view(), name="plan.create"),
    path(f"{BASE}<int:pk>/", views.PlanDetailView.as_view(), name="plan.detail"),
    path(f"{BASE}<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan.update"),
    path(f"{BASE}<int:pk>/end/", views.PlanEndView.as_view(), name="plan.end"),
    path(f"{BASE}<int:pk>/members/new/", views.MemberEditView.as_view(), name="member.create"),
    path(
        f"{BASE}<int:pk>/members/<int:member_pk>/edit/",
        views.MemberEditView.as_view(),
        name="member.update",
    ),
    path(
        f"{BASE}<int:pk>/members/<int:member_pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="member.remove",
    ),
    path(
        f"{BASE}<int:pk>/activities/new/", views.ActivityEditView.as_view(), name="activity.create"
    ),
    path(
        f"{BASE}<int:pk>/activities/<int:activity_pk>/edit/",
        views.ActivityEditView.as_view(),
        name="activity.update",
    ),
]

from django.urls import path

from waishi.workflow import views

app_name = "workflow"

urlpatterns = [
    path("staff/inbox/", views.InboxView.as_view(), name="inbox"),
    path("staff/inbox/decided/", views.DecidedView.as_view(), name="inbox.decided"),
    path("staff/approvals/<int:pk>/", views.RequestDetailView.as_view(), name="request.detail"),
    path("staff/approvals/<int:pk>/decide/", views.DecideView.as_view(), name="request.decide"),
    path("staff/delegations/", views.DelegationListView.as_view(), name="delegation.list"),
    path(
        "staff/delegations/<int:pk>/end/",
        views.DelegationEndView.as_view(),
        name="delegation.end",
    ),
]

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from waishi.core import views
from waishi.core.forms import PasswordLinkForm

app_name = "core"

urlpatterns = [
    path("staff/", views.HomeView.as_view(), name="home"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/token/", views.ApiTokenView.as_view(), name="profile.token"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, template_name="core/account/login.html"
        ),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("core:password.changed"),
            template_name="core/account/password_change_form.html",
        ),
        name="password.change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="core/account/password_change_done.html"
        ),
        name="password.changed",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordLinkForm,
            success_url=reverse_lazy("core:password.reset.sent"),
            template_name="core/account/password_reset_form.html",
        ),
        name="password.reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="core/account/password_reset_done.html"
        ),
        name="password.reset.sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("core:password.reset.done"),
            template_name="core/account/password_reset_confirm.html",
        ),
        name="password.reset.confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="core/account/password_reset_complete.html"
        ),
        name="password.reset.done",
    ),
    path("staff/notifications/", views.NotificationListView.as_view(), name="notification.list"),
    path(
        "staff/notifications/read/",
        views.NotificationReadView.as_view(),
        name="notification.read_all",
    ),
    path(
        "staff/notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification.read",
    ),
    path("language/", views.language_switch, name="language"),
    path("language/<str:language>/", views.language_choose, name="language.choose"),
    path("staff/pick/<str:name>/", views.pick, name="pick"),
    path("staff/units/", views.UnitListView.as_view(), name="unit.list"),
    path("staff/units/new/", views.UnitCreateView.as_view(), name="unit.create"),
    path("staff/units/<int:pk>/", views.UnitDetailView.as_view(), name="unit.detail"),
    path("staff/units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit.update"),
    path("staff/jobs/<uuid:pk>/", views.JobView.as_view(), name="job"),
    path("staff/policy/", views.PolicyListView.as_view(), name="policy.list"),
    path("staff/policy/<slug:key>/", views.PolicyUpdateView.as_view(), name="policy.update"),
    path("staff/accounts/", views.UserListView.as_view(), name="user.list"),
    path("staff/accounts/new/", views.UserCreateView.as_view(), name="user.create"),
    path("staff/accounts/<int:pk>/", views.UserDetailView.as_view(), name="user.detail"),
    path("staff/accounts/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user.update"),
    path("staff/accounts/<int:pk>/invite/", views.UserInviteView.as_view(), name="user.invite"),
]

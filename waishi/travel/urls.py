from django.urls import path

from waishi.travel import views

app_name = "travel"

T = "staff/travel/trips/<int:pk>/"

urlpatterns = [
    path("staff/travel/trips/", views.TripListView.as_view(), name="trip.list"),
    path("staff/travel/trips/new/", views.TripFormView.as_view(), name="trip.create"),
    path(T, views.TripDetailView.as_view(), name="trip.detail"),
    path(T + "edit/", views.TripFormView.as_view(), name="trip.update"),
    path(T + "submit/", views.TripSubmitView.as_view(), name="trip.submit"),
    path(T + "decide/", views.TripDecideView.as_view(), name="trip.decide"),
    path(T + "withdraw/", views.TripCancelView.as_view(), name="trip.cancel"),
    path(T + "change/", views.TripChangeView.as_view(), name="trip.change"),
    path(T + "number/", views.TripApprovalNumberView.as_view(), name="trip.number"),
    path(T + "lift-hold/", views.TripLiftHoldView.as_view(), name="trip.lift_hold"),
    path(T + "visa/", views.TripVisaView.as_view(), name="trip.visa"),
    path(T + "return/", views.TripReturnView.as_view(), name="trip.return"),
    path(T + "report/", views.TripReportView.as_view(), name="trip.report"),
    path(T + "report/accept/", views.TripReportAcceptView.as_view(), name="trip.report_accept"),
    path(
        T + "report/send-back/",
        views.TripReportSendBackView.as_view(),
        name="trip.report_send_back",
    ),
    path(
        T + "report/files/<int:attachment_pk>/",
        views.ReportAttachmentView.as_view(),
        name="trip.report_file",
    ),
    path(T + "invitation/", views.InvitationLetterView.as_view(), name="trip.invitation"),
    path(T + "approval.pdf", views.ApprovalDocumentView.as_view(), name="trip.pdf"),
    path("staff/travel/passports/", views.PassportListView.as_view(), name="passport.list"),
    path(
        "staff/travel/passports/<int:pk>/check-out/",
        views.PassportCheckOutView.as_view(),
        name="passport.check_out",
    ),
    path(
        "staff/travel/loans/<int:pk>/check-in/",
        views.PassportCheckInView.as_view(),
        name="passport.check_in",
    ),
    path("staff/travel/plans/", views.PlanListView.as_view(), name="plan.list"),
    path("staff/travel/plans/new/", views.PlanCreateView.as_view(), name="plan.create"),
    path("staff/travel/plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan.update"),
    path("staff/travel/plans/report/", views.PlanReportView.as_view(), name="plan.report"),
    path("staff/travel/calendar/", views.CalendarView.as_view(), name="calendar"),
    path("travel/calendar/<str:token>.ics", views.calendar_feed, name="calendar.feed"),
]

from django.urls import path

from waishi.travel.views import actions, calendar, files, passports, plans, report, trips

app_name = "travel"

T = "staff/travel/trips/<int:pk>/"

urlpatterns = [
    path("staff/travel/trips/", trips.TripListView.as_view(), name="trip.list"),
    path("staff/travel/trips/new/", trips.TripFormView.as_view(), name="trip.create"),
    path(T, trips.TripDetailView.as_view(), name="trip.detail"),
    path(T + "edit/", trips.TripFormView.as_view(), name="trip.update"),
    path(T + "submit/", actions.TripSubmitView.as_view(), name="trip.submit"),
    path(T + "withdraw/", actions.TripCancelView.as_view(), name="trip.cancel"),
    path(T + "change/", actions.TripChangeView.as_view(), name="trip.change"),
    path(T + "number/", actions.TripApprovalNumberView.as_view(), name="trip.number"),
    path(T + "lift-hold/", actions.TripLiftHoldView.as_view(), name="trip.lift_hold"),
    path(T + "record-after/", actions.TripRecordAfterView.as_view(), name="trip.record_after"),
    path(T + "visa/", actions.TripVisaView.as_view(), name="trip.visa"),
    path(T + "return/", actions.TripReturnView.as_view(), name="trip.return"),
    path(T + "report/", report.TripReportView.as_view(), name="trip.report"),
    path(T + "report/accept/", actions.TripReportAcceptView.as_view(), name="trip.report_accept"),
    path(
        T + "report/send-back/",
        actions.TripReportSendBackView.as_view(),
        name="trip.report_send_back",
    ),
    path(
        T + "report/files/<int:attachment_pk>/",
        files.ReportAttachmentView.as_view(),
        name="trip.report_file",
    ),
    path(T + "invitation/", files.InvitationLetterView.as_view(), name="trip.invitation"),
    path(T + "approval.pdf", files.ApprovalDocumentView.as_view(), name="trip.pdf"),
    path("staff/travel/passports/", passports.PassportListView.as_view(), name="passport.list"),
    path(
        "staff/travel/passports/<int:pk>/check-out/",
        passports.PassportCheckOutView.as_view(),
        name="passport.check_out",
    ),
    path(
        "staff/travel/loans/<int:pk>/check-in/",
        passports.PassportCheckInView.as_view(),
        name="passport.check_in",
    ),
    path("staff/travel/plans/", plans.PlanListView.as_view(), name="plan.list"),
    path("staff/travel/plans/new/", plans.PlanCreateView.as_view(), name="plan.create"),
    path("staff/travel/plans/<int:pk>/edit/", plans.PlanUpdateView.as_view(), name="plan.update"),
    path("staff/travel/plans/report/", plans.PlanReportView.as_view(), name="plan.report"),
    path("staff/travel/calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path("travel/calendar/<str:token>.ics", calendar.calendar_feed, name="calendar.feed"),
]

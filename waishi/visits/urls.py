from django.urls import path

from waishi.visits import views

app_name = "visits"

V = "staff/visits/<int:pk>/"

urlpatterns = [
    path("staff/visits/", views.VisitListView.as_view(), name="visit.list"),
    path("staff/visits/new/", views.VisitFormView.as_view(), name="visit.create"),
    path("staff/visits/export.xlsx", views.VisitExportView.as_view(), name="visit.export"),
    path("staff/visits/figures/", views.FiguresView.as_view(), name="figures"),
    path(
        "staff/visits/figures.xlsx", views.FiguresView.as_view(export=True), name="figures.export"
    ),
    path(
        "staff/visits/guests/template.xlsx",
        views.GuestTemplateView.as_view(),
        name="guest.import_template",
    ),
    path(V, views.VisitDetailView.as_view(), name="visit.detail"),
    path(V + "edit/", views.VisitFormView.as_view(), name="visit.update"),
    path(V + "submit/", views.VisitSubmitView.as_view(), name="visit.submit"),
    path(V + "withdraw/", views.VisitWithdrawView.as_view(), name="visit.withdraw"),
    path(V + "restore/", views.VisitRestoreView.as_view(), name="visit.restore"),
    path(V + "guests/new/", views.GuestAddView.as_view(), name="guest.create"),
    path(V + "letters/", views.LetterIssueView.as_view(), name="letter.issue"),
    path(V + "letters/<int:letter_pk>.pdf", views.LetterFileView.as_view(), name="letter.pdf"),
    path(V + "guests/import/", views.GuestImportView.as_view(), name="guest.import"),
    path(
        V + "guests/import/<str:token>/",
        views.GuestImportPreviewView.as_view(),
        name="guest.import_preview",
    ),
    path(V + "itinerary/new/", views.ItemFormView.as_view(), name="item.create"),
    path(V + "itinerary/<int:item_pk>/edit/", views.ItemFormView.as_view(), name="item.update"),
    path(
        V + "itinerary/<int:item_pk>/delete/",
        views.VisitLineRemoveView.as_view(lines=views.ITEMS),
        name="item.delete",
    ),
    path(V + "itinerary.pdf", views.ItineraryPdfView.as_view(), name="itinerary.pdf"),
    path(V + "costs/", views.CostsView.as_view(), name="cost.list"),
    path(
        V + "costs/<int:cost_pk>/delete/",
        views.VisitLineRemoveView.as_view(lines=views.COSTS),
        name="cost.delete",
    ),
    path(V + "costs/reasons/", views.ReasonView.as_view(), name="cost.reason"),
    path(V + "close/", views.VisitCloseView.as_view(), name="visit.close"),
    path(V + "reopen/", views.VisitReopenView.as_view(), name="visit.reopen"),
    path(V + "summary/", views.SummaryView.as_view(), name="summary"),
    path(V + "summary/photos/", views.PhotoAddView.as_view(), name="photo.create"),
    path(V + "summary/photos/<int:photo_pk>/", views.PhotoFileView.as_view(), name="photo.file"),
    path(
        V + "summary/photos/<int:photo_pk>/delete/",
        views.PhotoRemoveView.as_view(),
        name="photo.delete",
    ),
    path(
        V + "authorised-letter/",
        views.AuthorisedLetterView.as_view(),
        name="authorised_letter",
    ),
    path(V + "report.pdf", views.ReportPdfView.as_view(), name="report.pdf"),
    path(V + "gifts/", views.GiftsView.as_view(), name="gift.list"),
    path(
        V + "gifts/<int:gift_pk>/delete/",
        views.VisitLineRemoveView.as_view(lines=views.GIFTS),
        name="gift.delete",
    ),
    path(V + "gifts/<int:gift_pk>/handed/", views.GiftHandedView.as_view(), name="gift.handed"),
    path(
        V + "guests/<int:guest_pk>/lodging/", views.GuestLodgingView.as_view(), name="guest.lodging"
    ),
    path(
        V + "guests/<int:guest_pk>/remove/",
        views.GuestRemoveView.as_view(),
        name="guest.remove",
    ),
]

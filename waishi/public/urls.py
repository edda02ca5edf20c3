from django.urls import path

from waishi.public import views

app_name = "public"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("partners/", views.PartnersView.as_view(), name="partners"),
    path("partners/world.svg", views.world_map, name="world_map"),
    path("staff/site/texts/", views.PageTextListView.as_view(), name="pagetext.list"),
    path(
        "staff/site/texts/<int:pk>/edit/",
        views.PageTextUpdateView.as_view(),
        name="pagetext.update",
    ),
]

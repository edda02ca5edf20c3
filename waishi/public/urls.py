from django.urls import path

from waishi.public import views

app_name = "public"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
]

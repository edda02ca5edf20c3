from django.urls import path

from waishi.conferences import views

app_name = "conferences"

C = "staff/conferences/<int:pk>/"

urlpatterns = [
    path(C, views.ConferenceDetailView.as_view(), name="conference.detail"),
]

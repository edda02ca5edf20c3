from django.urls import path  # noqa: F401

app_name = "partners"

# Public pages (no login): the Global Partners directory and map.
public_urlpatterns: list = []

# Staff pages under /staff/partners/.
staff_urlpatterns: list = []

urlpatterns = public_urlpatterns + staff_urlpatterns

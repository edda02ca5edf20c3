"""The site's URLs. Each app of Waishi brings its own `urls.py` (full paths: its staff pages
under /staff/<area>/, its public pages at the top) and its API routes in `api.py` (`routes`);
they are gathered here in the order of INSTALLED_APPS."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from waishi.core import views as core_views

WAISHI_APPS = [c.name for c in apps.get_app_configs() if c.name.startswith("waishi.")]

router = DefaultRouter()
for app_name in WAISHI_APPS:
    if find_spec(f"{app_name}.api"):
        for prefix, viewset, basename in import_module(f"{app_name}.api").routes:
            router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="core/api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("api/", include(router.urls)),
]
urlpatterns += [
    path("", include(f"{app_name}.urls"))
    for app_name in WAISHI_APPS
    if find_spec(f"{app_name}.urls")
]

handler404 = "waishi.core.views.page_not_found"

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from waishi.core import api as core_api
from waishi.core import views as core_views

# Each app's api module lists its routes; the router gathers them under /api/.
router = DefaultRouter()
for module in (core_api,):
    for prefix, viewset, basename in module.routes:
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
    path("", include("waishi.core.urls")),
    path("", include("waishi.public.urls")),
]

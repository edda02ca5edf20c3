from django.views.generic import TemplateView


class OverviewView(TemplateView):
    """The office's public overview page."""

    template_name = "public/overview.html"

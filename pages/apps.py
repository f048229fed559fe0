from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages about the service itself rather than the domain: the accessibility statement."""

    name = "pages"

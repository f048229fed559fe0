"""Deployment checks of our own, run by `manage.py check --deploy` (README, Deployment)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs) -> list[Error]:
    if not settings.DEBUG and not settings._wrapped.SECRET_KEY:
        return [Error(settings.MISSING_SECRET_KEY, id="samverkan.E001")]
    return []

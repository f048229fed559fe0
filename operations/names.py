"""Names Django and simple-history give in English code, made translatable once every model is loaded.

- A many-to-many field's link table (Django's "Activity-district relationship", a row "Activity_districts
  object (12)") is listed on the admin's delete pages, with what deleting removes; here it is "koppling
  aktivitet–stadsdel", a row "Feriepraktik – Bäckby".
- simple-history's history of such a link is named after its class ("HistoricalActivity_districts"); here
  "historik för koppling aktivitet–stadsdel", as the permission lists show it.
- The admin's yes/no icons carry alt="True"/"False"; here the words a screen reader should say, "Ja"/"Nej".

Only `_meta`'s names change, not `Meta`'s recorded options, so the migrations stay as they are.
"""

from django.apps import apps
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _link_str(self) -> str:
    source, target = (field for field in self._meta.fields if isinstance(field, models.ForeignKey))
    return f"{getattr(self, source.name)} – {getattr(self, target.name)}"


def name_link_models() -> None:
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.auto_created:
            source, target = (field.related_model._meta for field in opts.fields if field.is_relation)
            opts.verbose_name = format_lazy(
                gettext_lazy("link {source}–{target}"), source=source.verbose_name, target=target.verbose_name
            )
            opts.verbose_name_plural = format_lazy(
                gettext_lazy("links {source}–{target}"), source=source.verbose_name, target=target.verbose_name
            )
            model.__str__ = _link_str
    for model in apps.get_models():
        through = getattr(model, "instance_type", None)
        if model._meta.verbose_name == model.__name__ and through is not None and through._meta.auto_created:
            model._meta.verbose_name = format_lazy(gettext_lazy("historical {name}"), name=through._meta.verbose_name)
            model._meta.verbose_name_plural = format_lazy(
                gettext_lazy("historical {names}"), names=through._meta.verbose_name_plural
            )


def _boolean_icon(value) -> str:
    icon, text = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def swedish_boolean_icons() -> None:
    # Django's own helpers look the function up in this module on every call.
    admin_list._boolean_icon = _boolean_icon

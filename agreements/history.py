"""History on every model people edit, named in the reader's language.

simple-history names a model's history "historical <verbose name>" with the English word fixed in its code;
here the whole name is a translatable message with the model's own (translated) name in it. The English
text is simple-history's, so the migrations' recorded options stay as they are.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords as BaseHistoricalRecords


class HistoricalRecords(BaseHistoricalRecords):
    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = format_lazy(_("historical {name}"), name=model._meta.verbose_name)
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = format_lazy(_("historical {names}"), names=model._meta.verbose_name_plural)
        return options

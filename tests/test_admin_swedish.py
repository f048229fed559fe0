"""Every page of the Django admin an administrator meets reads in Swedish.

The pages come from `admin.site._registry` (every registered model's list, add, change, delete and history
pages, simple-history's version page, each app's index) so that a model registered tomorrow is covered too.

What counts as English is not a word list: each page is also rendered in English, and a word the Swedish page
shows that the English page shows too is English left untranslated, unless it is data (any string stored in
the database) or one of the few words that read the same in both languages. The text read is what a person
sees or hears: text nodes outside scripts and styles, and the title, alt, placeholder and aria-label of
elements and the labels of buttons.
"""

import datetime
import re
from decimal import Decimal
from difflib import SequenceMatcher
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.translation import trans_real
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import Agreement
from followup.models import Evaluation, Indicator, IndicatorValue, Judgement
from meetings.models import Meeting, Recusal
from reminders.models import ReminderSetting, SentDigest
from reports.models import QuarterReport
from reports.quarters import Quarter
from tests.browser.data import build_demo, make_role_users
from tests.factories import make_statuses

PASSWORD = "x-long-password-1"
# Words that are the same in Swedish and English ("Logga in"), and names (Django's, the keys of a Mac keyboard).
SAME_IN_SWEDISH = {
    "admin",
    "administration",
    "django",
    "control",
    "command",
    "mac",
    "import",
    "session",
    "per",
    "in",
    "december",
    "status",
    "version",
    "filter",
    "start",
    "region",
    "period",
    "organisation",
    "person",
    "symbol",
    "text",
    "id",
    "pdf",
    "url",
    "ip",
    "sha",
    "http",
    "get",
    "post",
}
# Rows that are not data a person typed or the demo holds: codes, serialised sessions and messages, and
# permission names (Django stores those in English: they are UI text, not data).
NOT_DATA = {ContentType, Session, Permission}
NOT_DATA_FIELDS = {("admin.LogEntry", "change_message"), ("auth.User", "password")}
PYTHON_LITERALS = {"true", "false", "none", "null"}
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}


class VisibleText(HTMLParser):
    """The texts of a page a person sees or hears, in document order."""

    SKIPPED = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIPPED:
            self._skipping += 1
        if attrs.get("type") == "hidden":
            return
        self.texts += [value for name, value in attrs.items() if name in READ_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"} and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def words(text: str) -> set[str]:
    # Letters only, two or more, not glued to digits ("md5", a hash); "_" separates ("Activity_districts").
    # A word cut short ("publ…") or masked ("qk*****", a password's salt) is no word.
    return {word.lower() for word in re.findall(r"(?<![^\W_])[^\W\d_]{2,}(?![^\W_]|…|\*)", text)}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _prose(message: str) -> str:
    """A message without its placeholders and markup: "%(verbose_name)s", "{name}", "<a href=…>"."""
    return re.sub(r"%\(\w+\)\w|%\w|\{\w*\}|<[^>]*>|&\w+;", " ", message)


def _bare(text: str) -> str:
    """A text as a catalogue holds it: the admin adds a colon to labels, brackets to help texts and capitals."""
    return _flat(text).strip(" :()").casefold()


class Data:
    """Every string stored in the database that a person typed or the demo holds (names, titles, texts,
    usernames, file names, log entries), found by the words in it. Choices' stored values are codes, and
    password hashes no text: neither is data a page shows."""

    def __init__(self):
        self.by_word: dict[str, set[str]] = {}
        for model in apps.get_models(include_auto_created=True):
            if model in NOT_DATA:
                continue
            fields = [
                field.attname
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and (model._meta.label, field.name) not in NOT_DATA_FIELDS
            ]
            for row in model._default_manager.values_list(*fields) if fields else []:
                for value in filter(None, row):
                    for word in words(value):
                        self.by_word.setdefault(word, set()).add(_flat(value))

    def holds(self, word: str, text: str) -> bool:
        """Whether `word` in `text` is part of a stored string the text shows, whole or cut short."""
        values = [value.casefold() for value in self.by_word.get(word, ())]
        text = text.casefold()
        if any(value in text for value in values):
            return True
        # Cut short ("…", or the title's first words): a long stretch of a value around the word.
        for value in values:
            match = SequenceMatcher(None, text, value, autojunk=False).find_longest_match()
            if match.size >= 20 and word in words(text[match.a : match.a + match.size]):
                return True
        return False


class SwedishCatalogue:
    """The Swedish catalogue in use (Django's, the packages' and ours): a text that is one of its
    translations verbatim is Swedish, and so is a word only its translations use."""

    def __init__(self):
        catalogue = trans_real.translation("sv")._catalog
        entries = [(key if isinstance(key, str) else key[0], msgstr) for key, msgstr in catalogue.items()]
        self.translations = {_bare(msgstr) for _msgid, msgstr in entries}
        entries = [(_prose(msgid), _prose(msgstr)) for msgid, msgstr in entries]
        # English: a word of a message its translation does without (not "Västerås" in an example). Python's
        # literals stay in some translations ("måste vara True eller False") but are English on a page.
        english = set().union(*(words(msgid) - words(msgstr) for msgid, msgstr in entries)) | PYTHON_LITERALS
        self.swedish_words = set().union(*(words(msgstr) for _msgid, msgstr in entries)) - english


def admin_pages(superuser: User) -> tuple[list[str], set[str]]:
    """Every admin page an administrator meets, and the models that had no object to show a change page of."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    pages = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:password_change_done")]
    without_objects = set()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        pages.append(reverse("admin:app_list", args=[meta.app_label]))
        pages.append(reverse(f"{name}_changelist"))
        pages.append(reverse(f"{name}_changelist") + "?q=zzzz")
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        obj = model_admin.get_queryset(request).order_by("-pk").first()
        if obj is None:
            without_objects.add(meta.label)
            continue
        pages.append(reverse(f"{name}_change", args=[obj.pk]))
        pages.append(reverse(f"{name}_history", args=[obj.pk]))
        if model_admin.has_delete_permission(request, obj):
            pages.append(reverse(f"{name}_delete", args=[obj.pk]))
        if isinstance(model_admin, SimpleHistoryAdmin):
            record = getattr(obj, meta.simple_history_manager_attribute).first()
            pages.append(reverse(f"{name}_simple_history", args=[obj.pk, record.history_id]))
    if User in admin.site._registry:
        pages.append(reverse("admin:auth_user_password_change", args=[superuser.pk]))
    return list(dict.fromkeys(pages)), without_objects


def _client(user: User | None, language: str) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = language
    return client


def english_left(swedish_html: str, english_html: str, data: Data, swedish: SwedishCatalogue) -> dict[str, list[str]]:
    """The words the Swedish page shares with the English one, each with the texts it is in: English left
    untranslated, unless data or a word both languages spell alike."""
    english_words = set().union(*map(words, visible_texts(english_html)))
    found: dict[str, list[str]] = {}
    for text in visible_texts(swedish_html):
        if _bare(text) in swedish.translations:
            continue
        shared = words(text) & english_words - SAME_IN_SWEDISH - swedish.swedish_words
        for word in sorted(word for word in shared if not data.holds(word, text)):
            found.setdefault(word, [])
            if text not in found[word]:
                found[word].append(text)
    return found


def add_what_the_demo_lacks(agreement: Agreement, by: User) -> None:
    """One object of each registered model the demo data has none of, so each has its change page visited."""
    activity = agreement.activities.order_by("pk").first()
    ongoing = make_statuses(agreement)["ongoing"]
    activity.set_status(ongoing, by=by, comment="Igång efter sommaren")
    judgement = Judgement.objects.filter(agreement=agreement).first()
    Evaluation.objects.create(
        agreement=agreement, activity=activity, kind=Evaluation.Kind.PROCESS, judgement=judgement, text="Gick bra."
    )
    indicator = Indicator.objects.filter(agreement=agreement).first()
    IndicatorValue.objects.create(indicator=indicator, period_start=datetime.date(2024, 1, 1), value=Decimal(3))
    held = Meeting.objects.filter(approved_at__isnull=True, attendances__isnull=False).first()
    Recusal.objects.create(item=held.items.last(), attendance=held.attendances.first(), reason="Sitter i styrelsen")
    ReminderSetting.objects.create(user=by, wants_reminders=False)
    SentDigest.objects.create(user=by, day=datetime.date(2024, 9, 12), item_count=2)
    QuarterReport.approve(agreement, Quarter(2024, 3), by=by, decision="Strategisk ledning 2024-10-15, § 12")


@pytest.fixture
def demo_admin(db):
    """The demo data, one object of every registered model, and an administrator who logged in through the
    admin's form (the access log) after someone else mistyped a password there (an access attempt)."""
    agreement = build_demo()
    make_role_users(agreement)
    superuser = User.objects.create_superuser("root", password=PASSWORD)
    add_what_the_demo_lacks(agreement, superuser)
    Client().post(reverse("admin:login"), {"username": "ledning", "password": "wrong-password"})
    Client().post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    return superuser


def test_every_admin_page_reads_in_swedish(demo_admin):
    pages, without_objects = admin_pages(demo_admin)
    # The derivation reaches every kind of page, axes' and simple-history's included.
    assert sorted(without_objects) == []
    assert reverse("admin:operations_failedlogin_changelist") in pages
    assert any("/history/" in page and page.rstrip("/").split("/")[-1].isdigit() for page in pages)
    signed_in = (_client(demo_admin, "sv"), _client(demo_admin, "en"))
    # The admin's login form, as it meets whoever is not logged in (logging out leads to the portal's login).
    visits = [(page, signed_in) for page in pages] + [
        (reverse("admin:login"), (_client(None, "sv"), _client(None, "en")))
    ]
    data, catalogue = Data(), SwedishCatalogue()
    untranslated = {}
    for page, (swedish, english) in visits:
        swedish_page, english_page = swedish.get(page), english.get(page)
        assert (swedish_page.status_code, english_page.status_code) == (200, 200), page
        assert 'lang="sv"' in swedish_page.content.decode() and 'lang="en"' in english_page.content.decode()
        if left := english_left(swedish_page.content.decode(), english_page.content.decode(), data, catalogue):
            untranslated[page] = left
    assert untranslated == {}

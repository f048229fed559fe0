"""An agreement's appendices (*bilagor*) and their versions.

Many agreements are signed *with* appendices (a situation picture, an action plan, a follow-up plan, a
communication plan, a contact list, the overarching agreement), listed in their text by number. An appendix
keeps its number for good; when it is revised (the situation picture once a year) the revision is a new,
dated *version* of it, decided by the body the agreement names, not a new number.

Frozen with the agreement (agreements.freezing): once it is signed, no appendix and no version changes in
place or is deleted, by the model, the queryset, the database trigger or the admin. New ones may still be
added (a version decided after signing; an appendix added by a later decision), and are as frozen as the rest
the moment they are saved. Only `Appendix.is_public` (what the public page offers) may still change.

An appendix file is stored through Django's storage API and served only through a view that checks who may
read the agreement; its SHA-256 is kept with it, so the signed PDF can name exactly which file was signed.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .freezing import FrozenError, FrozenPart
from .history import HistoricalRecords
from .limits import LONG_TEXT, limited_text

# As a meeting's documents: the upload pages (settings.UPLOAD_URL_NAMES) take a request a little larger than this.
MAX_FILE_BYTES = 5 * 1024 * 1024
REFERRED_TO_MESSAGE = _("A decision recorded in a meeting made a version of this appendix: it stays.")
# What an appendix file may be, by its name's ending, and how such a file begins (a renamed file is refused).
FILE_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def validate_appendix_file(upload) -> None:
    """Size and type of an uploaded appendix file (the admin's form and any other form run this)."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is %(size)s; an appendix file may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_FILE_BYTES)},
        )
    suffix = PurePath(upload.name).suffix.lower()
    allowed = ", ".join(sorted(FILE_SIGNATURES))
    if suffix not in FILE_SIGNATURES:
        raise ValidationError(
            _("An appendix file must be one of %(allowed)s."), code="file_type", params={"allowed": allowed}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in FILE_SIGNATURES[suffix]):
        raise ValidationError(
            _("The file's content is not a %(type)s file."), code="file_content", params={"type": suffix[1:].upper()}
        )


def appendix_upload_to(version: AppendixVersion, filename: str) -> str:
    return f"agreements/appendices/{version.agreement_id}/{PurePath(filename).name}"


def sha256_of(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


class Appendix(FrozenPart):
    """A *bilaga* of an agreement, numbered as the agreement numbers it. Its content is in its versions."""

    ADDABLE_WHEN_FROZEN = True
    MUTABLE_WHEN_FROZEN = ("is_public",)

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="appendices"
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("As the agreement's text numbers it."))
    title = models.CharField(_("title"), max_length=300)
    is_original = models.BooleanField(
        _("signed with the agreement"),
        default=True,
        editable=False,
        help_text=_("Listed in the text the parties signed; an appendix added after signing is not."),
    )
    is_public = models.BooleanField(
        _("file public"), default=False, help_text=_("Offer its file on the public page (the title is always shown).")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("appendix")
        verbose_name_plural = _("appendices")
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="unique_appendix_number")]

    def __str__(self) -> str:
        return _("Appendix %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    def save(self, *args, **kwargs) -> None:
        # Whether it was signed with the agreement is what the agreement was when the appendix came: a fact of
        # the record, never typed in (so no appendix can be passed off as signed after the event).
        if self.pk is None:
            self.is_original = not self.owner_is_frozen()
        super().save(*args, **kwargs)

    @classmethod
    @transaction.atomic
    def add_to(
        cls,
        agreement,
        *,
        title: str,
        number: int | None = None,
        is_public: bool = False,
        decided_on: datetime.date | None = None,
        decided_by: str = "",
        text: str = "",
        file=None,
    ) -> Appendix:
        """A new appendix of `agreement` with its first version: both saved, or neither (a version the model
        refuses leaves no appendix without content). Without a number it takes the one after the last."""
        # Lock the agreement so two appendices added at once are numbered one after the other.
        type(agreement).objects.select_for_update().only("pk").get(pk=agreement.pk)
        if number is None:
            number = (agreement.appendices.aggregate(last=models.Max("number"))["last"] or 0) + 1
        appendix = cls(agreement=agreement, number=number, title=title, is_public=is_public)
        appendix.full_clean()
        appendix.save()
        appendix.record_version(decided_on=decided_on, decided_by=decided_by, text=text, file=file)
        return appendix

    @property
    def has_file(self) -> bool:
        """Whether a version has a file (read from the prefetched versions where the page prefetched them)."""
        return any(version.file for version in self.versions.all())

    def removal_refused(self) -> str | None:
        """Why the appendix cannot be removed now (a sentence for the page), or None."""
        if self.owner_is_frozen():
            return str(
                _("The agreement is signed: its appendices stay as they were. A revision is recorded as a new version.")
            )
        if _referred_to_elsewhere(AppendixVersion.objects.filter(appendix=self)):
            return str(REFERRED_TO_MESSAGE)
        return None

    def delete(self, *args, **kwargs):
        if (reason := self.removal_refused()) and not self.owner_is_frozen():
            raise ValidationError(reason, code="referred_to")
        try:
            return super().delete(*args, **kwargs)  # a signed agreement's part: FrozenError
        except models.ProtectedError as error:  # a decision named a version since the check
            raise ValidationError(REFERRED_TO_MESSAGE, code="referred_to") from error

    @transaction.atomic
    def record_version(
        self, *, decided_on: datetime.date | None, decided_by: str, text: str = "", file=None
    ) -> AppendixVersion:
        """A new version of this appendix, numbered after the last; the earlier ones stay as they were.

        After signing a version needs the decision behind it (who decided, and when)."""
        # Lock the appendix so two versions recorded at once get consecutive numbers.
        locked = Appendix.objects.select_for_update().get(pk=self.pk)
        last = locked.versions.aggregate(last=models.Max("number"))["last"] or 0
        version = AppendixVersion(
            appendix=locked, number=last + 1, decided_on=decided_on, decided_by=decided_by, text=text, file=file
        )
        version.full_clean(exclude=["agreement"])
        version.save()
        return version


def _referred_to_elsewhere(versions) -> bool:
    """Whether a row of a part above agreements (a decision that made the version, in meetings) names one of
    `versions`: removing them would delete that row with them. Read from the relations Django knows, so a part
    added later is covered without a list kept here."""
    for relation in AppendixVersion._meta.related_objects:
        if relation.related_model._meta.app_label == AppendixVersion._meta.app_label:
            continue
        if relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": versions}).exists():
            return True
    return False


class AppendixVersion(FrozenPart):
    """One version of an appendix: dated, decided by a body (named as text: agreements knows no meetings),
    with its text, a file, or both. The first of an original appendix is the one signed with the agreement."""

    ADDABLE_WHEN_FROZEN = True

    # The agreement again, set from the appendix: what freezes a version is its agreement's signature, and the
    # freezing (model, queryset and database trigger alike) reads that through one foreign key.
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="appendix_versions",
        editable=False,
    )
    appendix = models.ForeignKey(
        Appendix, verbose_name=_("appendix"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"), editable=False)
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, help_text=_("Empty for a version signed with the agreement.")
    )
    decided_by = models.CharField(
        _("decided by"),
        max_length=300,
        blank=True,
        help_text=_("The body and decision, e.g. “Strategisk ledning 2024-12-10, § 7”. Empty when signed with it."),
    )
    text = limited_text(_("text"), blank=True, limit=LONG_TEXT)
    file = models.FileField(
        _("file"), upload_to=appendix_upload_to, blank=True, max_length=300, validators=[validate_appendix_file]
    )
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True, editable=False)
    signed_with_agreement = models.BooleanField(_("signed with the agreement"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["appendix__number", "number"]
        verbose_name = _("appendix version")
        verbose_name_plural = _("appendix versions")
        constraints = [models.UniqueConstraint(fields=["appendix", "number"], name="unique_appendix_version")]

    def __str__(self) -> str:
        return _("%(appendix)s, version %(number)s") % {"appendix": self.appendix, "number": self.number}

    @property
    def file_name(self) -> str:
        return PurePath(self.file.name).name if self.file else ""

    def clean(self) -> None:
        if not self.text.strip() and not self.file:
            raise ValidationError(_("Give the appendix a text, a file or both."), code="empty")
        # The appendix may be one being added with this, its first version (Appendix.add_to, the portal's form).
        appendix = self.appendix if self.appendix_id or AppendixVersion.appendix.is_cached(self) else None
        agreement = appendix.agreement if appendix is not None and appendix.agreement_id else None
        # Only a version being added: those already recorded are as they were signed or decided.
        if self.pk is None and agreement is not None and agreement.is_frozen_in_database():
            errors = {}
            if not self.decided_on:
                errors["decided_on"] = _("A version after signing needs the date it was decided.")
            if not self.decided_by.strip():
                errors["decided_by"] = _("A version after signing needs the body and decision that made it.")
            if errors:
                raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if self.appendix_id is not None:
            stored_appendix = self.appendix.agreement_id
            if self.pk is None:
                self.agreement_id = stored_appendix
                self.signed_with_agreement = not self.owner_is_frozen()
                if self.number is None:
                    last = AppendixVersion.objects.filter(appendix_id=self.appendix_id).aggregate(
                        last=models.Max("number")
                    )["last"]
                    self.number = (last or 0) + 1
            elif self.agreement_id != stored_appendix:
                raise FrozenError(_("A version belongs to its appendix's agreement."), code="agreement")
        # A new upload is fingerprinted before it is stored; a stored file keeps the fingerprint it was saved with.
        if self.file and not self.file._committed:
            self.file_sha256, self.file_size = sha256_of(self.file.file), self.file.size
        elif not self.file:
            self.file_sha256, self.file_size = "", None
        super().save(*args, **kwargs)

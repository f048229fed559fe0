"""Decisions (*beslut*) of the bodies and the action items (*åtgärdspunkter*) their meetings raise.

A decision is numbered per body and year when it is taken ("SL 2024:3"), from a counter row locked for the
length of the recording, so two decisions recorded at once never share a number; a number once given is
never changed or reused, and an agenda item withdrawn before a decision leaves no gap. A decision taken at a
meeting is frozen with the approved minutes (its text, date and what it concerns); how far it has been
carried out (*verkställighet*) goes on changing after approval, with its history kept.

Imported at the bottom of `meetings/models.py`, so Django finds these models in the app's models module.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Status, StatusChange
from agreements.freezing import FrozenWhenQuerySet
from agreements.history import HistoricalRecords
from agreements.limits import limited_text
from agreements.models import Amendment, AppendixVersion, GoalArea

from .models import ITEM_FROZEN_WHEN, AgendaItem, Body, FrozenMinutesError, PartOfMinutes


class DecisionCounter(models.Model):
    """The last number given to a decision of `body` in `year`: locked while the next one is recorded."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("decision number counter")
        verbose_name_plural = _("decision number counters")
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_decision_counter_per_body_year")]

    def __str__(self) -> str:
        return f"{self.body.short_code} {self.year}: {self.last}"


class DecisionQuerySet(FrozenWhenQuerySet):
    def for_register(self) -> DecisionQuerySet:
        """What the register shows of each decision besides what it concerns (`with_concerns`)."""
        return self.select_related("body")


def with_concerns(decisions) -> list[Decision]:
    """`decisions` as a list, each with the names of what it concerns: `goal_area_labels` (code, or title
    without one) and `activity_names`, in the plan's order. Two queries of plain pairs: prefetching model
    instances made a related manager and a queryset per decision, half the register's time."""
    decisions = list(decisions)
    ids = [decision.pk for decision in decisions]
    areas, activities = defaultdict(list), defaultdict(list)
    # A whole register exported: its ids asked for a few hundred at a time (a database caps a query's parameters).
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for decision_id, code, title in (
            Decision.goal_areas.through.objects.filter(decision_id__in=chunk)
            .order_by("goalarea__order", "goalarea__code", "goalarea__pk")
            .values_list("decision_id", "goalarea__code", "goalarea__title")
        ):
            areas[decision_id].append(code or title)
        for decision_id, name in (
            Decision.activities.through.objects.filter(decision_id__in=chunk)
            .order_by("activity__position", "activity__pk")
            .values_list("decision_id", "activity__name")
        ):
            activities[decision_id].append(name)
    for decision in decisions:
        decision.goal_area_labels = areas[decision.pk]
        decision.activity_names = activities[decision.pk]
    return decisions


class Decision(PartOfMinutes):
    class Execution(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    # What goes on changing after the minutes are approved.
    EXECUTION_FIELDS = ("execution", "execution_comment", "execution_changed_by_id", "execution_changed_at")
    # Taken at a meeting, the decision's content is frozen with its item; per capsulam, never by the minutes.
    FROZEN_WHEN = ITEM_FROZEN_WHEN
    MUTABLE_WHEN_FROZEN = EXECUTION_FIELDS + ("execution_due_on",)

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions")
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("Empty for a decision taken per capsulam."),
    )
    decided_on = models.DateField(_("decided on"))
    taken_by = models.CharField(
        _("taken by"), max_length=300, blank=True, help_text=_("For a decision per capsulam: who took it.")
    )
    text = limited_text(_("decision"), limit=10_000)
    activities = models.ManyToManyField(Activity, verbose_name=_("activities"), blank=True, related_name="decisions")
    goal_areas = models.ManyToManyField(GoalArea, verbose_name=_("goal areas"), blank=True, related_name="decisions")
    amendments = models.ManyToManyField(
        Amendment, verbose_name=_("revisions and appendices"), blank=True, related_name="decisions"
    )
    allocates_resources = models.BooleanField(_("allocates resources"), default=False)
    resources = models.CharField(
        _("resources"), max_length=300, blank=True, help_text=_("How much, in words or money.")
    )
    carried_out_by = models.CharField(_("to be carried out by"), max_length=300, blank=True)
    execution = models.CharField(
        _("carried out"), max_length=20, choices=Execution.choices, default=Execution.NOT_STARTED
    )
    execution_due_on = models.DateField(_("to be carried out by (date)"), null=True, blank=True)
    execution_comment = models.CharField(_("comment on how far it has come"), max_length=2_000, blank=True)
    execution_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("execution changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    execution_changed_at = models.DateTimeField(_("execution changed at"), null=True, blank=True, editable=False)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[activities, goal_areas, amendments])

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "body__order", "body__pk", "-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="unique_decision_number"),
            models.CheckConstraint(
                condition=~models.Q(item__isnull=True, taken_by=""), name="decision_at_meeting_or_taken_by"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and not self.number:
            raise ValidationError(_("Record a decision with record_decision(), which gives it its number."))
        if self.pk:
            stored = Decision.objects.filter(pk=self.pk).values().first()
            if stored is not None and (stored["body_id"], stored["year"], stored["number"]) != (
                self.body_id,
                self.year,
                self.number,
            ):
                raise ValidationError(_("A decision is never renumbered."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:decision", args=[self.pk])

    @property
    def label(self) -> str:
        return f"{self.body.short_code} {self.year}:{self.number}"

    @property
    def is_per_capsulam(self) -> bool:
        return self.item_id is None

    def is_execution_late_on(self, day: datetime.date) -> bool:
        return (
            self.execution != self.Execution.DONE and self.execution_due_on is not None and self.execution_due_on < day
        )

    @transaction.atomic
    def set_execution(self, execution: str, *, by, comment: str = "") -> None:
        """Record how far the decision has been carried out; the history keeps every step."""
        if execution not in self.Execution.values:
            raise ValidationError(_("Unknown execution status."))
        decision = Decision.objects.select_for_update().get(pk=self.pk)
        decision.execution = execution
        decision.execution_comment = comment
        decision.execution_changed_by = by
        decision.execution_changed_at = timezone.now()
        decision._history_user = by
        decision.save()
        self.refresh_from_db()

    # --- Carrying it out in the plan and the agreement (DecisionEffect): after approval too, see there. ---

    def _check_own_agreement(self, agreement_id: int, message) -> None:
        if agreement_id != self.body.agreement_id:
            raise ValidationError(message, code="other_agreement")

    def _lock(self) -> None:
        # Two recordings of the decision's effects at once (a double click, two tabs) queue up here.
        Decision.objects.select_for_update().filter(pk=self.pk).first()

    def _advance(self, execution: str, by) -> None:
        """Move how far the decision has been carried out on, only when the user asked for it."""
        if execution and execution != self.execution:
            self.set_execution(execution, by=by, comment=self.execution_comment)

    @transaction.atomic
    def change_activity_status(
        self,
        activity: Activity,
        status: Status,
        *,
        by,
        comment: str,
        effective_on: datetime.date | None = None,
        execution: str = "",
    ) -> DecisionEffect:
        """Give `activity` a new status as this decision says (dropped, finished, …), through the activity's own
        rules and history, and record that the decision made the change. The day it took effect is the
        decision's unless said, never before it and never after today."""
        self._check_own_agreement(activity.agreement_id, OTHER_AGREEMENTS_ACTIVITY)
        self._lock()
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if status.pk == activity.status_id:
            raise ValidationError(
                {"status": _("The activity already has this status; choose the one the decision gives it.")},
                code="same_status",
            )
        effective_on = effective_on or self.decided_on
        if effective_on < self.decided_on:
            raise ValidationError({"effective_on": before_decision_message(self)}, code="before_decision")
        change = activity.set_status(status, by=by, comment=comment.strip(), effective_on=effective_on)
        effect = DecisionEffect.record(self, DecisionEffect.Kind.STATUS_CHANGE, by=by, activity=activity,
                                       status_change=change)  # fmt: skip
        self._advance(execution, by)
        return effect

    @transaction.atomic
    def add_activity(self, *, name: str, goal_areas, by, execution: str = "") -> DecisionEffect:
        """A new activity in the plan of the decision's agreement, created by this decision."""
        self._lock()
        if self.effects.filter(kind=DecisionEffect.Kind.CREATED, activity__name__iexact=name.strip()).exists():
            # A double submit (or a second tab) must not put the same activity in the plan twice.
            raise ValidationError(
                {"name": _("This decision has already added “%(name)s” to the plan.") % {"name": name.strip()}},
                code="already_added",
            )
        activity = Activity.add_to_plan(self.body.agreement, name=name, goal_areas=goal_areas, by=by)
        effect = DecisionEffect.record(self, DecisionEffect.Kind.CREATED, by=by, activity=activity)
        self._advance(execution, by)
        return effect

    @transaction.atomic
    def link_appendix_version(self, version: AppendixVersion, *, by, execution: str = "") -> DecisionEffect:
        """Say that this decision made `version` of an appendix (agreements names its decider only as text)."""
        self._check_own_agreement(
            version.agreement_id, _("The appendix belongs to another agreement than the decision's body.")
        )
        self._lock()
        if DecisionEffect.objects.filter(appendix_version=version).exists():
            raise ValidationError(
                {"appendix_version": _("That version is already linked to a decision.")}, code="already_linked"
            )
        effect = DecisionEffect.record(self, DecisionEffect.Kind.APPENDIX_VERSION, by=by, appendix_version=version)
        self._advance(execution, by)
        return effect


OTHER_AGREEMENTS_ACTIVITY = _(
    "The activity belongs to another agreement's plan; a decision changes only its own agreement's plan."
)


def before_decision_message(decision: Decision) -> str:
    return _("The decision was taken on %(date)s; a change it made cannot take effect before that.") % {
        "date": formats.date_format(decision.decided_on, "SHORT_DATE_FORMAT")
    }


class DecisionEffect(models.Model):
    """What a decision did in the plan or the agreement: an activity it created, a status change it made (an
    activity dropped, say), a version of an appendix it decided.

    Not part of the minutes, so not frozen with them: the minutes say what was decided, this records that it
    was carried out (*verkställighet*), which happens after the minutes are approved as often as before. The
    change itself lives where it belongs (the activity's status entries and history, the appendix version);
    this only links it to its decision, from here, since those apps know nothing of meetings. What it links to
    is protected as the decision is: an activity, status entry or appendix version a decision made is not
    deleted from under the record of it (the admin says so; agreements.Appendix.removal_refused tells first).
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Activity added")
        STATUS_CHANGE = "status_change", _("Status changed")
        APPENDIX_VERSION = "appendix_version", _("Appendix version")

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="effects")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="decision_effects",
    )  # fmt: skip
    status_change = models.OneToOneField(
        StatusChange, verbose_name=_("status change"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="decision_effect",
    )  # fmt: skip
    appendix_version = models.OneToOneField(
        AppendixVersion, verbose_name=_("appendix version"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="decision_effect",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("change made by a decision")
        verbose_name_plural = _("changes made by decisions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="created",
                        activity__isnull=False,
                        status_change__isnull=True,
                        appendix_version__isnull=True,
                    )
                    | models.Q(
                        kind="status_change",
                        activity__isnull=False,
                        status_change__isnull=False,
                        appendix_version__isnull=True,
                    )
                    | models.Q(
                        kind="appendix_version",
                        activity__isnull=True,
                        status_change__isnull=True,
                        appendix_version__isnull=False,
                    )
                ),
                name="decision_effect_names_what_it_changed",
            ),  # fmt: skip
            # An activity is created once, so by one decision.
            models.UniqueConstraint(
                fields=["activity"], condition=models.Q(kind="created"), name="activity_created_by_one_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.get_kind_display()}"

    @classmethod
    def record(cls, decision: Decision, kind: str, *, by, **targets) -> DecisionEffect:
        effect = cls(decision=decision, kind=kind, recorded_by=by, **targets)
        effect._history_user = by
        effect.full_clean()
        effect.save()
        return effect


def record_decision(
    body: Body,
    *,
    text: str,
    decided_on: datetime.date,
    by,
    item: AgendaItem | None = None,
    taken_by: str = "",
    **fields,
) -> Decision:
    """Record a decision and give it the next number of its body and year, atomically."""
    if item is not None:
        if item.meeting.body_id != body.pk:
            raise ValidationError(_("The agenda item belongs to another body's meeting."))
        if item.is_frozen:
            raise FrozenMinutesError
    elif not taken_by.strip():
        raise ValidationError({"taken_by": _("Say who took a decision per capsulam.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    year = decided_on.year
    with transaction.atomic():
        _ensure_counter(body, year)
        counter = DecisionCounter.objects.select_for_update().get(body=body, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        decision = Decision(
            body=body, year=year, number=counter.last, item=item, decided_on=decided_on, taken_by=taken_by, text=text,
            **fields,
        )  # fmt: skip
        decision._history_user = by
        decision.full_clean(exclude=["year", "number"])
        decision.save()
    return decision


def _ensure_counter(body: Body, year: int) -> None:
    # Two first decisions of a year may race to create the counter: the loser finds the winner's row.
    if DecisionCounter.objects.filter(body=body, year=year).exists():
        return
    try:
        with transaction.atomic():
            DecisionCounter.objects.create(body=body, year=year)
    except IntegrityError:
        pass


class ActionItem(models.Model):
    """Something a person is to do by a date, raised at a meeting's item or on an activity."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="action_items",
    )  # fmt: skip
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="action_items",
    )  # fmt: skip
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="action_items")
    what = models.CharField(_("what"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=False) | models.Q(activity__isnull=False),
                name="action_item_raised_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue_on(self, day: datetime.date) -> bool:
        return not self.is_done and self.due_on < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @transaction.atomic
    def mark_done(self, *, by) -> None:
        """Done once: a second click (another tab) changes nothing."""
        action = ActionItem.objects.select_for_update().get(pk=self.pk)
        if action.done_at is None:
            action.done_at = timezone.now()
            action.done_by = by
            action._history_user = by
            action.save()
        self.refresh_from_db()

    @transaction.atomic
    def reopen(self, *, by) -> None:
        action = ActionItem.objects.select_for_update().get(pk=self.pk)
        if action.done_at is not None:
            action.done_at = None
            action.done_by = None
            action._history_user = by
            action.save()
        self.refresh_from_db()


class RaisedQuestionQuerySet(models.QuerySet):
    def as_shown(self) -> RaisedQuestionQuerySet:
        """With what its origin shows of it (meetings/includes/raised_question.html): the body, the answering
        decision's label."""
        return self.select_related("to_body", "answer_decision__body")


class RaisedQuestion(models.Model):
    """A question raised to the body reported to (*lyfta till*): from an agenda item, an activity or an action
    item. It lands on that body's next agenda draft; the answer (a decision, or a note) is shown at its origin."""

    to_body = models.ForeignKey(Body, verbose_name=_("raised to"), on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(_("question"), max_length=2_000)
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("from agenda item"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="raised_questions",
    )  # fmt: skip
    activity = models.ForeignKey(
        Activity, verbose_name=_("from activity"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="raised_questions",
    )  # fmt: skip
    action_item = models.ForeignKey(
        ActionItem, verbose_name=_("from action item"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="raised_questions",
    )  # fmt: skip
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, editable=False)
    answer = models.CharField(_("answer"), max_length=2_000, blank=True)
    answer_decision = models.ForeignKey(
        Decision, verbose_name=_("answered by decision"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="answered_questions",
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    objects = RaisedQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "pk"]
        verbose_name = _("raised question")
        verbose_name_plural = _("raised questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=False) | models.Q(activity__isnull=False)
                | models.Q(action_item__isnull=False),
                name="raised_question_has_an_origin",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.question

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def origin(self):
        return self.item or self.activity or self.action_item

    @property
    def origin_body(self) -> Body | None:
        if self.item_id:
            return self.item.meeting.body
        if self.action_item_id:
            return self.action_item.body
        return None

    @transaction.atomic
    def give_answer(self, *, by, text: str = "", decision: Decision | None = None) -> None:
        if not text.strip() and decision is None:
            raise ValidationError(_("Answer with a decision or a note."))
        if decision is not None and decision.body_id != self.to_body_id:
            raise ValidationError(_("The answer must be a decision of the body the question was raised to."))
        question = RaisedQuestion.objects.select_for_update().get(pk=self.pk)
        question.answer = text.strip()
        question.answer_decision = decision
        question.answered_at = timezone.now()
        question.answered_by = by
        question._history_user = by
        question.save()
        self.refresh_from_db()


def raise_question(origin, *, question: str, by, to_body: Body | None = None) -> RaisedQuestion:
    """Raise `question` from an agenda item, activity or action item to the body its body reports to.

    An activity belongs to no body of its own: the caller names the body (one of the agreement's) to raise it to.
    """
    fields = {}
    if isinstance(origin, AgendaItem):
        fields["item"] = origin
        to_body = origin.meeting.body.reports_to
    elif isinstance(origin, ActionItem):
        fields["action_item"] = origin
        to_body = origin.body.reports_to
    elif isinstance(origin, Activity):
        fields["activity"] = origin
        if to_body is None or to_body.agreement_id != origin.agreement_id:
            raise ValidationError(_("Choose a body of the activity's agreement to raise the question to."))
    else:
        raise TypeError(f"cannot raise a question from {origin!r}")
    if to_body is None:
        raise ValidationError(_("This body reports to no other body, so there is nowhere to raise the question."))
    if not question.strip():
        raise ValidationError({"question": _("Write the question.")})
    raised = RaisedQuestion(to_body=to_body, question=question.strip(), raised_by=by, **fields)
    raised._history_user = by
    raised.full_clean()
    raised.save()
    return raised


class AgendaDraftAdoption(models.Model):
    """A draft agenda entry the secretary adopted into a meeting: it is not offered for that meeting again."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="draft_adoptions")
    key = models.CharField(max_length=100)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("adopted agenda draft entry")
        verbose_name_plural = _("adopted agenda draft entries")
        constraints = [models.UniqueConstraint(fields=["meeting", "key"], name="adopt_a_draft_entry_once")]

    def __str__(self) -> str:
        return self.key

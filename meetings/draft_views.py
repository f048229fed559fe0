"""Preparing a meeting: its draft agenda, adopted entry by entry; questions raised upward and their answers."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities.access import get_activity_for_user
from samverkan.kept_results import keeps_results, kept_result

from .access import can_edit_meetings, can_see_meetings, get_meeting_for_user, visible_bodies
from .agenda_draft import KINDS, DraftEntry, adopt, agenda_draft, grouped
from .decision_models import ActionItem, Decision, RaisedQuestion, raise_question
from .models import AgendaItem, Body

PER_PAGE = 50


class AdoptForm(forms.Form):
    key = forms.CharField(max_length=100)


class ReturnToForm(forms.Form):
    """Where an entry was put on the agenda from: a kind's whole list and its page, or (invalid or none) the draft.
    A form of its own, so a bad page number never loses the entry."""

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in KINDS])
    sida = forms.IntegerField(min_value=1, required=False)


class RaiseForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Question"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RaiseFromActivityForm(RaiseForm):
    to_body = forms.ModelChoiceField(label=gettext_lazy("Raise to"), queryset=Body.objects.none())

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = bodies


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Answer"), max_length=2_000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.ModelChoiceField(
        label=gettext_lazy("Or answer with a decision"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, body, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = body.decisions.select_related("body").order_by("-year", "-number")


def draft_entries(meeting) -> list[DraftEntry]:
    """The meeting's draft as it is today, kept until the database changes: it is the same for everyone who may
    prepare the meeting, and the secretary reads it page after page (the views only read it)."""
    today = timezone.localdate()
    return kept_result("agenda draft", (meeting.pk, today), lambda: agenda_draft(meeting, today), shared=True)


@require_GET
@keeps_results
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft agenda: the first entries of each kind, each kind linking to its whole list."""
    meeting = get_meeting_for_user(request, pk, edit=True)
    context = {"meeting": meeting, "groups": grouped(draft_entries(meeting))}
    return render(request, "meetings/agenda_draft.html", context)


@require_GET
@keeps_results
def draft_kind(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """One kind of the draft's entries in whole, page by page."""
    meeting = get_meeting_for_user(request, pk, edit=True)
    if kind not in KINDS:
        raise Http404
    found = [entry for entry in draft_entries(meeting) if entry.kind == kind]
    context = {
        "meeting": meeting,
        "kind": kind,
        "title": KINDS[kind],
        "page": Paginator(found, PER_PAGE).get_page(request.GET.get("sida")),
    }
    return render(request, "meetings/agenda_draft_kind.html", context)


@require_POST
def draft_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, edit=True)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            item = adopt(meeting, form.cleaned_data["key"], timezone.localdate(), by=request.user)
        except LookupError:
            messages.error(request, _("That entry is no longer on the draft; the draft is shown as it is now."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(title)s” is on the agenda.") % {"title": item.title})
    else:
        messages.error(request, _("Choose an entry of the draft to put on the agenda."))
    back = ReturnToForm(request.POST)
    if back.is_valid():
        kind_list = reverse("meetings:draft_kind", args=[meeting.pk, back.cleaned_data["kind"]])
        return redirect(f"{kind_list}?sida={back.cleaned_data['sida'] or 1}")
    return redirect("meetings:draft", pk=meeting.pk)


def _raise(request: HttpRequest, origin, form, back: str, *, to_body=None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            question = raise_question(
                origin, question=form.cleaned_data["question"], by=request.user,
                to_body=form.cleaned_data.get("to_body", to_body),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The question is raised to %(body)s; it is on its next agenda draft.") % {"body": question.to_body},
            )
            return redirect(back)
    return render(request, "meetings/raise_form.html", {"form": form, "origin": origin, "back": back})


@require_http_methods(["GET", "POST"])
def raise_from_item(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = AgendaItem.objects.select_related("meeting__body__reports_to").get(pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404 from None
    meeting = get_meeting_for_user(request, item.meeting_id, edit=True)
    form = RaiseForm(request.POST if request.method == "POST" else None)
    return _raise(request, item, form, meeting.get_absolute_url())


@require_http_methods(["GET", "POST"])
def raise_from_action_item(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        action = ActionItem.objects.select_related("body__agreement", "body__reports_to").get(pk=pk)
    except ActionItem.DoesNotExist:
        raise Http404 from None
    if not can_see_meetings(request.user, action.body):
        raise Http404
    if action.owner_id != request.user.pk and not can_edit_meetings(request.user, action.body):
        raise PermissionDenied
    form = RaiseForm(request.POST if request.method == "POST" else None)
    return _raise(request, action, form, "/")


@require_http_methods(["GET", "POST"])
def raise_from_activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request, pk, edit=True)
    bodies = visible_bodies(request.user).filter(agreement=activity.agreement).order_by("order", "pk")
    form = RaiseFromActivityForm(bodies, request.POST if request.method == "POST" else None)
    return _raise(request, activity, form, activity.get_absolute_url())


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        question = RaisedQuestion.objects.select_related("to_body__agreement", "raised_by").get(pk=pk)
    except RaisedQuestion.DoesNotExist:
        raise Http404 from None
    if not can_see_meetings(request.user, question.to_body):
        raise Http404
    if not can_edit_meetings(request.user, question.to_body):
        raise PermissionDenied
    form = AnswerForm(question.to_body, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            question.give_answer(
                by=request.user, text=form.cleaned_data["answer"], decision=form.cleaned_data["decision"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The answer is recorded and shown where the question was raised."))
            return redirect("meetings:body", pk=question.to_body_id)
    return render(request, "meetings/answer_form.html", {"form": form, "question": question})

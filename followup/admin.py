from django.contrib import admin

from agreements.history_admin import HistoryAdmin

from .models import (
    Cause,
    CitizenPromise,
    CycleCompletion,
    CycleStep,
    Evaluation,
    Indicator,
    IndicatorValue,
    Judgement,
    Problem,
    SituationPicture,
    Source,
)


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0


class ProblemInline(admin.TabularInline):
    model = Problem
    fields = ["priority", "title"]
    extra = 0
    show_change_link = True


@admin.register(SituationPicture)
class SituationPictureAdmin(HistoryAdmin):
    list_display = ["year", "agreement", "prepared_on"]
    list_filter = ["agreement"]
    inlines = [SourceInline, ProblemInline]


class CauseInline(admin.TabularInline):
    model = Cause
    fields = ["order", "text", "parent"]
    extra = 0
    show_change_link = True


@admin.register(Problem)
class ProblemAdmin(HistoryAdmin):
    list_display = ["title", "priority", "situation_picture"]
    list_filter = ["situation_picture__agreement"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["activities"]
    filter_horizontal = ["districts"]
    inlines = [CauseInline]


@admin.register(Cause)
class CauseAdmin(HistoryAdmin):
    list_display = ["text", "problem", "parent"]
    list_filter = ["problem__situation_picture__agreement"]
    search_fields = ["text"]
    autocomplete_fields = ["parent", "activities"]


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ["name", "agreement", "activity", "goal_area", "cadence", "direction", "owner"]
    list_filter = ["agreement", "cadence", "direction"]
    search_fields = ["name", "source"]
    list_select_related = ["agreement", "activity", "goal_area", "owner"]
    autocomplete_fields = ["activity", "owner"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(HistoryAdmin):
    list_display = ["indicator", "period_start", "district", "sex", "value", "is_final", "entered_by", "entered_at"]
    list_filter = ["indicator__agreement", "is_final"]
    list_select_related = ["indicator", "district", "entered_by"]
    autocomplete_fields = ["indicator"]


@admin.register(Judgement)
class JudgementAdmin(HistoryAdmin):
    list_display = ["name", "agreement", "order"]
    list_filter = ["agreement"]
    list_editable = ["order"]


@admin.register(CitizenPromise)
class CitizenPromiseAdmin(HistoryAdmin):
    list_display = ["__str__", "agreement", "starts_on", "problem"]
    list_filter = ["agreement"]
    search_fields = ["text"]
    autocomplete_fields = ["activities", "problem"]
    filter_horizontal = ["parties"]


@admin.register(Evaluation)
class EvaluationAdmin(HistoryAdmin):
    list_display = ["__str__", "activity", "promise", "evaluated_on", "author"]
    list_filter = ["agreement", "kind"]
    autocomplete_fields = ["activity", "promise"]


class CycleCompletionInline(admin.TabularInline):
    model = CycleCompletion
    extra = 0


@admin.register(CycleStep)
class CycleStepAdmin(HistoryAdmin):
    list_display = ["name", "agreement", "month", "day", "kind", "responsible_role"]
    list_filter = ["agreement"]
    inlines = [CycleCompletionInline]

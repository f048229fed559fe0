"""Rows as they stood at a moment, picked in SQL: one row per object however long its history.

simple-history keeps a row per save; the quarterly dashboard and the dated plan report ask what each object
looked like at a quarter's end. Reading every row and keeping the last one in Python grows with the history;
a window function (`ROW_NUMBER() OVER (PARTITION BY …)`) picks the one row per object in the database.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber


def first_per(queryset: QuerySet, partition: str, order: list) -> QuerySet:
    """The first row of each `partition` in `order`, as a queryset to filter further (its own filters apply
    first: they choose the rows the window sees)."""
    ranked = queryset.annotate(row_rank=Window(RowNumber(), partition_by=[F(partition)], order_by=order))
    # Filters after the pick (say, "not deleted") must not narrow what is picked from: select by key.
    key = queryset.model._meta.pk.attname
    return queryset.model._default_manager.filter(**{f"{key}__in": ranked.filter(row_rank=1).values(key)})


def history_at(history: QuerySet, moment: datetime.datetime, *, else_first: bool = False) -> QuerySet:
    """Each object's history row that was the latest before `moment`: what it looked like then.

    With `else_first`, an object first recorded after `moment` comes as first recorded (a decision taken on a
    day but written down later); without, it is left out (it did not exist yet).
    """
    moment_fields = ("history_date", "history_id")  # the order rows were recorded in
    if not else_first:
        return first_per(history.filter(history_date__lt=moment), "id", [F(f).desc() for f in moment_fields])
    before = Q(history_date__lt=moment)
    order = [
        Case(When(before, then=Value(0)), default=Value(1)).asc(),  # rows before the moment first
        *(Case(When(before, then=F(f))).desc(nulls_last=True) for f in moment_fields),  # of those, the latest
        *(F(f).asc() for f in moment_fields),  # with none before, the first after
    ]
    return first_per(history, "id", order)

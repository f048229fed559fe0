"""Lets the agreement's PDF (agreements-pdf's template) read the activity plan without knowing its queries."""

from django import template

from activities.models import Activity

register = template.Library()


@register.simple_tag
def activity_plan(agreement):
    """Top-level activities in plan order, each with its sub-activities, goal areas, status and people."""
    return Activity.objects.for_matrix(agreement).with_plan_details()

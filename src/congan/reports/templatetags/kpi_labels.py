"""`{% load kpi_labels %}`: a figure's key ("crime.clearance_rate") as its name in words."""

from django import template

from congan.reports import kpis

register = template.Library()


@register.filter
def kpi_label(key: str) -> str:
    return kpis.label(key)

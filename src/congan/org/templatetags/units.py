"""`{% load units %}`: a unit and an era in words, as every page shows them."""

from django import template

from congan.org import unitcodes

register = template.Library()


@register.filter
def unit_label(unit) -> str:
    """`{{ case.unit|unit_label }}` → "Phường An Hòa (31120, trước ngày 01/7/2025)"."""
    return unitcodes.unit_label(unit) if unit else ""


@register.filter
def era_label(era: str) -> str:
    return unitcodes.era_label(era) if era else ""

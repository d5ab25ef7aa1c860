from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """0.9892 → '98,9%' (in the active language's number format); None → ''."""
    if fraction is None:
        return ""
    return f"{number_format(fraction * 100, decimal_pos=1)}%"

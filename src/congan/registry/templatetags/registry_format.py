import re

from django import template
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext

from congan.org.unitcodes import era_label

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """0.9892 → '98,9%' (in the active language's number format); None → ''."""
    if fraction is None:
        return ""
    return f"{number_format(fraction * 100, decimal_pos=1)}%"


# --- a resident's history, as the page shows it -------------------------------------------------
# The history keeps what changed as short texts ({what: [old, new]}, registry.services): keys name a
# field or a place ("temporary_residence", "identity_document 0920…"), values carry ISO dates and a
# unit's era as a code. The page shows both in words and dates as dd/mm/yyyy, in the active language.

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_UNIT_ERA = re.compile(r"\((\d+), (legacy|current)\)")
_INVALID = "; invalid"


@register.filter
def history_field(key: str) -> str:
    """"full_name" → "Họ và tên"; "identity_document 0920…" → "Giấy tờ tùy thân 0920…"."""
    from congan.registry.models import Person, PlaceKind

    if key in Person.EDITABLE:
        return capfirst(Person._meta.get_field(key).verbose_name)
    kind, _sep, rest = key.partition(" ")
    if kind.endswith("_residence") and kind.removesuffix("_residence") in PlaceKind.values:
        return str(PlaceKind(kind.removesuffix("_residence")).label)
    labels = {"identity_document": pgettext("history", "Identity document"),
              "household": pgettext("history", "Household"),
              "household_address": pgettext("history", "Household's address"),
              "household_unit": pgettext("history", "Household's ward")}
    if kind in labels:
        return f"{labels[kind]} {rest}".strip()
    return key


@register.filter
def history_value(value) -> str:
    """A value of the history: dates as dd/mm/yyyy, a unit's era in words, "invalid" translated."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    text = str(value)
    text = _UNIT_ERA.sub(lambda m: f"({m.group(1)}, {era_label(m.group(2))})", text)
    text = _ISO_DATE.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", text)
    if text.endswith(_INVALID):
        text = text.removesuffix(_INVALID) + "; " + pgettext("identity document", "no longer valid")
    return text


@register.filter
def id_findings(person) -> str:
    """Where a resident's ID number disagrees with the record, in words (registry.idtext)."""
    from congan.registry import idtext

    return idtext.findings_text(person.id_number, person.sex, person.birth_year) if person.id_finding else ""

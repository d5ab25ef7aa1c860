from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(label=_("ID number or full name"), max_length=120)
    year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1880, max_value=2100)

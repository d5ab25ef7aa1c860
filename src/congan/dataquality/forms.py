from django import forms
from django.utils.translation import gettext_lazy as _

from congan.org.models import Era


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("merge", _("Same person: merge")),
                                          ("keep_apart", _("Different persons: keep apart"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
    confirmed = forms.BooleanField(required=False)  # the merge's confirmation page was shown
    confirmed_differences = forms.BooleanField(
        label=_("I have checked: they are the same person despite these differences"), required=False)

    @property
    def merge(self) -> bool:
        return self.cleaned_data["decision"] == "merge"


class RunForm(forms.Form):
    train = forms.BooleanField(
        label=_("Train a new model (after large imports); otherwise the latest run's model is reused"),
        required=False,
    )


class RatesForm(forms.Form):
    era = forms.ChoiceField(label=_("Unit structure"), required=False, choices=Era.choices)

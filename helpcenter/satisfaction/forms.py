from django import forms
from django.utils.translation import gettext_lazy as _

from helpcenter.satisfaction.models import Rating


class SurveyForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How was the support on this ticket?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose good or bad.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""The two small feedback forms: the student's (did it happen, rating, comments) and the professional's."""

from __future__ import annotations

from typing import Any

from django import forms

YES_NO = [("yes", "Yes, it happened"), ("no", "No, it did not happen")]
RATINGS = [
    (str(n), label) for n, label in ((5, "5 – excellent"), (4, "4"), (3, "3"), (2, "2"), (1, "1 – poor"))
]


class StudentFeedbackForm(forms.Form):
    happened = forms.ChoiceField(label="Did the session happen?", choices=YES_NO, widget=forms.RadioSelect)
    rating = forms.TypedChoiceField(
        label="How useful was it?", choices=RATINGS, coerce=int, required=False, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label="Comments (optional)", required=False, max_length=2000, widget=forms.Textarea
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("happened") == "yes" and data.get("rating") in (None, ""):
            self.add_error("rating", "Please choose a rating from 1 to 5.")
        return data


class ProfessionalFeedbackForm(forms.Form):
    happened = forms.ChoiceField(label="Did the session happen?", choices=YES_NO, widget=forms.RadioSelect)
    comments = forms.CharField(
        label="Notes for the program team (optional)", required=False, max_length=4000, widget=forms.Textarea
    )

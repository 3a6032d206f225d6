import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helpcenter.core.dates import EARLIEST_DATE, LATEST_DATE, in_contract_range


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class IdListField(forms.Field):
    """Several integer ids from a multi-valued field (`?id=1&id=2`), parsed by IntegerField.

    `str.isdigit()` accepts "²" and "①", which `int()` refuses: ids are parsed
    by Django's IntegerField, never by hand.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *args, max_count: int = 200, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.max_count = max_count
        self._one = forms.IntegerField(min_value=1, max_value=2**62)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        return sorted({self._one.clean(item) for item in value})[: self.max_count]


class ContractDateField(forms.DateField):
    def validate(self, value):
        super().validate(value)
        if value and not in_contract_range(value):
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s.")
                % {"first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()}
            )


_ID = re.compile(r"[0-9]{1,18}")


def is_id(value) -> bool:
    """A primary key the database can hold: ASCII digits, within a signed 64-bit integer."""
    return isinstance(value, int) or bool(_ID.fullmatch(str(value).strip()))


class IdModelChoiceField(forms.ModelChoiceField):
    """ModelChoiceField that refuses a value no primary key can have before any query.

    Django's own passes "9" * 40 to the database, which raises OverflowError on
    SQLite and DataError on PostgreSQL: a 500 instead of "not one of the choices".
    """

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a value no primary key can have before any query, and an optional field
    left empty cleans to [] (Django's `queryset.none()` still builds a query when it is
    iterated; most tickets are opened with no CC)."""

    def clean(self, value):
        if not self.required and not value:
            return []
        for item in value if isinstance(value, list | tuple) else ():
            if not is_id(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super().clean(value)


# Choices named as the support team reads them (the configuration pages, incidents).
class ServiceField(IdModelChoiceField):
    """A service, labelled "Organization — Service"."""

    def label_from_instance(self, obj):
        return f"{obj.organization} — {obj.name}"


class ServicesField(IdModelMultipleChoiceField):
    """Services, labelled "Organization — Service"."""

    def label_from_instance(self, obj):
        return f"{obj.organization} — {obj.name}"


class PersonField(IdModelChoiceField):
    """A person, by the name they go by."""

    def label_from_instance(self, obj):
        return obj.display_name


class PeopleField(IdModelMultipleChoiceField):
    """People, by the names they go by."""

    def label_from_instance(self, obj):
        return obj.display_name

import re
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from helpcenter.core.dates import EARLIEST_DATE, LATEST_DATE, in_contract_range
from helpcenter.core.reads import already_read


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


class LaterChoiceIterator(ModelChoiceIterator):
    """Reads its field's queryset when iterated (Django's reads it when made)."""

    def __init__(self, field) -> None:
        self.field = field

    @property
    def queryset(self):  # type: ignore[override]
        return self.field.queryset


class ChoicesLater:
    """For model choice fields whose choices depend on the request: `choices_later(model,
    build)` makes the queryset when something first needs it (rendering the choices,
    checking a submitted value), not when the form is made. Building two querysets was
    half of the ticket form's set-up; a valid submit with no CC never needs that one."""

    iterator: type[ModelChoiceIterator] = LaterChoiceIterator
    _queryset: QuerySet | None
    _build: Callable[[], QuerySet] | None = None
    _model: type[Model] | None = None

    def _later_queryset(self):
        if self._queryset is None and self._build is not None:
            self._queryset = self._build()
        return self._queryset

    def _set_now(self, queryset):
        self._build = None
        forms.ModelChoiceField._set_queryset(self, queryset)  # type: ignore[attr-defined]

    queryset = property(_later_queryset, _set_now)

    def choices_later(self, model: type[Model], build: Callable[[], QuerySet]) -> None:
        self._model, self._build, self._queryset = model, build, None
        self.widget.choices = self.choices  # type: ignore[attr-defined]

    def nothing_chosen(self) -> QuerySet:
        """The empty choice, without building the queryset when it is not built yet."""
        if self._queryset is None and self._model is not None:
            empty = self._model._default_manager.none()
        else:
            empty = self.queryset.none()
        # Known to be empty: iterating it need not compile a query that cannot match.
        return already_read(empty, [])


class IdModelChoiceField(ChoicesLater, forms.ModelChoiceField):
    """ModelChoiceField that refuses a value no primary key can have before any query.

    Django's own passes "9" * 40 to the database, which raises OverflowError on
    SQLite and DataError on PostgreSQL: a 500 instead of "not one of the choices".
    """

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelMultipleChoiceField(ChoicesLater, forms.ModelMultipleChoiceField):
    def clean(self, value):
        for item in value if isinstance(value, list | tuple) else ():
            if not is_id(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        if not self.required and not value:
            return self.nothing_chosen()
        return super().clean(value)

"""INSERTs of new rows with their statement built once per process.

Every ticket opened writes a ticket, its clocks and its confirmation e-mail; the ORM's
`save()` and `bulk_create()` build an InsertQuery and compile it on each call, about
half of each write's cost (docs/performance.md). These write the same values, each
prepared by its field exactly as Django's insert compiler prepares it
(`pre_save(obj, add=True)`, then `get_db_prep_save`), into a statement whose text
depends only on the model, the number of rows and the options, so it is built once.
Not for models with signal receivers or custom `save()` methods (none of the three
has one); the audit chain's one-statement append (audit/chain.py) works the same way.

Each field's preparer (`preparers`) is Django's own path, short-cut only where that
path returns the attribute unchanged or only adapted by the backend: a `str` in one
of Django's text fields, a `bool` in a BooleanField, an `int` in an integer field
(adapted by `adapt_integerfield_value`, which on PostgreSQL gives the sized integer
server-side binding needs) or in a foreign key to an auto id, an aware `datetime` in
a DateTimeField without auto_now (adapted by `adapt_datetimefield_value`: a string
on SQLite), and None in any of them. Every other value, and every other field class
(subclasses included), takes the full path. A creation's rows (ticket, three clocks,
e-mail row, audit event) took 0.44 ms of CPU to prepare through Django's path and
take 0.15 ms this way; `tests/test_inserts.py` holds both paths to the same values,
types included.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.db.models import Field, Model
from django.db.models.constants import OnConflict

Preparer = Callable[[Model], Any]

_TEXT = {models.CharField, models.TextField, models.EmailField, models.SlugField}
_INTEGER = {
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
}
_AUTO = {models.AutoField, models.BigAutoField, models.SmallAutoField}


def _full(field: Field) -> Preparer:
    def prepare(obj: Model) -> Any:
        return field.get_db_prep_save(field.pre_save(obj, True), connection)

    return prepare


def _short_cut(
    field: Field, accepts: Callable[[Any], bool], adapt: Callable[[Any], Any] | None = None
) -> Preparer:
    """The attribute itself (through `adapt`, the backend's adaptation, if given) when it
    is None or `accepts` it; Django's full path otherwise."""
    full = _full(field)
    attname = field.attname

    def prepare(obj: Model) -> Any:
        value = getattr(obj, attname)
        if value is None or accepts(value):
            return value if adapt is None else adapt(value)
        return full(obj)

    return prepare


def _aware(value: Any) -> bool:
    # An aware datetime: DateTimeField.get_prep_value returns it as is.
    return type(value) is datetime and value.utcoffset() is not None


def _preparer(field: Field) -> Preparer:
    """`obj`'s value for `field` as Django's insert compiler prepares a new row's."""
    kind = type(field)
    if kind is models.DateTimeField and not (field.auto_now or field.auto_now_add):  # type: ignore[attr-defined]
        return _short_cut(field, _aware, lambda v: connection.ops.adapt_datetimefield_value(v))
    if kind.pre_save is not Field.pre_save:
        return _full(field)
    if kind in _INTEGER:
        internal = field.get_internal_type()
        return _short_cut(
            field,
            lambda v: type(v) is int,
            lambda v: connection.ops.adapt_integerfield_value(v, internal),
        )
    if kind in _TEXT:
        # Any str, choices' members included: CharField.to_python returns it as is.
        return _short_cut(field, lambda v: isinstance(v, str))
    if kind is models.BooleanField:
        return _short_cut(field, lambda v: type(v) is bool)
    if kind is models.ForeignKey and type(field.target_field) in _AUTO:  # type: ignore[attr-defined]
        return _short_cut(field, lambda v: type(v) is int)
    return _full(field)


def preparers(fields: Sequence[Field]) -> list[Preparer]:
    """One preparer per field, for `prepared`; build them once per statement."""
    return [_preparer(f) for f in fields]


@functools.cache
def _statement(
    model: type[Model], rows: int, ignore_conflicts: bool, returning: bool
) -> tuple[list[Preparer], str]:
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"{ops.insert_statement(on_conflict=on_conflict)} "
        f"{ops.quote_name(model._meta.db_table)} "
        f"({', '.join(ops.quote_name(f.column) for f in fields)}) "
        f"VALUES {', '.join([row] * rows)}"
    )
    if ignore_conflicts:
        suffix = ops.on_conflict_suffix_sql(fields, on_conflict, None, None)
        sql += f" {suffix}" if suffix else ""
    if returning:
        sql += f" RETURNING {ops.quote_name(model._meta.pk.column)}"
    return preparers(fields), sql


def prepared(obj: Model, preparers: Sequence[Preparer]) -> list:
    """`obj`'s values for the fields `preparers` were built for, as Django's insert
    compiler prepares a new row's."""
    return [prepare(obj) for prepare in preparers]


def insert_rows(objs: Sequence[Model], *, ignore_conflicts: bool = False) -> None:
    """One INSERT of new `objs` (all of one model); their ids are not read back.
    `ignore_conflicts`: a row that breaks a unique constraint is skipped, as
    `bulk_create(ignore_conflicts=True)` does."""
    if not objs:
        return
    preps, sql = _statement(type(objs[0]), len(objs), ignore_conflicts, False)
    params = [value for obj in objs for value in prepared(obj, preps)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_one(obj: Model) -> None:
    """INSERT one new `obj` and set its id, as `obj.save()` would for a new row
    (without save's signals: keep to models that have no receivers)."""
    preps, sql = _statement(type(obj), 1, False, True)
    params = prepared(obj, preps)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, connection.alias

"""INSERTs of new rows with their statement built once per process.

Every ticket opened writes a ticket, its clocks and its confirmation e-mail; the ORM's
`save()` and `bulk_create()` build an InsertQuery and compile it on each call, about
half of each write's cost (docs/performance.md). These write the same values, each
prepared by its field exactly as Django's insert compiler prepares it
(`pre_save(obj, add=True)`, then `get_db_prep_save`), into a statement whose text
depends only on the model, the number of rows and the options, so it is built once.
Not for models with signal receivers or custom `save()` methods (none of the three
has one); the audit chain's one-statement append (audit/chain.py) works the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import connection
from django.db.models import Field, Model
from django.db.models.constants import OnConflict


@functools.cache
def _statement(
    model: type[Model], rows: int, ignore_conflicts: bool, returning: bool
) -> tuple[list[Field], str]:
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
    return fields, sql


def prepared(obj: Model, fields: Sequence[Field]) -> list:
    """`obj`'s values for `fields`, as Django's insert compiler prepares a new row's."""
    return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]


def insert_rows(objs: Sequence[Model], *, ignore_conflicts: bool = False) -> None:
    """One INSERT of new `objs` (all of one model); their ids are not read back.
    `ignore_conflicts`: a row that breaks a unique constraint is skipped, as
    `bulk_create(ignore_conflicts=True)` does."""
    if not objs:
        return
    fields, sql = _statement(type(objs[0]), len(objs), ignore_conflicts, False)
    params = [value for obj in objs for value in prepared(obj, fields)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_one(obj: Model) -> None:
    """INSERT one new `obj` and set its id, as `obj.save()` would for a new row
    (without save's signals: keep to models that have no receivers)."""
    fields, sql = _statement(type(obj), 1, False, True)
    params = prepared(obj, fields)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, connection.alias

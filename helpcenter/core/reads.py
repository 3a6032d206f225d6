"""Reads of whole rows by equality (and `__gt`) conditions, the statement built once per process.

Every request reads its session and its user, and every ticket opened reads its service.
The ORM builds and compiles a query on each call: a user read by its id costs about
0.29 ms of CPU on SQLite where running the statement costs 0.03 ms (docs/performance.md).
`read_rows` returns the same instances the ORM would: the model's concrete columns, each
converted by the same database converters the ORM applies (`Model.from_db`), a
condition's values prepared by their fields (`get_db_prep_value`, so a bad value fails
as it would in a filter), forward foreign keys in `related` joined and cached as
`select_related` caches them. Only for plain reads of one model's rows: no ordering, no
annotations, no locking (use the ORM for anything else).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import ForeignKey, Model, QuerySet
from django.db.models.fields import Field

M = TypeVar("M", bound=Model)
Q = TypeVar("Q", bound=QuerySet)

_OPERATORS = {"": "=", "gt": ">"}  # and "isnull" (True only): IS NULL


class _Part:
    """One model's columns in the select list: where they start, how to build the instance."""

    def __init__(self, model: type[Model], alias: str, start: int) -> None:
        self.model = model
        self.fields: list[Field] = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.start, self.end = start, start + len(self.fields)
        self.pk_index = next(i for i, f in enumerate(self.fields) if f.primary_key)
        self.columns = [f"{alias}.{connection.ops.quote_name(f.column)}" for f in self.fields]
        self.converters: list[tuple[int, list, Any]] = []
        for index, field in enumerate(self.fields):
            col = field.get_col(alias)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                self.converters.append((index, found, col))

    def build(self, row: Sequence) -> Model | None:
        values = list(row[self.start : self.end])
        for index, converters, col in self.converters:
            for converter in converters:
                values[index] = converter(values[index], col, connection)
        if values[self.pk_index] is None:
            return None  # a nullable foreign key that points nowhere
        return self.model.from_db(connection.alias, self.attnames, values)


@functools.cache
def _statement(
    model: type[Model], keys: tuple[str, ...], related: tuple[str, ...]
) -> tuple[str, list[Field], _Part, list[tuple[str, str, ForeignKey, _Part]]]:
    quote = connection.ops.quote_name
    main = _Part(model, "t", 0)
    columns = list(main.columns)
    joins = []
    parts: dict[str, tuple[str, _Part, bool]] = {"": ("t", main, False)}
    joined: list[tuple[str, str, ForeignKey, _Part]] = []
    for n, path in enumerate(related):
        parent, _, name = path.rpartition("__")
        if parent not in parts:
            raise ValueError(f"name {parent!r} in `related` before {path!r}")
        left, left_part, left_nullable = parts[parent]
        fk = left_part.model._meta.get_field(name)
        if not isinstance(fk, ForeignKey):
            raise TypeError(f"{left_part.model.__name__}.{name} is not a forward foreign key")
        remote = fk.related_model
        assert isinstance(remote, type)
        part = _Part(remote, f"r{n}", len(columns))
        columns += part.columns
        # An INNER JOIN only where no row can be missing all the way from the main table.
        nullable = fk.null or left_nullable
        kind = "LEFT OUTER JOIN" if nullable else "INNER JOIN"
        joins.append(
            f"{kind} {quote(remote._meta.db_table)} r{n} "
            f"ON r{n}.{quote(fk.target_field.column)} = {left}.{quote(fk.column)}"
        )
        parts[path] = (f"r{n}", part, nullable)
        joined.append((parent, path, fk, part))
    fields: list[Field] = []
    conditions = []
    for key in keys:
        name, _, operator = key.partition("__")
        field = model._meta.get_field(name)
        assert isinstance(field, Field) and field.concrete
        column = f"t.{quote(field.column)}"
        if operator == "isnull":
            conditions.append(f"{column} IS NULL")
        else:
            fields.append(field)
            conditions.append(f"{column} {_OPERATORS[operator]} %s")
    # Only quoted names of our own tables and columns; every value is a parameter.
    table = quote(model._meta.db_table)
    sql = f"SELECT {', '.join(columns)} FROM {table} t {' '.join(joins)} WHERE "  # noqa: S608
    sql += " AND ".join(conditions)
    return sql, fields, main, joined


def read_rows(
    model: type[M], where: Mapping[str, Any], *, related: tuple[str, ...] = ()
) -> list[M]:
    """The rows of `model` matching every condition of `where` (field name → value,
    `name__gt` → value, or `name__isnull` → True), each with its `related` foreign keys'
    rows cached on it (`"a__b"` after `"a"`, as select_related follows them)."""
    if any(key.endswith("__isnull") and value is not True for key, value in where.items()):
        raise ValueError("only `__isnull=True` is supported")
    sql, fields, main, joined = _statement(model, tuple(where), related)
    values = [v for k, v in where.items() if not k.endswith("__isnull")]
    params = [
        field.get_db_prep_value(value, connection, prepared=False)
        for field, value in zip(fields, values, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: list[M] = []
    for row in rows:
        obj = main.build(row)
        assert obj is not None
        built: dict[str, Model | None] = {"": obj}
        for parent, path, fk, part in joined:
            owner, built[path] = built[parent], part.build(row)
            if owner is not None:
                fk.set_cached_value(owner, built[path])
        found.append(obj)  # type: ignore[arg-type]
    return found


def already_read(queryset: Q, rows: Sequence[Model]) -> Q:
    """`queryset`, evaluated to `rows` without a query (as prefetch_related leaves a
    relation's queryset): for rows just written or known to be none."""
    filled: Any = queryset
    filled._result_cache, filled._prefetch_done = list(rows), True
    return queryset

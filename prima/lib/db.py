"""Small database helpers for hot paths, where the ORM's query compilation costs more than the
query itself (the citizen's survey submission: benchmarks/skm.py).

The SQL is built once per model from its `_meta`, and values pass through each field's own
`pre_save` and `get_db_prep_save` (and, when read, the converters the ORM applies), so column
types, JSON and auto_now fields behave exactly as with `Model.save()` and querysets. Signals
are not sent: use these only for models where none are connected. Works on SQLite (3.35+,
for RETURNING) and PostgreSQL.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Model


def _quote(name: str | None) -> str:
    assert name is not None
    return str(connection.ops.quote_name(name))


def _table(model: type[Model]) -> str:
    return _quote(model._meta.db_table)


def _pk_column(model: type[Model]) -> str:
    pk: Any = model._meta.pk
    return _quote(pk.column)


def _fields(model: type[Model], names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(model._meta.get_field(name) for name in names)


@cache
def _insert_sql(
    model: type[Model], vendor: str, conflict: tuple[str, ...], where: str
) -> tuple[str, tuple]:
    fields = tuple(f for f in model._meta.concrete_fields if not (f.primary_key and f.auto_created))
    columns = ", ".join(_quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {_table(model)} ({columns}) "  # noqa: S608 - names from _meta
    if where:
        if vendor == "postgresql":  # typed, as a plain VALUES list would be by its columns
            placeholders = ", ".join(f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields)
        sql += f"SELECT {placeholders} WHERE {where}"
    else:
        sql += f"VALUES ({placeholders})"
    if conflict:
        targets = ", ".join(_quote(f.column) for f in _fields(model, conflict))
        sql += f" ON CONFLICT ({targets}) DO NOTHING"
    return f"{sql} RETURNING {_pk_column(model)}", fields


def insert(
    instance: Model,
    *,
    skip_on_conflict: tuple[str, ...] = (),
    only_if: tuple[str, list[Any]] = ("", []),
) -> bool:
    """INSERT `instance` in one statement and set its primary key; False if no row was
    inserted.

    With `skip_on_conflict` (the fields of a unique constraint) a row that would break that
    constraint is not inserted, leaving the transaction usable (there is no IntegrityError to
    recover from). `only_if` is an SQL condition with its parameters, checked in the same
    statement: the row is inserted only if it holds.
    """
    where, where_params = only_if
    sql, fields = _insert_sql(type(instance), connection.vendor, skip_on_conflict, where)
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *where_params])
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True


@cache
def _update_sql(model: type[Model], vendor: str, names: tuple[str, ...]) -> tuple[str, tuple]:
    fields = _fields(model, names)
    assignments = ", ".join(f"{_quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {_table(model)} SET {assignments} WHERE {_pk_column(model)} = %s"  # noqa: S608 - names from _meta
    return sql, fields


def update_statement(instance: Model, names: tuple[str, ...]) -> tuple[str, list[Any]]:
    """The UPDATE of the named fields of a saved `instance`, with its parameters, to run
    alone (`update`) or after other statements in one round trip."""
    sql, fields = _update_sql(type(instance), connection.vendor, names)
    values = [f.get_db_prep_save(f.pre_save(instance, False), connection) for f in fields]
    return sql, [*values, instance.pk]


def update(instance: Model, names: tuple[str, ...]) -> None:
    """UPDATE the named fields of a saved `instance` in one statement (auto_now fields named
    here are set, as `save(update_fields=…)` would)."""
    sql, params = update_statement(instance, names)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@cache
def _select_sql(model: type[Model], vendor: str, names: tuple[str, ...], lock: bool) -> tuple:
    fields = _fields(model, names)
    columns = ", ".join(_quote(f.column) for f in fields)
    sql = f"SELECT {columns} FROM {_table(model)} WHERE {_pk_column(model)} = %s"  # noqa: S608 - names from _meta
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql, tuple(f.get_col(model._meta.db_table) for f in fields)


def load(
    model: type[Model], pk: Any, names: tuple[str, ...], *, lock: bool = False
) -> dict[str, Any] | None:
    """The named fields of one row by primary key, converted as the ORM would, or None.

    `lock` takes the row lock (FOR UPDATE where the database has it; SQLite serialises
    writers anyway), so it must run inside a transaction.
    """
    sql, columns = _select_sql(model, connection.vendor, names, lock)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values: dict[str, Any] = {}
    for column, value in zip(columns, row, strict=True):
        # In the order the ORM's compiler applies them: the backend's, then the field's.
        converters = [
            *connection.ops.get_db_converters(column),
            *column.get_db_converters(connection),
        ]
        for converter in converters:
            value = converter(value, column, connection)
        values[column.target.name] = value
    return values

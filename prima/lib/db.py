"""Small database helpers for hot paths, where the ORM's query compilation costs more than the
query itself (the citizen's survey submission: benchmarks/skm.py).

The SQL is built once per model from its `_meta`, and values pass through each field's own
`pre_save` and `get_db_prep_save` (and, when read, the converters the ORM applies), so column
types, JSON and auto_now fields behave exactly as with `Model.save()` and querysets. Rows
read back are named (`fetch`, `insert_then`): filled by column name, never by position. Signals
are not sent: use these only for models where none are connected. Works on SQLite (3.35+,
for RETURNING) and PostgreSQL.

On PostgreSQL the statements are prepared on the server the first time a connection runs them
and reused after (`execute`); Django's own cursors send every statement as new text, with the
parameters bound on the client, for the server to parse and plan again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

R = TypeVar("R")


def _connection() -> Any:
    """The default connection itself: `django.db.connection` is a proxy that looks it up
    again on every attribute, and the fields' preparation reads it dozens of times per row."""
    return connections[DEFAULT_DB_ALIAS]


def execute(sql: str, params: Sequence[Any], *, fetch: bool = False) -> tuple | None:
    """Run one statement on the default connection, in the caller's transaction if any, and
    return its first row when `fetch` (None when it returned none).

    On PostgreSQL through a psycopg cursor that prepares the statement on the server: each of
    a connection's statements is parsed and planned once (persistent connections,
    CONN_MAX_AGE), which on the citizen's submission was as much work for the server as
    running them. Errors come out as Django's, as from any cursor. Statements run here are not
    in `connection.queries`.
    """
    found = _run(sql, params, fetch=fetch)
    return None if found is None else found[1]


def fetch(row: Callable[..., R], sql: str, params: Sequence[Any]) -> R | None:
    """The first row of a SELECT (run as `execute` runs it) as `row`, a NamedTuple or
    dataclass whose fields are the statement's column names, filled by name and never by
    position; None when it returned no row. A column the row does not name, or a field no
    column fills, is a TypeError."""
    found = _run(sql, params, fetch=True)
    return None if found is None else _named(row, *found)


def _run(sql: str, params: Sequence[Any], *, fetch: bool) -> tuple[tuple[str, ...], tuple] | None:
    """Run one statement (see `execute`); with `fetch`, its column names and first row."""
    connection = _connection()
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return _first(cursor) if fetch else None
    import psycopg

    connection.validate_no_broken_transaction()
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return _first(cursor) if fetch else None


def _first(cursor: Any) -> tuple[tuple[str, ...], tuple] | None:
    row = cursor.fetchone()
    if row is None:
        return None
    return tuple(column[0] for column in cursor.description), tuple(row)


def _named(row: Callable[..., R], names: Sequence[str], values: Sequence[Any]) -> R:
    return row(**dict(zip(names, values, strict=True)))


def table(model: type[Model]) -> str:
    """The model's table, quoted, for a statement written by hand."""
    return _table(model)


def column(model: type[Model], name: str, *, alias: str = "") -> str:
    """The column of the model's field `name`, quoted (after `alias.` when given), for a
    statement written by hand: a column renamed in the model is renamed in the SQL."""
    field: Any = model._meta.get_field(name)
    quoted = _quote(field.column)
    return f"{alias}.{quoted}" if alias else quoted


def columns(model: type[Model], names: Sequence[str], *, alias: str = "") -> str:
    """A SELECT list of the named fields' columns, each labelled with its field's attribute
    name (`period_id` for the foreign key `period`): the names `fetch` fills a row by,
    whatever the columns are called in the database."""
    fields = _fields(model, tuple(names))
    return ", ".join(f"{column(model, f.name, alias=alias)} AS {_quote(f.attname)}" for f in fields)


def _quote(name: str | None) -> str:
    assert name is not None
    return str(_connection().ops.quote_name(name))


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
            placeholders = ", ".join(f"CAST(%s AS {f.cast_db_type(_connection())})" for f in fields)
        sql += f"SELECT {placeholders} WHERE {where}"
    else:
        sql += f"VALUES ({placeholders})"
    if conflict:
        targets = ", ".join(_quote(f.column) for f in _fields(model, conflict))
        sql += f" ON CONFLICT ({targets}) DO NOTHING"
    return f"{sql} RETURNING {_pk_column(model)}", fields


def _insert_statement(
    instance: Model, skip_on_conflict: tuple[str, ...], only_if: tuple[str, list[Any]]
) -> tuple[str, list[Any]]:
    where, where_params = only_if
    connection = _connection()
    sql, fields = _insert_sql(type(instance), connection.vendor, skip_on_conflict, where)
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    return sql, [*values, *where_params]


def _stored(instance: Model, pk: Any) -> None:
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = DEFAULT_DB_ALIAS


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
    row = execute(*_insert_statement(instance, skip_on_conflict, only_if), fetch=True)
    if row is None:
        return False
    _stored(instance, row[0])
    return True


@dataclass(frozen=True, slots=True)
class Inserted(Generic[R]):
    """An instance `insert_then` inserted, and its query's row (None when it found none)."""

    found: R | None


def insert_then(
    instance: Model,
    query: tuple[str, list[Any]],
    *,
    row: Callable[..., R],
    skip_on_conflict: tuple[str, ...] = (),
    only_if: tuple[str, list[Any]] = ("", []),
) -> Inserted[R] | None:
    """INSERT `instance` as `insert` does and run `query` (a SELECT returning one row, which
    may lock it with FOR UPDATE) in the same round trip: None when the instance was not
    inserted (and then nothing was locked), else the query's row as `row`, read as `fetch`
    reads it (by its column names).

    `query` sees the database as it was before the insert, as PostgreSQL's data-modifying
    WITH does (on PostgreSQL it is one statement: the insert in a WITH, the query joined
    laterally to the inserted row; elsewhere the query runs first, then the insert). The
    query's first column must never be NULL (a primary key, say): that is how a row it did
    not find is told from one it found.
    """
    sql, params = _insert_statement(instance, skip_on_conflict, only_if)
    query_sql, query_params = query
    if _connection().vendor == "postgresql":
        joined = _run(
            f"WITH inserted AS ({sql}) SELECT * FROM inserted "
            f"LEFT JOIN LATERAL ({query_sql}) AS queried ON TRUE",
            [*params, *query_params],
            fetch=True,
        )
        if joined is None:
            return None
        # The inserted row is the primary key its RETURNING names; the query's columns follow.
        names, (pk, *values) = joined
        found = _named(row, names[1:], values) if values[0] is not None else None
    else:
        if not _connection().features.has_select_for_update:
            query_sql = query_sql.replace(" FOR UPDATE", "")
        found = fetch(row, query_sql, query_params)
        inserted = execute(sql, params, fetch=True)
        if inserted is None:
            return None
        pk = inserted[0]
    _stored(instance, pk)
    return Inserted(found)


def convert(model: type[Model], values: Mapping[str, Any]) -> dict[str, Any]:
    """Values of the model's fields, keyed by field name, as read by plain SQL: converted as
    the ORM would."""
    connection = _connection()
    names = tuple(values)
    _sql, columns = _select_sql(model, connection.vendor, names, False)
    converted: dict[str, Any] = {}
    for name, column_ in zip(names, columns, strict=True):
        value = values[name]
        for converter in _converters(column_, connection.vendor):
            value = converter(value, column_, connection)
        converted[name] = value
    return converted


@cache
def _update_sql(model: type[Model], vendor: str, names: tuple[str, ...]) -> tuple[str, tuple]:
    fields = _fields(model, names)
    assignments = ", ".join(f"{_quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {_table(model)} SET {assignments} WHERE {_pk_column(model)} = %s"  # noqa: S608 - names from _meta
    return sql, fields


def update_statement(instance: Model, names: tuple[str, ...]) -> tuple[str, list[Any]]:
    """The UPDATE of the named fields of a saved `instance`, with its parameters, to run
    alone (`update`) or after other statements in one round trip."""
    connection = _connection()
    sql, fields = _update_sql(type(instance), connection.vendor, names)
    values = [f.get_db_prep_save(f.pre_save(instance, False), connection) for f in fields]
    return sql, [*values, instance.pk]


def update(instance: Model, names: tuple[str, ...]) -> None:
    """UPDATE the named fields of a saved `instance` in one statement (auto_now fields named
    here are set, as `save(update_fields=…)` would)."""
    execute(*update_statement(instance, names))


@cache
def _select_sql(model: type[Model], vendor: str, names: tuple[str, ...], lock: bool) -> tuple:
    fields = _fields(model, names)
    columns = ", ".join(_quote(f.column) for f in fields)
    sql = f"SELECT {columns} FROM {_table(model)} WHERE {_pk_column(model)} = %s"  # noqa: S608 - names from _meta
    if lock and _connection().features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql, tuple(f.get_col(model._meta.db_table) for f in fields)


@cache
def _converters(column: Any, vendor: str) -> tuple:
    """The ORM's converters of a selected column, in the order its compiler applies them:
    the backend's, then the field's."""
    connection = _connection()
    return (*connection.ops.get_db_converters(column), *column.get_db_converters(connection))


def load(
    model: type[Model], pk: Any, names: tuple[str, ...], *, lock: bool = False
) -> dict[str, Any] | None:
    """The named fields of one row by primary key, converted as the ORM would, or None.

    `lock` takes the row lock (FOR UPDATE where the database has it; SQLite serialises
    writers anyway), so it must run inside a transaction.
    """
    sql, _columns = _select_sql(model, _connection().vendor, names, lock)
    row = execute(sql, [pk], fetch=True)
    # The statement selects the named fields' columns in that order (_select_sql).
    return None if row is None else convert(model, dict(zip(names, row, strict=True)))

"""The hot-path database helpers (prima/lib/db.py) on the test database — SQLite by default,
PostgreSQL in CI, where statements are prepared on the server."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from django.db import IntegrityError, transaction

from prima.lib import db
from prima.registry.models import Region


@pytest.mark.django_db
def test_a_prepared_statement_gives_the_same_rows_each_time():
    table = Region._meta.db_table
    sql = f"SELECT COUNT(*) FROM {table} WHERE code = %s"  # noqa: S608 - our table
    # More runs than psycopg's own threshold: the prepared statement is used from the first.
    assert [db.execute(sql, ["no-such-code"], fetch=True) for _ in range(7)] == [(0,)] * 7
    assert db.execute(f"SELECT code FROM {table} WHERE code = %s", ["x"], fetch=True) is None  # noqa: S608


@pytest.mark.django_db
def test_errors_are_djangos_and_leave_the_transaction_to_the_caller():
    table = Region._meta.db_table
    columns = "code, name, level, kind, timezone, is_active, source"
    insert = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, 1, 'provinsi', 'WIT', %s, 'test')"  # noqa: S608 - our table
    with pytest.raises(IntegrityError), transaction.atomic():
        db.execute(insert, ["X1", "First", True])
        db.execute(insert, ["X1", "The same code again", True])
    # The whole atomic block was rolled back, the first row with it.
    assert not Region.objects.filter(code="X1").exists()
    db.execute(insert, ["X1", "First", True])
    assert Region.objects.get(code="X1").name == "First"


@pytest.mark.django_db
def test_insert_update_and_load_go_through_the_fields():
    region = Region(code="X2", name="Maluku", level=1, kind="provinsi", timezone="WIT", source="t")
    assert db.insert(region)
    assert not region._state.adding
    region.name = "Provinsi Maluku"
    db.update(region, ("name",))
    assert db.load(Region, "X2", ("name", "is_active")) == {
        "name": "Provinsi Maluku",
        "is_active": True,
    }
    assert db.load(Region, "X9", ("name",)) is None
    again = Region(
        code="X2", name="Duplicate", level=1, kind="provinsi", timezone="WIT", source="t"
    )
    assert db.insert(again, skip_on_conflict=("code",)) is False


class Counted(NamedTuple):
    code: str
    earlier: int


@pytest.mark.django_db
def test_insert_then_returns_the_query_as_it_was_before_the_insert():
    table = Region._meta.db_table
    count = f"(SELECT COUNT(*) FROM {table} WHERE code LIKE 'X%%') AS earlier"  # noqa: S608 - our table
    query = (f"SELECT code, {count} FROM {table} WHERE code = %s FOR UPDATE", ["X3"])  # noqa: S608
    first = Region(code="X3", name="Maluku", level=1, kind="provinsi", timezone="WIT", source="t")
    inserted = db.insert_then(first, query, row=Counted)
    assert inserted is not None and inserted.found is None  # X3 did not exist before the insert
    assert first.pk == "X3" and not first._state.adding
    second = Region(code="X4", name="Papua", level=1, kind="provinsi", timezone="WIT", source="t")
    # X4 is not counted: it is the new row.
    assert db.insert_then(second, query, row=Counted) == db.Inserted(Counted("X3", 1))
    again = Region(code="X4", name="Papua", level=1, kind="provinsi", timezone="WIT", source="t")
    assert db.insert_then(again, query, row=Counted, skip_on_conflict=("code",)) is None


@pytest.mark.django_db
def test_insert_then_reads_the_querys_row_by_name_whatever_the_column_order():
    table = Region._meta.db_table
    count = f"(SELECT COUNT(*) FROM {table} WHERE code LIKE 'X%%') AS earlier"  # noqa: S608 - our table
    query = (f"SELECT {count}, code FROM {table} WHERE code = %s FOR UPDATE", ["X5"])  # noqa: S608
    db.insert(
        Region(code="X5", name="Maluku", level=1, kind="provinsi", timezone="WIT", source="t")
    )
    then = Region(code="X6", name="Papua", level=1, kind="provinsi", timezone="WIT", source="t")
    assert db.insert_then(then, query, row=Counted) == db.Inserted(Counted(code="X5", earlier=1))


class Named(NamedTuple):
    code: str
    name: str


@pytest.mark.django_db
def test_a_fetched_row_is_filled_by_column_name_whatever_the_select_order():
    db.insert(
        Region(code="X7", name="Maluku", level=1, kind="provinsi", timezone="WIT", source="t")
    )
    table = Region._meta.db_table
    for select in ("code, name", "name, code"):
        sql = f"SELECT {select} FROM {table} WHERE code = %s"  # noqa: S608 - our table
        assert db.fetch(Named, sql, ["X7"]) == Named(code="X7", name="Maluku")
    assert db.fetch(Named, f"SELECT code, name FROM {table} WHERE code = %s", ["X0"]) is None  # noqa: S608


@pytest.mark.django_db
def test_a_column_the_row_does_not_name_is_an_error_rather_than_a_misread_value():
    db.insert(
        Region(code="X8", name="Maluku", level=1, kind="provinsi", timezone="WIT", source="t")
    )
    table = Region._meta.db_table
    renamed = f"SELECT code, name AS title FROM {table} WHERE code = %s"  # noqa: S608 - our table
    with pytest.raises(TypeError):
        db.fetch(Named, renamed, ["X8"])


def test_columns_come_from_the_models_meta_labelled_with_the_field_names(monkeypatch):
    monkeypatch.setattr(Region._meta.get_field("name"), "column", "nama")
    assert db.column(Region, "name", alias="r") == 'r."nama"'
    assert (
        db.columns(Region, ("code", "name"), alias="r") == 'r."code" AS "code", r."nama" AS "name"'
    )
    assert db.columns(Region, ("parent",)) == '"parent_id" AS "parent_id"'

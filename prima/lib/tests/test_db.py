"""The hot-path database helpers (prima/lib/db.py) on the test database — SQLite by default,
PostgreSQL in CI, where statements are prepared on the server."""

from __future__ import annotations

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


@pytest.mark.django_db
def test_insert_then_returns_the_query_as_it_was_before_the_insert():
    table = Region._meta.db_table
    count = f"(SELECT COUNT(*) FROM {table} WHERE code LIKE 'X%%')"  # noqa: S608 - our table
    query = (f"SELECT code, {count} FROM {table} WHERE code = %s FOR UPDATE", ["X3"])  # noqa: S608
    first = Region(code="X3", name="Maluku", level=1, kind="provinsi", timezone="WIT", source="t")
    assert db.insert_then(first, query) == ()  # X3 did not exist before the insert
    assert first.pk == "X3" and not first._state.adding
    second = Region(code="X4", name="Papua", level=1, kind="provinsi", timezone="WIT", source="t")
    assert db.insert_then(second, query) == ("X3", 1)  # X4 is not counted: it is the new row
    again = Region(code="X4", name="Papua", level=1, kind="provinsi", timezone="WIT", source="t")
    assert db.insert_then(again, query, skip_on_conflict=("code",)) is None

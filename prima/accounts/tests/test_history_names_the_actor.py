"""Every write to accounts names who made it in the record's history."""

from __future__ import annotations

import pytest

from prima.accounts import actions
from prima.accounts.models import ApiToken, Membership

pytestmark = pytest.mark.django_db


def test_a_revoked_role_records_who_revoked_it(world):
    membership = world.abdul.memberships.get()
    pk = membership.pk
    actions.revoke_role(membership, actor=world.siti)
    deleted = Membership.history.filter(id=pk, history_type="-").get()
    assert deleted.history_user == world.siti


def test_a_password_set_by_an_administrator_records_the_administrator(world):
    actions.set_password(world.abdul, actor=world.siti, password="another long passphrase")
    assert world.abdul.history.latest().history_user == world.siti


def test_an_api_token_records_its_owner_creating_it_and_who_revoked_it(world):
    token, _raw = actions.create_api_token(world.siti, name="laptop")
    assert token.history.get().history_user == world.siti
    actions.revoke_api_token(token, actor=world.ratna)
    latest = ApiToken.history.filter(id=token.pk).latest()
    assert latest.history_user == world.ratna and latest.revoked_at is not None
    assert not hasattr(latest, "digest")

"""Signing an AppTest session in without the form: a real account and session in the test's account store, its token
put where the sign-in form puts it (``auth._TOKEN``). For tests of what a role may do on a page; the form itself is
tested in tests/test_auth_pages.py."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from governance.app import auth
from governance.core import accounts

TEST_PASSWORD = "test password 1"


def sign_in(at: AppTest, role: str = "planner", region: str = "320000") -> AppTest:
    """Sign ``at``'s session in as a ``role`` account scoped to ``region`` and rerun."""
    name = f"test-{role}-{region}"
    if accounts.get_user(name) is None:
        accounts.add_user(name, role, region, TEST_PASSWORD)
    token, _ = accounts.create_session(accounts.get_user(name))
    at.session_state[auth._TOKEN] = token
    return at.run()

"""Fixtures for the people tests."""

from __future__ import annotations

import pytest

from people.models import User


@pytest.fixture
def named_staff(world):
    """School A's staff with the names its MIS file gives them, so only real changes show."""
    for username, first, last in [
        ("teacher", "Rhys", "Morgan"),
        ("head", "Eleri", "Price"),
        ("assistant", "Cerys", "Hughes"),
    ]:
        User.objects.filter(username=username).update(first_name=first, last_name=last)
    return world

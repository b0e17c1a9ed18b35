"""A bounded load on a running Hawl for locust: signed-in pages and the API, all at once.

The plan comes from the environment (``HAWL_LOAD_PLAN``, JSON), so the same file drives the
suite's load test (``tests/core/test_serve.py``, which seeds a fresh database and makes the
plan) and a run by hand against any Hawl::

    {"password": "hawl-demo-2026", "rounds": 20,
     "pages": {"teacher": ["/cy/", "/cy/schools/"], ...},
     "api": {"national": {"token": "…", "urls": ["/api/v1/me", ...]}, ...}}

Each user in ``pages`` signs in through the sign-in form (a session, as a person would), each in
``api`` sends its Bearer token; each then requests its URLs ``rounds`` times, as fast as the
server answers, and stops. The run ends when the last user is done, so a run is a fixed number
of requests: every one must answer 200 (the sign-in a redirect away from the form), or it is
counted a failure. Several gunicorn workers share the load, so a session made by one worker is
read by the others: the point of keeping sessions in the database.
"""

from __future__ import annotations

import json
import os
from typing import Any

from locust import HttpUser, constant, task
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(os.environ.get("HAWL_LOAD_PLAN") or "{}")
SIGN_IN = "/en/accounts/login/"
_page_users = iter(PLAN.get("pages", {}))
_api_users = iter(PLAN.get("api", {}))
_finished: list[str] = []


class _PlannedUser(HttpUser):
    """Requests its URLs ``rounds`` times, then stops; the last user to finish ends the run."""

    abstract = True
    wait_time = constant(0)
    urls: list[str]
    username: str

    def _get(self, url: str) -> None:
        with self.client.get(url, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{self.username}: {response.status_code}, not 200")

    @task
    def follow_the_plan(self) -> None:
        for _ in range(PLAN["rounds"]):
            for url in self.urls:
                self._get(url)
        _finished.append(self.username)
        if len(_finished) < len(PLAN["pages"]) + len(PLAN["api"]):
            raise StopUser
        self.environment.runner.quit()


class PageUser(_PlannedUser):
    """A person in a browser: signs in with the form, then reads pages."""

    fixed_count = len(PLAN.get("pages", {}))

    def on_start(self) -> None:
        self.username = next(_page_users)
        self.urls = PLAN["pages"][self.username]
        self.client.get(SIGN_IN, name="sign-in form")
        with self.client.post(
            SIGN_IN,
            data={
                "login": self.username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            allow_redirects=False,
            name="sign in",
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or SIGN_IN in location:
                response.failure(f"{self.username} was not signed in")


class ApiUser(_PlannedUser):
    """A program with a Bearer token."""

    fixed_count = len(PLAN.get("api", {}))

    def on_start(self) -> None:
        self.username = next(_api_users)
        self.urls = PLAN["api"][self.username]["urls"]
        self.client.headers["Authorization"] = f"Bearer {PLAN['api'][self.username]['token']}"

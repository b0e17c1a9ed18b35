"""Headless Chromium against a live Hawl seeded with the demo data.

The demo is seeded once for the whole browser run rather than once per test: pytest-django's
``live_server`` makes every test transactional and flushes the database after it, so each test
would pay for reference data and the demo again (about 0.8 s on SQLite, before any page loads).
Instead ``server`` starts the same live server thread pytest-django uses, seeds once, and at the
end flushes and reloads the reference data, leaving the database as ``django_db_setup`` made it.
The browser tests carry no ``django_db`` mark, so pytest-django orders them after every test that
does, and no database test sees the demo. What tests write (sessions, failed forms, the supply
teacher's preferred language) no other test reads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from core.reference import load_all
from core.seeding import seed
from people.seed import DEMO_ACCOUNTS, DEMO_PASSWORD

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
LANGUAGES = ["en", "cy"]
SWITCH_LABEL = {"en": "English", "cy": "Cymraeg"}
DEMO_NAMES = {username: f"{first} {last}" for username, first, last, *_rest in DEMO_ACCOUNTS}
PREFERRED = {account[0]: account[-1] for account in DEMO_ACCOUNTS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class Demo:
    """What the tests need to know about the seeded demo."""

    home_school: str  # the head's Cardiff secondary school number
    other_school: str  # a school outside Cardiff
    school_count: int
    cardiff_count: int


@dataclass(frozen=True)
class Server:
    url: str
    demo: Demo


@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker) -> Iterator[Server]:
    from pytest_django.live_server_helper import LiveServer

    from organisations.models import Organisation, OrganisationKind
    from people.models import Employment

    with django_db_blocker.unblock():
        load_all()
        seed(scale="demo", seed_value=1)
        schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL)
        cardiff = schools.filter(code__startswith="681")
        demo = Demo(
            home_school=Employment.objects.get(person__user__username="head").school.code,
            other_school=schools.exclude(pk__in=cardiff).order_by("code").first().code,
            school_count=schools.count(),
            cardiff_count=cardiff.count(),
        )
    live = LiveServer("localhost")
    try:
        yield Server(url=live.url, demo=demo)
    finally:
        live.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            load_all()


@pytest.fixture(autouse=True)
def _database_open_to_the_server(django_db_blocker) -> Iterator[None]:
    """The live server thread reads the database while a test runs; sign-in limits start afresh."""
    with django_db_blocker.unblock():
        cache.clear()
        yield


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def signed_in_states() -> dict[str, dict]:
    """Each role signs in through the form once; later tests start from its cookies."""
    return {}


@pytest.fixture
def open_page(
    browser: Browser, server: Server, signed_in_states: dict[str, dict]
) -> Iterator[Callable[..., Page]]:
    """``open_page(role=None, javascript=True)``: a fresh British-English browser context.

    Every page it opens is watched for Content-Security-Policy violations (Chromium reports each
    on the console); the test fails if any page broke the policy.
    """
    contexts: list[BrowserContext] = []
    violations: list[str] = []

    def opener(role: str | None = None, *, javascript: bool = True) -> Page:
        if role is not None and role not in signed_in_states:
            signing = opener()
            sign_in(signing, server, role)
            signed_in_states[role] = signing.context.storage_state()
        context = browser.new_context(
            locale="en-GB",
            java_script_enabled=javascript,
            storage_state=signed_in_states[role] if role else None,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        opened = context.new_page()
        opened.on(
            "console",
            lambda message: (
                violations.append(f"{opened.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return opened

    yield opener
    for context in contexts:
        context.close()
    assert not violations, "\n".join(violations)


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    return open_page()


def sign_in(page: Page, server: Server, username: str, *, language: str = "en") -> None:
    """Sign in through the real form, as a person would; they land on their home page in the
    language they prefer, whichever language the form was in."""
    page.goto(f"{server.url}/{language}/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{server.url}/{PREFERRED[username]}/")


def axe_check(page: Page) -> None:
    """Fail on every serious or critical axe violation, listing rule, help and the nodes."""
    # Evaluated rather than added as a <script>: Hawl's Content-Security-Policy refuses inline
    # scripts, and the check must see the page as served, policy included.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],  // passes and the rest stay summary-only: 3x faster
        })""",
        AXE_TAGS,
    )
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in {"serious", "critical"}:
            continue
        problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        problems += [
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
        ]
    assert not problems, f"axe on {page.url}:\n" + "\n".join(problems)


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang")


def focused(page: Page, script: str) -> object:
    """Evaluate ``script`` (an arrow function) on the element that has focus."""
    return page.evaluate(f"({script})(document.activeElement)")


def tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, f"el => el.matches({selector!r})"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector} on {page.url}")


FOCUS_VISIBLE = """el => {
    // GOV.UK radios and checkboxes draw focus on the label's ::before, the input is transparent.
    const drawn = el.matches('.govuk-radios__input, .govuk-checkboxes__input')
        ? getComputedStyle(el.nextElementSibling, '::before') : getComputedStyle(el);
    const outline = drawn.outlineStyle !== 'none' && parseFloat(drawn.outlineWidth) > 0
        && drawn.outlineColor !== 'rgba(0, 0, 0, 0)';
    return outline || drawn.boxShadow !== 'none' || drawn.backgroundColor === 'rgb(255, 221, 0)';
}"""

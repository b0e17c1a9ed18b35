"""Signing in: throttled so an attacker is slowed but nobody is locked out by someone else;
home in the person's language; passwords reset by email without saying who has an account."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

TOO_MANY = "Too many failed attempts to sign in"


def _sign_in(login: str, password: str, address: str = "10.0.0.1", **headers: str) -> str:
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post("/en/accounts/login/", {"login": login, "password": password})
    return "signed in" if response.status_code == 302 else response.content.decode()


def test_five_failures_from_one_address_slow_that_address_for_that_account(world, password):
    for _ in range(5):
        assert "not right" in _sign_in("teacher", "wrong")
    assert TOO_MANY in _sign_in("teacher", password)  # even the right password waits
    assert _sign_in("teacher", password, address="10.0.0.2") == "signed in"  # the person
    assert _sign_in("head", password) == "signed in"  # another account from that address


def test_a_username_and_its_email_address_count_as_one_account(world, password):
    for attempt in range(5):
        login = "teacher" if attempt % 2 else "TEACHER@example.test"
        assert TOO_MANY not in _sign_in(login, "wrong")
    assert TOO_MANY in _sign_in("teacher@example.test", password)
    assert TOO_MANY in _sign_in("teacher", password)


def test_unknown_names_are_throttled_alike_so_the_answer_reveals_nothing(world):
    answers = [_sign_in("nobody-at-all", "wrong") for _ in range(6)]
    assert all(TOO_MANY not in answer for answer in answers[:5])
    assert TOO_MANY in answers[5]


def test_many_accounts_from_one_address_are_slowed_too(world, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "8/m/ip,5/5m/key"}
    for number in range(8):
        _sign_in(f"guess{number}", "wrong")
    assert TOO_MANY in _sign_in("teacher", "wrong")


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(world, password, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.9.9.9"
    for _ in range(5):
        _sign_in("teacher", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert TOO_MANY in _sign_in(
        "teacher", password, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    # Another client behind the same proxy is not held up.
    assert (
        _sign_in("teacher", password, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.4")
        == "signed in"
    )


def test_signing_in_rotates_the_session(world, password):
    client = Client()
    client.get("/en/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/en/accounts/login/", {"login": "teacher", "password": password})
    assert client.session.session_key != before


def test_a_person_lands_on_their_home_page_in_their_preferred_language(world, password):
    teacher = world.users["teacher"]
    teacher.preferred_language = "cy"
    teacher.save()
    response = Client().post("/en/accounts/login/", {"login": "teacher", "password": password})
    assert response["Location"] == "/cy/"


# Forgotten passwords.


def test_the_login_page_offers_a_password_reset(client, db):
    html = client.get("/cy/accounts/login/").content.decode()
    assert 'href="/cy/accounts/password/reset/"' in html


def test_a_reset_link_is_emailed_in_the_persons_language(world):
    teacher = world.users["teacher"]
    teacher.preferred_language = "cy"
    teacher.save()
    response = Client().post("/en/accounts/password/reset/", {"email": teacher.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [teacher.email]
    assert "Hawl" in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)
    assert "/cy/accounts/password/reset/key/" in link
    assert "cyfrinair" in message.body.lower()


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(world):
    known = Client().post("/en/accounts/password/reset/", {"email": "teacher@example.test"})
    unknown = Client().post(
        "/en/accounts/password/reset/", {"email": "no-such-person@example.test"}
    )
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["teacher@example.test"]]


def test_the_reset_link_sets_a_new_password_once(world):
    Client().post("/en/accounts/password/reset/", {"email": "teacher@example.test"})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    client = Client()
    form = client.get(path, follow=True)
    action = form.request["PATH_INFO"]
    response = client.post(
        action, {"password1": "a-new-long-password-9", "password2": "a-new-long-password-9"}
    )
    assert response.status_code == 302
    assert _sign_in("teacher", "a-new-long-password-9") == "signed in"
    again = Client().get(path, follow=True).content.decode()
    assert "expired" in again


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("", "", "Enter a new password"),
        ("a-new-long-password-9", "different-password-9", "not the same"),
        ("12345678901", "12345678901", "must not be all numbers"),
    ],
)
def test_a_bad_new_password_is_explained_at_its_field(world, first, second, message):
    Client().post("/en/accounts/password/reset/", {"email": "teacher@example.test"})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    client = Client()
    form = client.get("/" + link.split("/", 3)[3], follow=True)
    response = client.post(form.request["PATH_INFO"], {"password1": first, "password2": second})
    assert response.status_code == 200
    assert message in response.content.decode()

"""django-allauth, fitted to Hawl: no self sign-up, Welsh and English messages, home by language.

Accounts come from schools' MIS exports (and, in a real deployment, Hwb through OpenID Connect),
so signing up here is closed. Allauth ships no Welsh catalogue; the messages a sign-in can show
are declared here so they are in Hawl's own catalogue.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is not active. Ask your school to check it."),
        "email_password_mismatch": _(
            "The email address or password is not right. Check them and try again."
        ),
        "username_password_mismatch": _(
            "The username or password is not right. Check them and try again."
        ),
        "invalid_login": _("The sign-in details are not right. Check them and try again."),
        "too_many_login_attempts": _(
            "Too many failed attempts to sign in. Wait a few minutes and try again."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("remember", None)
        login = self.fields["login"]
        login.label = _("Email address or username")
        login.widget.attrs = {"autocomplete": "username", "spellcheck": "false"}
        login.error_messages["required"] = _("Enter your email address or username")
        password = self.fields["password"]
        password.label = _("Password")
        password.help_text = ""
        password.widget.attrs = {"autocomplete": "current-password"}
        password.error_messages["required"] = _("Enter your password")

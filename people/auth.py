"""django-allauth, fitted to Hawl: no self sign-up, Welsh and English, throttled fairly.

Accounts come from schools' MIS exports (and, in a real deployment, Hwb through OpenID Connect),
so signing up here is closed. Allauth ships no Welsh catalogue; the messages and labels a person
can meet are declared here so they are in Hawl's own catalogue.

Throttling slows an attacker without letting one lock a person out: failed sign-ins are counted
per account *and* address (a username and the account's email count as one account, and an
unknown name is counted as itself, so the answer never says which exist), and per address across
accounts, in the cache every app server shares. The address is read behind
``TRUSTED_PROXY_COUNT`` proxies. After sign-in a person lands on their home page in their
preferred language, and emails to them (password reset) are in that language too.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.core.internal.httpkit import get_client_ip
from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from people.models import Language, User


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
        "password_mismatch": _("The two passwords are not the same. Enter them again."),
        "invalid_password_reset": _(
            "This link to reset your password has expired or has been used. Ask for a new one."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed sign-ins count per account and address: one account however it is named."""
        login = str(credentials.get("email") or credentials.get("username") or "").strip()
        user_id = (
            User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .values_list("pk", flat=True)
            .first()
            if login
            else None
        )
        account = f"user:{user_id}" if user_id is not None else f"name:{login.casefold()}"
        return f"{account}|{get_client_ip(request) or 'unknown'}"

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Home, in the language the person prefers."""
        with translation.override(_preferred(request.user)):
            return reverse("people:home")

    def add_message(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        """Messages in the language of the page the person lands on: theirs once signed in."""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with translation.override(_preferred(user)):
                super().add_message(request, *args, **kwargs)
        else:
            super().add_message(request, *args, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """An email is in its reader's preferred language, links to pages in it included."""
        user = context.get("user")
        language = _preferred(user) if user is not None else translation.get_language()
        if "password_reset_url" in context:
            context = {
                **context,
                "password_reset_url": translate_url(context["password_reset_url"], language),
            }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


def _preferred(user: Any) -> str:
    language = getattr(user, "preferred_language", "") or ""
    return language if language in Language.values else translation.get_language() or "en"


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


class ResetPasswordForm(AllauthResetPasswordForm):
    """Ask for a reset link; the answer is the same whether an account exists or not."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = _("Email address")
        email.help_text = _("The email address your school gave Hawl for you.")
        email.widget.attrs = {"autocomplete": "email", "spellcheck": "false"}
        email.error_messages["required"] = _("Enter your email address")
        email.error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.com"
        )


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["password1"], self.fields["password2"]
        first.label = _("New password")
        first.help_text = " ".join(password_validators_help_texts())
        first.widget.attrs = {"autocomplete": "new-password"}
        first.error_messages["required"] = _("Enter a new password")
        second.label = _("Enter the new password again")
        second.help_text = ""
        second.widget.attrs = {"autocomplete": "new-password"}
        second.error_messages["required"] = _("Enter the new password again")

    def clean(self) -> dict[str, Any]:
        # Not allauth's mismatch check: its message is not in Hawl's catalogue.
        data = forms.Form.clean(self)
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same. Enter them again."))
        return data

"""Django's password rules with messages in Hawl's catalogue: Django's Welsh lacks them.

Each validator keeps Django's rule and says it in words a person can act on, in either language.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext, ngettext


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "The password must be at least %d character long",
            "The password must be at least %d characters long",
            self.min_length,
        )

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return gettext("The password is too like your name, username or email address")

    def get_help_text(self) -> str:
        return gettext("Not like your name, username or email address.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return gettext("The password is too common. Choose one that is harder to guess")

    def get_help_text(self) -> str:
        return gettext("Not a common password.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return gettext("The password must not be all numbers")

    def get_help_text(self) -> str:
        return gettext("Not all numbers.")

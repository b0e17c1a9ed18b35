"""Mail servers that misbehave, for the outbox's tests (``EMAIL_BACKEND`` names one)."""

from __future__ import annotations

import smtplib

from django.core.mail.backends import locmem


class FailsOnce(locmem.EmailBackend):
    """Drops the connection on the first send of the test, then delivers to ``mail.outbox``."""

    failures_left = 1

    def send_messages(self, email_messages):
        if FailsOnce.failures_left:
            FailsOnce.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)


class AlwaysFails(locmem.EmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@example.test": (550, b"No such user")})

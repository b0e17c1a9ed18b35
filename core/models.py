"""What the site itself keeps: feedback people send from the phase banner."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """A person's feedback on Hawl, with the page they came from. Platform administrators read
    it in the admin; signed-in senders are linked so a reply can reach them."""

    message = models.TextField(_("message"), max_length=2000)
    page = models.CharField(_("page"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=2)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.page}"

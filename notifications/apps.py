from django.utils.translation import gettext_lazy as _

from core.registry import HawlApp


class NotificationsConfig(HawlApp):
    default = True
    name = "notifications"
    verbose_name = _("Notifications")
    # Other apps build their emails' invitations and their calendar sources with these.
    public_modules = (*HawlApp.public_modules, "calendar", "signals")

from django.utils.translation import gettext_lazy as _

from core.registry import HawlApp


class PeopleConfig(HawlApp):
    default = True
    name = "people"
    verbose_name = _("People")

from django.utils.translation import gettext_lazy as _

from core.registry import HawlApp


class StandardsConfig(HawlApp):
    default = True
    name = "standards"
    verbose_name = _("Standards and reference data")

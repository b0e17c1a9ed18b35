from django.utils.translation import gettext_lazy as _

from core.registry import HawlApp


class OrganisationsConfig(HawlApp):
    default = True
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from organisations import signals  # noqa: F401 - connects the closure's upkeep

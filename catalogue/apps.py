from django.utils.translation import gettext_lazy as _

from core.registry import HawlApp


class CatalogueConfig(HawlApp):
    default = True
    name = "catalogue"
    verbose_name = _("Catalogue and booking")

    def ready(self) -> None:
        from catalogue import signals  # noqa: F401 - keeps the facet rows in step

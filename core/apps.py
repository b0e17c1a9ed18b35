from django.utils.translation import gettext_lazy as _

from core.registry import HawlApp, app_modules


class CoreConfig(HawlApp):
    default = True
    name = "core"
    verbose_name = _("Hawl")

    def ready(self) -> None:
        # Every app's actions and scopes are in the policy before any view is decorated.
        app_modules("access")
        from core import checks  # noqa: F401 - registers Hawl's deploy checks

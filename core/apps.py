from django.db.models.signals import post_migrate
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
        from core.search import restore_after_migrate

        # Once a migrate, after every app's migrations: SQLite drops a table's triggers when
        # Django rebuilds the table to alter it, and the full-text indexes need theirs back.
        post_migrate.connect(restore_after_migrate, sender=self, dispatch_uid="core.search")

from __future__ import annotations

from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo in pure Python (no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        for directory in settings.LOCALE_PATHS:
            for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")

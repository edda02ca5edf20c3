from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand

import waishi


class Command(BaseCommand):
    help = (
        "Compile every .po file of Waishi to .mo with Babel (no GNU gettext needed on the "
        "machine). Only the .po files are committed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(waishi.__file__).parent
        count = 0
        for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            count += 1
        self.stdout.write(f"compiled {count} translation file(s)")

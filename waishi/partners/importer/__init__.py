"""Load the office's partner page (its Global Partners table) into the registry: `parser`
reads the text into entries and a report, `loader` writes the entries."""

from waishi.partners.importer.loader import (
    partner_page_import,
    partner_page_import_file,
    partner_page_load,
    partner_page_load_starting,
)
from waishi.partners.importer.parser import SEED_PAGE, ImportReport, partner_page_parse

__all__ = [
    "SEED_PAGE",
    "ImportReport",
    "partner_page_import",
    "partner_page_import_file",
    "partner_page_load",
    "partner_page_load_starting",
    "partner_page_parse",
]

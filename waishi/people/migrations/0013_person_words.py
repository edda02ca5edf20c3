"""On SQLite, the people search reads the words of the searched columns (FTS5 trigrams, kept
by triggers: `waishi/core/text_search.py`) instead of every row. Nothing on PostgreSQL, whose
trigram indexes came with 0010."""

from django.db import migrations

from waishi.core.text_search import install

COLUMNS = ("family_name", "given_name", "name_zh", "passport_name", "email")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0012_document_holder_names"),
    ]

    operations = install("people_person", COLUMNS)

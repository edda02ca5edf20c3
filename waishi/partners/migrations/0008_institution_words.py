"""On SQLite, the partners' search reads the words of their search text (FTS5 trigrams, kept
by triggers: `waishi/core/text_search.py`) instead of every row. Nothing on PostgreSQL, whose
trigram index came with 0006."""

from django.db import migrations

from waishi.core.text_search import install


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0007_institution_sort_keys"),
    ]

    operations = install("partners_institution", ("search_text",))

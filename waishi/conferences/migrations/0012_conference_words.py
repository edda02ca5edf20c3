"""On SQLite, the conferences' search reads the words of their search text (FTS5 trigrams,
kept by triggers: `waishi/core/text_search.py`) instead of every row. Nothing on PostgreSQL,
whose trigram index came with 0008."""

from django.db import migrations

from waishi.core.text_search import install


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0011_row_counts"),
    ]

    operations = install("conferences_conference", ("search_text",))

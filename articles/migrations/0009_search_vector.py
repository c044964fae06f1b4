import django.contrib.postgres.search
from django.db import migrations

# PostgreSQL only (SQLite has no GIN, and its search reads the text fields): the index behind
# `search_vector @@ query`, and the text part of every existing update's vector. Quotes, actors
# and topics join it on the update's next save, or at once with `manage.py rebuild_search_index`.
CREATE = "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)"
FILL = """
UPDATE articles_article SET search_vector =
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(standfirst, '') || ' ' || coalesce(research_question, '')), 'B')
    || setweight(to_tsvector('english', coalesce(body, '')), 'C')
"""


def index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(FILL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_images"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="What search matches, computed on write (articles.public.search_index).",
                null=True,
            ),
        ),
        migrations.RunPython(index_and_fill, drop_index),
    ]

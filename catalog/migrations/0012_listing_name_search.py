# The public search's indexes on the listing's name and producer words (catalog.search): a search whose words are
# rare in names finds the rows of its first ranks from these instead of walking the whole list.

from django.db import migrations

SQLITE_FTS = [
    # External content: the words are the listing row's own columns; triggers keep the index in step. (Django
    # rebuilds a SQLite table it alters, dropping its triggers: a later migration altering catalog_listing must
    # create them again.)
    "CREATE VIRTUAL TABLE catalog_listing_fts USING fts5(name_words, producer_words, content='catalog_listing', "
    "content_rowid='product_id', tokenize='unicode61', prefix='1 2 3')",
    "CREATE TRIGGER catalog_listing_fts_insert AFTER INSERT ON catalog_listing BEGIN "
    "INSERT INTO catalog_listing_fts(rowid, name_words, producer_words) "
    "VALUES (new.product_id, new.name_words, new.producer_words); END",
    "CREATE TRIGGER catalog_listing_fts_delete AFTER DELETE ON catalog_listing BEGIN "
    "INSERT INTO catalog_listing_fts(catalog_listing_fts, rowid, name_words, producer_words) "
    "VALUES ('delete', old.product_id, old.name_words, old.producer_words); END",
    "CREATE TRIGGER catalog_listing_fts_update AFTER UPDATE OF name_words, producer_words ON catalog_listing BEGIN "
    "INSERT INTO catalog_listing_fts(catalog_listing_fts, rowid, name_words, producer_words) "
    "VALUES ('delete', old.product_id, old.name_words, old.producer_words); "
    "INSERT INTO catalog_listing_fts(rowid, name_words, producer_words) "
    "VALUES (new.product_id, new.name_words, new.producer_words); END",
    # Every row already listed is indexed.
    "INSERT INTO catalog_listing_fts(catalog_listing_fts) VALUES ('rebuild')",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS catalog_listing_fts_update",
    "DROP TRIGGER IF EXISTS catalog_listing_fts_delete",
    "DROP TRIGGER IF EXISTS catalog_listing_fts_insert",
    "DROP TABLE IF EXISTS catalog_listing_fts",
]
# Expression indexes: the short name and producer columns are on the row already, and a row found is rechecked by
# its own LIKE conditions (catalog.search), so nothing is stored beside them.
POSTGRES_FTS = [
    "CREATE INDEX listing_name_vector ON catalog_listing USING gin (to_tsvector('simple', name_words))",
    "CREATE INDEX listing_producer_vector ON catalog_listing USING gin (to_tsvector('simple', producer_words))",
]
POSTGRES_FTS_DROP = ["DROP INDEX IF EXISTS listing_producer_vector", "DROP INDEX IF EXISTS listing_name_vector"]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0011_job_files_pruned_at'),
    ]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}),
                             _run({"sqlite": SQLITE_FTS_DROP, "postgresql": POSTGRES_FTS_DROP})),
    ]

"""Full-text search: a GIN expression index on PostgreSQL, an FTS5 table on SQLite.

On SQLite the FTS5 table is an external-content index of tickets_ticket kept
current by triggers. (A later migration that makes Django rebuild the
tickets_ticket table on SQLite drops these triggers: re-create them after it;
tests/test_console_search.py fails if search stops finding new tickets.)
"""

from django.db import migrations

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS tickets_ticket_search_idx ON tickets_ticket "
    "USING gin (to_tsvector('portuguese'::regconfig, COALESCE(search_text, '')))"
)
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS tickets_ticket_fts USING fts5("
    "search_text, content='tickets_ticket', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS tickets_ticket_fts_ai AFTER INSERT ON tickets_ticket BEGIN "
    "INSERT INTO tickets_ticket_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS tickets_ticket_fts_ad AFTER DELETE ON tickets_ticket BEGIN "
    "INSERT INTO tickets_ticket_fts(tickets_ticket_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS tickets_ticket_fts_au AFTER UPDATE OF search_text ON tickets_ticket BEGIN "
    "INSERT INTO tickets_ticket_fts(tickets_ticket_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO tickets_ticket_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO tickets_ticket_fts(tickets_ticket_fts) VALUES ('rebuild')",
]


def backfill(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    for ticket in Ticket.objects.filter(search_text="").iterator():
        bodies = ticket.comments.order_by("id").values_list("body", flat=True)
        ticket.search_text = "\n".join([ticket.title, ticket.description, *bodies])
        ticket.save(update_fields=["search_text"])


def create(apps, schema_editor):
    backfill(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    statements = [PG_INDEX] if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS tickets_ticket_search_idx")
    elif vendor == "sqlite":
        for name in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS tickets_ticket_fts_{name}")
        schema_editor.execute("DROP TABLE IF EXISTS tickets_ticket_fts")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_ticket_merged_into_ticket_search_text_ticketlink")]
    operations = [migrations.RunPython(create, drop)]

"""Request counts need no crash safety (a lost minute of counts only lets a few more
requests through), so on PostgreSQL their table skips the write-ahead log: each API
request's count no longer writes WAL of its own (its commit used to wait for a flush)."""

from django.db import migrations


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE api_requestcount SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE api_requestcount SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("api", "0002_request_counts")]

    operations = [migrations.RunPython(unlogged, logged)]

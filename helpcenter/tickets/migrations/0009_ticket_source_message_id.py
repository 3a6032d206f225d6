"""The Message-ID of the e-mail that opened a ticket (our mail threads with it).

Adding a column makes Django rebuild tickets_ticket on SQLite, which drops the
full-text triggers of 0004_search: they are re-created (and the index rebuilt).
"""

import importlib

from django.db import migrations, models

search = importlib.import_module("helpcenter.tickets.migrations.0004_search")


def restore_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in search.SQLITE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0008_org_newest_index")]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="source_message_id",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
    ]
